//! Concurrent edits, conflicts, restores and clock clamping against the real worker, with the
//! core's `ClientReplica` on the client side (prefecture 04, Miyagi, own records only; the clock
//! test in 15, Niigata, so that its stamps from the future stay out of other tests' clocks).
//! Run with `bash scripts/test.sh`.

mod support;

use serde_json::{json, Value};
use std::thread::sleep;
use std::time::Duration;
use support::{mutation, now_ms, pull_request, push_request, unique, worker, Device, Worker};
use tsunagu_core::client::FieldKey;
use tsunagu_core::domain::RecordKind;
use tsunagu_core::merge::{FieldState, Hlc};
use tsunagu_core::protocol::{HistoryEntry, MAX_CLOCK_SKEW_MS};

const SENDAI: &str = "041009";
const NIIGATA_CITY: &str = "151009";

fn history(w: &Worker, token: &str, kind: RecordKind, id: &str) -> Vec<HistoryEntry> {
    let body: Value = w.history(token, kind, id).expect(200, "history");
    serde_json::from_value(body["entries"].clone()).expect("history entries")
}

fn state<'d>(device: &'d Device, key: &FieldKey) -> &'d FieldState {
    device
        .replica
        .field_state(key)
        .unwrap_or_else(|| panic!("device {} has no synced {key:?}", device.id()))
}

/// Waits (at most a second) until the local clock is past `ms`, so a new stamp is later.
fn wait_past(ms: u64) {
    for _ in 0..100 {
        if now_ms() > ms {
            return;
        }
        sleep(Duration::from_millis(10));
    }
    panic!("the clock did not pass {ms}");
}

#[test]
fn concurrent_writes_conflict_and_a_restore_resolves_them() {
    let w = worker();
    let label_a = format!("仙台市 担当A {}", unique("lbl"));
    let label_b = format!("仙台市 担当B {}", unique("lbl"));
    let mut a = Device::new(&w.issue(SENDAI, "editor", &label_a));
    let mut b = Device::new(&w.issue(SENDAI, "editor", &label_b));
    let mut observer = Device::new(&w.issue(SENDAI, "viewer", "仙台市 副市長"));
    let record = unique("m");
    let key = FieldKey::new(RecordKind::Measure, record.clone(), "title");

    a.write(&key, json!("原案"));
    a.sync(w);
    b.sync(w);
    assert_eq!(b.replica.value(&key), Some(&json!("原案")));
    let original = state(&b, &key).winner.hlc.clone();

    // Both edit the same version; B a little later.
    let from_a = a.write(&key, json!("Aの案"));
    let from_b = b.write_at(&key, json!("Bの案"), now_ms().max(from_a.hlc.wall_ms + 1));
    assert_eq!(from_a.base, Some(original.clone()), "A edited the original");
    assert_eq!(from_b.base, Some(original.clone()), "B edited the original");
    assert!(from_b.hlc > from_a.hlc);

    // B's later write reaches the server first; A's earlier one arrives after it and loses.
    b.sync(w);
    a.sync(w);
    b.sync(w);
    observer.sync(w);
    for device in [&a, &b, &observer] {
        let merged = state(device, &key);
        assert_eq!(
            merged.value(),
            &json!("Bの案"),
            "device {}: the later write wins",
            device.id()
        );
        let conflicts: Vec<(&Value, &Hlc, &str)> = merged
            .conflicts()
            .iter()
            .map(|v| (&v.value, &v.hlc, &*v.author))
            .collect();
        assert_eq!(
            conflicts,
            vec![(&json!("Aの案"), &from_a.hlc, label_a.as_str())],
            "device {}: A's value is kept as a conflict",
            device.id()
        );
    }
    assert_eq!(
        state(&a, &key),
        state(&b, &key),
        "both replicas hold the same state"
    );
    assert_eq!(state(&a, &key), state(&observer, &key));

    // A restores its value, having seen B's.
    let restore = a.write(&key, json!("Aの案"));
    assert_eq!(
        restore.base,
        Some(from_b.hlc.clone()),
        "the restore is based on the winner"
    );
    a.sync(w);
    b.sync(w);
    observer.sync(w);
    for device in [&a, &b, &observer] {
        let merged = state(device, &key);
        assert_eq!(
            merged.value(),
            &json!("Aの案"),
            "device {}: restored",
            device.id()
        );
        assert!(
            merged.conflicts().is_empty(),
            "device {}: no conflict left: {:?}",
            device.id(),
            merged.conflicts()
        );
    }
    assert_eq!(state(&a, &key), state(&b, &key));

    // The history keeps every write, with the value it met and whether it won.
    let entries = history(w, &b.token, RecordKind::Measure, &record);
    let summary: Vec<(Option<&Value>, &Value, bool, &str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e.old_value.as_ref(),
                &e.new_value,
                e.won,
                e.author.as_str(),
                e.client_id.as_str(),
            )
        })
        .collect();
    let (ida, idb) = (a.id(), b.id());
    assert_eq!(
        summary,
        vec![
            (None, &json!("原案"), true, label_a.as_str(), ida.as_str()),
            (
                Some(&json!("原案")),
                &json!("Bの案"),
                true,
                label_b.as_str(),
                idb.as_str()
            ),
            (
                Some(&json!("Bの案")),
                &json!("Aの案"),
                false,
                label_a.as_str(),
                ida.as_str()
            ),
            (
                Some(&json!("Bの案")),
                &json!("Aの案"),
                true,
                label_a.as_str(),
                ida.as_str()
            ),
        ]
    );
    assert!(entries
        .iter()
        .all(|e| e.field == "title" && e.org.as_str() == SENDAI));
    assert!(
        entries.windows(2).all(|p| p[0].seq < p[1].seq),
        "oldest first"
    );
    assert_eq!(entries[2].hlc, from_a.hlc);
    assert_eq!(entries[3].hlc, restore.hlc);
}

