# Tsunagu on plain workerd (`workerd serve`), for self-hosting in a closed network.
#
# scripts/serve-selfhosted.sh assembles a release directory around this file (bundle/ holds the
# worker's production bundle from `wrangler deploy --dry-run`, front.js the router) and starts:
#
#   workerd serve tsunagu.capnp --socket-addr http=127.0.0.1:8787 \
#     --directory-path app=/opt/tsunagu/app --directory-path data=/var/lib/tsunagu
#
# The admin secret and the retention settings come from the environment (never the command
# line): TSUNAGU_ADMIN_SECRET (at least 32 characters; unset turns the admin API off),
# TSUNAGU_RETENTION_FISCAL_YEARS, TSUNAGU_HOUSEKEEPING_INTERVAL_MS. docs/deploy.md explains each.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "front", worker = .front),
    (name = "api", worker = .api),
    # The built app (Trunk's dist/), read only.
    (name = "app", disk = (writable = false)),
    # Every prefecture's Durable Object: one SQLite file each, under sync/. Back this up.
    (name = "data", disk = (writable = true)),
  ],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "front")],
);

# Serves the app's files with their types and security headers; /v1/* goes to the worker.
const front :Workerd.Worker = (
  modules = [(name = "front.js", esModule = embed "front.js")],
  compatibilityDate = "2025-09-01",
  bindings = [
    (name = "API", service = "api"),
    (name = "APP", service = "app"),
  ],
);

# The sync worker, exactly as `wrangler deploy` would upload it.
const api :Workerd.Worker = (
  modules = [
    (name = "index.js", esModule = embed "bundle/index.js"),
    (name = "index_bg.wasm", wasm = embed "bundle/index_bg.wasm"),
  ],
  compatibilityDate = "2025-09-01",
  bindings = [
    (name = "PREFECTURE", durableObjectNamespace = "Prefecture"),
    (name = "ADMIN_SECRET", fromEnvironment = "TSUNAGU_ADMIN_SECRET"),
    (name = "RETENTION_FISCAL_YEARS", fromEnvironment = "TSUNAGU_RETENTION_FISCAL_YEARS"),
    (name = "HOUSEKEEPING_INTERVAL_MS", fromEnvironment = "TSUNAGU_HOUSEKEEPING_INTERVAL_MS"),
  ],
  durableObjectNamespaces = [
    # The unique key names the directory of the objects' files: never change it.
    (className = "Prefecture", uniqueKey = "sync", enableSql = true),
  ],
  durableObjectStorage = (localDisk = "data"),
);
