#!/usr/bin/env bash
# Backs up a self-hosted Tsunagu's data directory while it runs (docs/deploy.md, "Backup and
# restore"). Each prefecture's Durable Object is one SQLite database (DATA_DIR/sync/<id>.sqlite,
# with -wal and -shm files beside it while open); each is copied with SQLite's online backup
# API, which reads a consistent state even while workerd writes. Copying the files with cp
# while the service runs can catch a database half-written.
#
#   bash scripts/backup-selfhosted.sh DATA_DIR BACKUP_DIR
#
# BACKUP_DIR must not exist yet; it is written whole, then renamed into place. To restore: stop
# the service, put BACKUP_DIR in place of DATA_DIR, start the service. Devices that synced after
# the backup are told so on their next sync (`store_replaced`) and send their writes again.
# Needs python3 (its sqlite3 module), present on Debian and RHEL servers.
set -euo pipefail
data=${1:?usage: $0 DATA_DIR BACKUP_DIR}
backup=${2:?usage: $0 DATA_DIR BACKUP_DIR}
if [[ ! -d "$data/sync" ]]; then
  echo "backup: $data/sync does not exist: is $data a Tsunagu data directory?" >&2
  exit 1
fi
if [[ -e "$backup" ]]; then
  echo "backup: $backup already exists; choose a new directory" >&2
  exit 1
fi
partial="$backup.partial"
rm -rf "$partial"
mkdir -p "$partial/sync"
python3 - "$data/sync" "$partial/sync" <<'PY'
import pathlib, sqlite3, sys

source, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
count = 0
for database in sorted(source.glob("*.sqlite")):
    # Read only: the backup never changes the live database.
    live = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target / database.name)
    with copy:
        live.backup(copy)
    (check,) = copy.execute("PRAGMA integrity_check").fetchone()
    copy.close()
    live.close()
    if check != "ok":
        sys.exit(f"backup: {database.name}: the copy fails its integrity check: {check}")
    count += 1
print(f"backup: {count} prefecture database(s) copied")
PY
mv "$partial" "$backup"
echo "backup: $backup"