#[test]
fn a_write_made_after_seeing_another_is_not_a_conflict() {
    let w = worker();
    let mut a = Device::new(&w.issue(SENDAI, "editor", "仙台市 担当A"));
    let mut b = Device::new(&w.issue(SENDAI, "editor", "仙台市 担当B"));
    let key = FieldKey::new(RecordKind::Measure, unique("m"), "percent");
    a.write(&key, json!(10));
    a.sync(w);
    b.sync(w);
    b.write(&key, json!(20));
    b.sync(w);
    a.sync(w);
    a.write(&key, json!(30));
    a.sync(w);
    b.sync(w);
    for device in [&a, &b] {
        let merged = state(device, &key);
        assert_eq!(merged.value(), &json!(30));
        assert!(merged.conflicts().is_empty(), "{:?}", merged.conflicts());
    }
}

#[test]
fn a_clock_far_ahead_is_pulled_back_to_server_time() {
    let w = worker();
    let future = w.issue(NIIGATA_CITY, "editor", "新潟市 時計が2099年の端末");
    let ordinary = w.issue(NIIGATA_CITY, "editor", "新潟市 普通の端末");
    let reader = unique("cli");
    let start = w.pull_all(&future.token, &reader, 0).cursor;
    let client = unique("cli");
    let record = unique("m");
    const YEAR_2099: u64 = 4_070_908_800_000;
    let now = now_ms();
    let stamp = |seq: u64, field: &str, value: Value, wall: u64| {
        let mut m = mutation(
            &client,
            seq,
            RecordKind::Measure,
            &record,
            NIIGATA_CITY,
            field,
            value,
        );
        m.hlc = Hlc::new(wall, 3, client.clone());
        m
    };
    let title = stamp(1, "title", json!("未来の値"), YEAR_2099);
    let mut notes = stamp(2, "notes", json!("基準も未来"), YEAR_2099);
    notes.base = Some(Hlc::new(YEAR_2099, 0, "another-device"));
    let near = now + MAX_CLOCK_SKEW_MS - 60_000; // 4 minutes ahead: within the allowed skew
    let within = stamp(3, "department", json!("総務課"), near);
    let beyond = stamp(
        4,
        "status",
        json!("作業中"),
        now + MAX_CLOCK_SKEW_MS + 60_000,
    );
    let mut push = push_request(&client, vec![title, notes, within.clone(), beyond]);
    push.cursor = start;
    let response = w.sync(&future.token, &push);
    assert_eq!(response.acked_through, 4);
    let server_time = response.server_time_ms;
    assert!(
        server_time.abs_diff(now) < 60_000,
        "server and test clocks agree: {server_time} vs {now}"
    );

    let pulled = w.pull_all(&future.token, &reader, start);
    let mine = pulled.by_client(&client);
    assert_eq!(mine.len(), 4);
    for change in &mine {
        let hlc = &change.version.hlc;
        assert_eq!(
            (hlc.counter, &*hlc.replica),
            (3, client.as_str()),
            "only the wall time changes"
        );
        if change.field == "department" {
            assert_eq!(hlc, &within.hlc, "a clock 4 minutes ahead is kept");
            continue;
        }
        assert!(
            hlc.wall_ms <= server_time && hlc.wall_ms + 60_000 >= server_time,
            "{}: stored at {} instead of about the server's {server_time}",
            change.field,
            hlc.wall_ms
        );
    }
    let notes = mine.iter().find(|c| c.field == "notes").expect("notes");
    let base = notes.version.base.as_ref().expect("base kept");
    assert!(
        base.wall_ms <= server_time,
        "the base is pulled back too: {base:?}"
    );
    assert_eq!(&*base.replica, "another-device");
    let entries = history(w, &future.token, RecordKind::Measure, &record);
    assert!(
        entries
            .iter()
            .all(|e| e.hlc.wall_ms <= now + MAX_CLOCK_SKEW_MS),
        "history keeps the stored stamp"
    );

    // A later ordinary write by another client, made without seeing the 2099 one, wins.
    wait_past(server_time + 1);
    let other = unique("cli");
    let later = mutation(
        &other,
        1,
        RecordKind::Measure,
        &record,
        NIIGATA_CITY,
        "title",
        json!("今の値"),
    );
    assert!(later.hlc.wall_ms < YEAR_2099 && later.base.is_none());
    w.sync(&ordinary.token, &push_request(&other, vec![later]));
    let mut device = Device::new(&ordinary);
    device.sync(w);
    let key = FieldKey::new(RecordKind::Measure, record.clone(), "title");
    assert_eq!(state(&device, &key).value(), &json!("今の値"));
    let entries = history(w, &ordinary.token, RecordKind::Measure, &record);
    let last = entries.last().expect("entries");
    assert_eq!(
        (last.field.as_str(), &last.new_value, last.won),
        ("title", &json!("今の値"), true)
    );
    assert_eq!(last.old_value, Some(json!("未来の値")));
    // The far-ahead writer itself sees the same.
    let check = w.sync(
        &future.token,
        &pull_request(&unique("cli"), pulled.cursor, None),
    );
    assert!(check
        .changes
        .iter()
        .any(|c| c.record_id == record && c.version.value == json!("今の値")));
}

/// Issue 27: X, offline, edits; Y edits twice online, the second time having seen its first.
/// X's edit lost and nobody saw it, so every device is told, through the change log and
/// through a new device's snapshot (the worker's stored field state), until a write made after
/// seeing both values settles them.
#[test]
fn an_offline_edit_that_lost_unseen_is_a_conflict_until_someone_writes_having_seen_it() {
    let w = worker();
    let mut x = Device::new(&w.issue(SENDAI, "editor", "仙台市 担当X"));
    let mut y = Device::new(&w.issue(SENDAI, "editor", "仙台市 担当Y"));
    let key = FieldKey::new(RecordKind::Measure, unique("m"), "title");

    let offline = x.write(&key, json!("Xの案"));
    y.write_at(&key, json!("Yの案1"), offline.hlc.wall_ms + 5);
    y.sync(w);
    y.write_at(&key, json!("Yの案2"), offline.hlc.wall_ms + 6);
    y.sync(w);
    x.sync(w);
    y.sync(w);
    let mut newcomer = Device::new(&w.issue(SENDAI, "viewer", "仙台市 副市長"));
    assert!(newcomer.sync_as_the_app(w).is_empty());
    for device in [&x, &y, &newcomer] {
        let merged = state(device, &key);
        assert_eq!(merged.value(), &json!("Yの案2"), "device {}", device.id());
        let losers: Vec<&Value> = merged.conflicts().iter().map(|v| &v.value).collect();
        assert_eq!(losers, vec![&json!("Xの案")], "device {}", device.id());
    }
    assert_eq!(
        state(&x, &key),
        state(&newcomer, &key),
        "log and snapshot agree"
    );

    y.write_at(&key, json!("まとめ"), offline.hlc.wall_ms + 7);
    y.sync(w);
    x.sync(w);
    newcomer.sync(w);
    for device in [&x, &y, &newcomer] {
        let merged = state(device, &key);
        assert_eq!(merged.value(), &json!("まとめ"));
        assert!(merged.conflicts().is_empty(), "device {}", device.id());
    }
}
