// Shared helpers for the end-to-end tests (node --test tests/e2e/): start and stop the real sync
// worker under `wrangler dev`, and launch the system Chromium through playwright-core.
//
// The tests build nothing: they expect the app built (`trunk build --release`, so dist/ holds
// sw.js) and scripts/env.sh sourced (wrangler, worker-build, wasm-bindgen and wasm-opt on PATH;
// wrangler dev builds the worker itself, which takes minutes the first time).
//
// Environment:
//   TSUNAGU_E2E_PORT      port of the worker (default: a free port from the system; set it
//                         only when running one test file, as files run in parallel)
//   TSUNAGU_E2E_DIST      the built app to serve (default: the repository's dist/)
//   TSUNAGU_E2E_CHROMIUM  the browser (default: /usr/bin/chromium)

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import assert from "node:assert/strict";
import { after, before } from "node:test";

import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = resolve(process.env.TSUNAGU_E2E_DIST ?? join(ROOT, "dist"));
/** The operator tool (`cargo build [--release] -p tsunagu-cli`) built with `profile`. */
export function operatorTool(profile) {
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache/tsunagu/target");
  return join(targetDir, profile, "tsunagu");
}
/** The shortest admin secret the worker accepts (core::protocol::MIN_ADMIN_SECRET_CHARS). */
export const MIN_ADMIN_SECRET_CHARS = 32;
/** The first start compiles the worker: allow up to 10 minutes. */
export const WORKER_START_TIMEOUT_MS = 600_000;

/** The system Chromium, and the flags every test starts it with (no network of its own). */
export const CHROMIUM = process.env.TSUNAGU_E2E_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

/**
 * Asserts the security headers the app is served with (public/_headers, docs/deploy.md):
 * `headers` as playwright's response.headers() gives them (lower-case names).
 */
export function assertSecurityHeaders(headers, context) {
  const csp = headers["content-security-policy"] ?? "";
  const directives = new Map(
    csp.split(";").map((part) => part.trim().split(/\s+/)).filter(([name]) => name).map(([name, ...values]) => [name, values]),
  );
  const expect = (name, values) => {
    assert.deepEqual(directives.get(name), values, `${context}: ${name} in ${JSON.stringify(csp)}`);
  };
  expect("script-src", ["'self'", "'wasm-unsafe-eval'"]);
  expect("frame-ancestors", ["'none'"]);
  expect("default-src", ["'self'"]);
  expect("object-src", ["'none'"]);
  assert.equal(headers["x-content-type-options"], "nosniff", `${context}: nosniff`);
}

/** Fails early, in words, when the app has not been built. */
export function requireBuiltApp(dist = DIST) {
  for (const file of ["index.html", "sw.js"]) {
    if (!existsSync(join(dist, file))) {
      throw new Error(`${join(dist, file)} is missing: build the app first (trunk build --release)`);
    }
  }
}

/** TSUNAGU_E2E_PORT, or a port nothing listens on now. */
export async function choosePort() {
  if (process.env.TSUNAGU_E2E_PORT) return Number(process.env.TSUNAGU_E2E_PORT);
  return freePort();
}

/** A port nothing listens on now, chosen by the system. */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

const running = new Set();
// A test that crashes must not leave workerd behind.
process.on("exit", () => {
  for (const pid of running) killGroup(pid, "SIGKILL");
});

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Starts `wrangler dev` from sync-worker/ on 127.0.0.1:port with fresh state, in its own
 * process group, and resolves once /v1/health answers. `assets` serves another built app
 * than the config's ../dist (wrangler keeps the config's other [assets] settings). `dir` and
 * `adminSecret` reuse an earlier worker's persisted state and secret (see restartWorker); a
 * secret under 32 characters is refused unless `allowShortSecret` (a test of that refusal).
 */
export async function startWorker({ port, assets, dir, adminSecret, allowShortSecret = false } = {}) {
  port ??= await choosePort();
  if (await portOpen(port)) throw new Error(`something already listens on 127.0.0.1:${port}`);
  dir ??= mkdtempSync(join(tmpdir(), "tsunagu-e2e-"));
  const logPath = join(dir, "wrangler.log");
  adminSecret ??= randomBytes(24).toString("hex");
  // The worker turns its admin API off with a shorter secret (docs/deploy.md).
  if (adminSecret.length < MIN_ADMIN_SECRET_CHARS && !allowShortSecret) {
    throw new Error(`the admin secret has ${adminSecret.length} characters; it needs at least ${MIN_ADMIN_SECRET_CHARS}`);
  }
  const args = [
    "dev",
    "--ip", "127.0.0.1",
    "--port", String(port),
    "--persist-to", join(dir, "state"),
    "--var", `ADMIN_SECRET:${adminSecret}`,
    "--show-interactive-dev-session=false",
    // wrangler's devtools port defaults to 9229: another worker on the machine would clash.
    "--inspector-port", String(await freePort()),
    "--log-level", "warn",
    ...(assets ? ["--assets", resolve(assets)] : []),
  ];
  const log = openSync(logPath, "a");
  const child = spawn("wrangler", args, {
    cwd: join(ROOT, "sync-worker"),
    detached: true, // its own process group: wrangler, the build and workerd stop as one
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  running.add(child.pid);
  let exited = null;
  child.once("exit", (code, signal) => (exited = signal ?? `exit code ${code}`));
  child.once("error", (error) => (exited = error.message));

  const worker = {
    port,
    origin: `http://127.0.0.1:${port}`,
    adminSecret,
    logPath,
    child,
    dir,
    assets,
    logTail: () => tail(logPath),
    stop: (options) => stopWorker(worker, options),
  };
  const deadline = Date.now() + WORKER_START_TIMEOUT_MS;
  for (;;) {
    if (exited !== null) {
      await stopWorker(worker);
      throw new Error(`wrangler dev ended (${exited}) before answering; its log:\n${tail(logPath)}`);
    }
    try {
      const response = await fetch(`${worker.origin}/v1/health`, {
        signal: AbortSignal.timeout(2000),
      });
      if (response.ok) return worker;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stopWorker(worker);
      throw new Error(`no answer on ${worker.origin}/v1/health after 10 minutes; log:\n${tail(logPath)}`);
    }
    await sleep(500);
  }
}

/** Stops the worker's whole process group and waits until its port refuses connections. */
export async function stopWorker(worker, { keepState = false } = {}) {
  const { child, port } = worker;
  if (running.has(child.pid)) {
    const gone = new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) done();
      else child.once("exit", done);
    });
    killGroup(child.pid, "SIGTERM");
    const ended = await Promise.race([gone.then(() => true), sleep(10_000).then(() => false)]);
    // workerd may outlive wrangler: finish the group either way.
    killGroup(child.pid, "SIGKILL");
    if (!ended) await gone;
    running.delete(child.pid);
  }
  const deadline = Date.now() + 20_000;
  while (await portOpen(port)) {
    if (Date.now() > deadline) throw new Error(`127.0.0.1:${port} still accepts connections`);
    await sleep(100);
  }
  if (!keepState) rmSync(worker.dir, { recursive: true, force: true });
}

/**
 * Stops `worker` keeping its state, and starts it again on the same port with the same state,
 * admin secret and assets. Resolves to the new worker (the old object is spent).
 */
export async function restartWorker(worker) {
  await stopWorker(worker, { keepState: true });
  return startWorker({
    port: worker.port,
    assets: worker.assets,
    dir: worker.dir,
    adminSecret: worker.adminSecret,
  });
}

/**
 * Where each prefecture's administrator token of `worker` is kept: `{"03": "tsu_03_…"}`, the
 * operator tool's --admin-tokens file, in the worker's directory (so a restarted worker finds
 * it again). Pass it to the tool with `--admin-tokens` whenever the tests issue tokens too.
 */
export function adminTokensPath(worker) {
  return join(worker.dir, "admin-tokens.json");
}

/**
 * The prefecture's administrator token (prefecture_admin), made once per worker state with the
 * admin secret, which only creates a prefecture's first administrator (docs/protocol.md).
 */
export async function prefectureAdmin(worker, prefecture = "03") {
  const path = adminTokensPath(worker);
  const kept = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
  if (kept[prefecture]) return kept[prefecture];
  const org = PREFECTURE_CODES[prefecture];
  if (!org) throw new Error(`no prefecture code known for ${prefecture}`);
  const response = await fetch(`${worker.origin}/v1/admin/prefectures/${prefecture}/tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${worker.adminSecret}`, "content-type": "application/json" },
    body: JSON.stringify({ org, role: "prefecture_admin", label: `e2e ${org} 管理者` }),
  });
  if (response.status !== 201) {
    throw new Error(`creating the first administrator: HTTP ${response.status}: ${await response.text()}`);
  }
  const { token } = await response.json();
  writeFileSync(path, JSON.stringify({ ...kept, [prefecture]: token }), { mode: 0o600 });
  return token;
}

/** Prefecture codes (JIS X 0401 with the check digit) of the prefectures the tests use. */
const PREFECTURE_CODES = { "03": "030007", "47": "470007" };

/**
 * Issues an access token with the prefecture's administrator (docs/protocol.md); a
 * prefecture_admin of the prefecture's own code is that administrator.
 */
export async function issueToken(
  worker,
  { prefecture = "03", org = "032085", role = "editor", label = "e2e" } = {},
) {
  const admin = await prefectureAdmin(worker, prefecture);
  const response = await fetch(`${worker.origin}/v1/prefecture/tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
    body: JSON.stringify({ org, role, label }),
  });
  if (response.status !== 201) {
    throw new Error(`issuing a token: HTTP ${response.status}: ${await response.text()}`);
  }
  return (await response.json()).token;
}

/**
 * Pushes whole records through `POST /v1/sync` as a new client (docs/protocol.md), and resolves
 * to the response. `records` is a list of `{ kind, id, org, fields: { name: value } }`; `wallMs`
 * the time they were written (now by default; the server pulls back only a future one).
 */
export async function pushRecords(worker, token, records, { wallMs = Date.now() } = {}) {
  const clientId = `e2e-${randomBytes(6).toString("hex")}`;
  let seq = 0;
  const mutations = records.flatMap(({ kind, id, org, fields }) =>
    Object.entries(fields).map(([field, value]) => {
      seq += 1;
      return {
        seq,
        kind,
        record_id: id,
        org,
        field,
        value,
        hlc: { wall_ms: wallMs, counter: seq, replica: clientId },
        base: null,
      };
    }),
  );
  const response = await syncRequest(worker, token, { client_id: clientId, cursor: 0, mutations });
  if (response.acked_through !== seq) {
    throw new Error(`pushing records: acknowledged ${response.acked_through} of ${seq}`);
  }
  return response;
}

/**
 * The current value of every field the token may read, pulled as a fresh client:
 * `{ "kind/id": { field: value } }` (the winners, merged by (hlc, seq) as the server does).
 */
export async function pullRecords(worker, token) {
  const clientId = `e2e-${randomBytes(6).toString("hex")}`;
  const winners = new Map();
  let cursor = 0;
  for (let round = 0; round < 100; round += 1) {
    const response = await syncRequest(worker, token, { client_id: clientId, cursor, mutations: [] });
    for (const { kind, record_id, field, version } of pageChanges(response.changes)) {
      const key = `${kind}/${record_id}\u0000${field}`;
      const best = winners.get(key);
      if (!best || compareVersions(version, best) > 0) winners.set(key, version);
    }
    cursor = response.cursor;
    if (!response.has_more) break;
  }
  const records = {};
  for (const [key, version] of winners) {
    const [record, field] = key.split("\u0000");
    (records[record] ??= {})[field] = version.value;
  }
  return records;
}

/**
 * The changes of a sync response's compact page (protocol 3, docs/protocol.md) as named
 * objects. Written from the protocol's text, apart from the Rust decoder, so the e2e tests
 * check the wire form independently.
 */
export function pageChanges(page) {
  const { replicas, authors, orgs, kinds, fields, records, rows } = page;
  let seq = 0;
  let wall = 0;
  return rows.map((row) => {
    const [seqGap, record, field, value, wallGap, counter, replica, versionSeq, author, base, seen] = row;
    seq += seqGap;
    wall += wallGap;
    const [kind, shortId, org] = records[record];
    const version = {
      value,
      hlc: { wall_ms: wall, counter, replica: replicas[replica] },
      base: base ? { wall_ms: wall - base[0], counter: base[1], replica: replicas[base[2]] } : null,
      seq: versionSeq,
      author: authors[author],
    };
    if (seen) {
      version.seen = {};
      for (let i = 0; i < seen.length; i += 2) version.seen[replicas[seen[i]]] = versionSeq - seen[i + 1];
    }
    const recordId = shortId.startsWith("~") ? orgs[org] + shortId.slice(1) : shortId;
    return { seq, kind: kinds[kind], record_id: recordId, org: orgs[org], field: fields[field], version };
  });
}

function compareVersions(a, b) {
  return (
    a.hlc.wall_ms - b.hlc.wall_ms ||
    a.hlc.counter - b.hlc.counter ||
    (a.hlc.replica < b.hlc.replica ? -1 : a.hlc.replica > b.hlc.replica ? 1 : 0) ||
    a.seq - b.seq
  );
}

async function syncRequest(worker, token, body) {
  const response = await fetch(`${worker.origin}/v1/sync`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ protocol: 3, page_size: 2000, ...body }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`POST /v1/sync: HTTP ${response.status}: ${await response.text()}`);
  return response.json();
}

/** The history of a record (`GET /v1/records/{kind}/{id}/history`): its entries, oldest first. */
export async function recordHistory(worker, token, kind, id) {
  const response = await fetch(`${worker.origin}/v1/records/${kind}/${id}/history`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`history of ${kind}/${id}: HTTP ${response.status}`);
  return (await response.json()).entries;
}

/** Connects the app to the worker with `token` through its connect page (/connect). */
export async function connectApp(page, worker, token) {
  await page.goto(`${worker.origin}/connect`, { waitUntil: "load" });
  // As a person would: once the app has read its local data (a new device then asks for its
  // first snapshot page while the token is checked).
  await page.waitForFunction(() => performance.getEntriesByName("tsunagu:loaded").length > 0, null, {
    timeout: 30_000,
  });
  await page.locator("#connect-url").fill(worker.origin);
  await page.locator("#connect-token").fill(token);
  await page.locator('form button[type="submit"]').click();
  await page.locator("#connect-message.notice--ok").waitFor({ timeout: 60_000 });
}

/** True when something accepts a TCP connection on 127.0.0.1:port. */
export function portOpen(port) {
  return new Promise((done) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      done(true); // accepted by the kernel but slow: still in use
    });
    socket.once("error", () => done(false));
  });
}

/** Headless system Chromium (never a downloaded browser). Its contexts are incognito. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Headless system Chromium with a real profile in `userDataDir`: what installability (not
 * offered in incognito) and anything else that differs in incognito need. Close the context.
 */
export function launchProfile(userDataDir, options = {}) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
}

/**
 * Records what went wrong on a page for assertions: failed or erroring requests for the app's
 * own files (the sync API, /v1/*, is expected to fail offline), uncaught page errors, and the
 * app's files that did not come from the service worker.
 */
export function watchPage(page) {
  // cspViolations is never cleared: no moment of a test may break the policy.
  const seen = { failed: [], notFromServiceWorker: [], pageErrors: [], cspViolations: [] };
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.cspViolations.push(message.text());
  });
  const isApi = (url) => new URL(url).pathname.startsWith("/v1/");
  page.on("requestfailed", (request) => {
    if (!isApi(request.url())) {
      seen.failed.push(`${request.url()}: ${request.failure()?.errorText ?? "failed"}`);
    }
  });
  page.on("response", (response) => {
    const url = response.url();
    if (isApi(url) || url.startsWith("data:")) return;
    if (response.status() >= 400) seen.failed.push(`${url}: HTTP ${response.status()}`);
    if (!response.fromServiceWorker()) seen.notFromServiceWorker.push(url);
  });
  page.on("pageerror", (error) => seen.pageErrors.push(String(error)));
  seen.clear = () => {
    seen.failed.length = 0;
    seen.notFromServiceWorker.length = 0;
    seen.pageErrors.length = 0;
  };
  return seen;
}

function tail(path, lines = 40) {
  try {
    return readFileSync(path, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Polls `check` (async, truthy when done) until it holds or `ms` pass; `onWait` runs between. */
export async function eventually(what, check, { ms = 60_000, onWait, describe } = {}) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await onWait?.();
    await sleep(500);
  }
  throw new Error(`${what}: not within ${ms / 1000} s (last: ${JSON.stringify(last)})${(await describe?.()) ?? ""}`);
}

/** The page's address and text, for failure messages. */
export async function pageText(page) {
  const text = await page.locator("body").innerText().catch((e) => String(e));
  return `\n${page.url()}\n${text.slice(0, 1500)}`;
}

/** Loads a plan of Tono city with one measure through the API, as the tests' starting point. */
export function seedTonoMeasure(worker, token, { planId, measureId, title }) {
  return pushRecords(worker, token, [
    { kind: "plan", id: planId, org: "032085", fields: { title: "遠野市DX推進計画 e2e", start_fy: 2024, end_fy: 2028 } },
    { kind: "measure", id: measureId, org: "032085", fields: { plan_id: planId, title } },
  ]);
}

/**
 * True when the sync bar shows no sync running and nothing left to send. Runs in the page:
 * `page.evaluate(syncBarIdle)` or `page.waitForFunction(syncBarIdle)`.
 */
export function syncBarIdle() {
  const bar = document.querySelector(".sync-bar");
  return Boolean(
    bar &&
      !bar.querySelector(".sync-bar__syncing, .sync-bar__pending--some") &&
      bar.querySelector(".sync-bar__now")?.getAttribute("aria-busy") === "false",
  );
}

/** Clicks the sync bar's 今すぐ同期. */
export function syncNow(page) {
  return page.locator("button.sync-bar__now").click();
}

/** Clicks 今すぐ同期 until the sync bar says nothing is left to send. */
export async function syncUntilSent(page) {
  await syncNow(page);
  await eventually(
    "nothing left to send",
    async () => (await page.locator(".sync-bar__pending").innerText()).includes("未送信なし"),
    { onWait: () => syncNow(page), describe: () => pageText(page) },
  );
}

/**
 * Registers hooks on the current suite that start a real worker (serving TSUNAGU_E2E_DIST when
 * it is set) and a browser before its tests and stop both after them. Returns the object that
 * holds them once started: `{ worker, browser }` (a test that restarts the worker puts the new
 * one back, so it is the one stopped). `launch` and `close` start and end another browser than
 * the system Chromium (Firefox through selenium-webdriver, say).
 */
export function workerAndBrowser({ launch = launchBrowser, close = (browser) => browser.close() } = {}) {
  const env = { worker: undefined, browser: undefined };
  before(async () => {
    requireBuiltApp();
    env.worker = await startWorker(process.env.TSUNAGU_E2E_DIST ? { assets: DIST } : {});
    env.browser = await launch();
  });
  after(async () => {
    if (env.browser) await close(env.browser);
    await env.worker?.stop();
  });
  return env;
}

/**
 * Number of distinct records in the app's IndexedDB: the `records` store and the records inside
 * the first sync's `snapshot` pages (opened without a version: never upgrades). Runs in the page:
 * `page.evaluate(countStoredRecords)`; -1 when the database cannot be read.
 */
export function countStoredRecords() {
  return new Promise((done) => {
    const request = indexedDB.open("tsunagu");
    request.onupgradeneeded = () => request.transaction.abort(); // not created yet: never by us
    request.onerror = () => done(-1);
    request.onsuccess = () => {
      const db = request.result;
      const stores = ["records", "snapshot"].filter((name) => db.objectStoreNames.contains(name));
      if (stores.length === 0) {
        db.close();
        done(0);
        return;
      }
      const tx = db.transaction(stores);
      const keys = new Set();
      tx.objectStore("records").getAllKeys().onsuccess = (event) => {
        for (const key of event.target.result) keys.add(key);
      };
      if (stores.includes("snapshot")) {
        tx.objectStore("snapshot").getAll().onsuccess = (event) => {
          // Each row is a POST /v1/snapshot response body as the app received it; a record
          // starts [kind, id, …] (docs/protocol.md).
          for (const page of event.target.result) {
            // The bytes of the response (text in rows of earlier versions of the app).
            const text = typeof page === "string" ? page : new TextDecoder().decode(page);
            for (const [kind, id] of JSON.parse(text).records) keys.add(`${kind}/${id}`);
          }
        };
      }
      tx.oncomplete = () => {
        db.close();
        done(keys.size);
      };
      // An exception in a handler aborts the transaction without an error event.
      tx.onerror = tx.onabort = () => {
        db.close();
        done(-1);
      };
    };
  });
}

/** Minimal RFC 4180 reader for the app's CSV (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 1;
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Clicks the first button named `buttonName` and resolves to the bytes of the file it downloads. */
export async function download(page, buttonName, { ms = 60_000 } = {}) {
  const [file] = await Promise.all([
    page.waitForEvent("download", { timeout: ms }),
    page.getByRole("button", { name: buttonName }).first().click(),
  ]);
  return readFile(await file.path());
}

/** The deferred list of a built sw.js (scripts/build-sw.sh): the tools module's files. */
export function deferredFiles(dist = DIST) {
  const sw = readFileSync(join(dist, "sw.js"), "utf8");
  const block = sw.match(/^ {2}deferred: \[\n([\s\S]*?)^ {2}\],$/m)?.[1] ?? "";
  return [...block.matchAll(/\["([^"]+)", "[0-9a-f]{64}"\]/g)].map((m) => m[1]);
}

/**
 * Waits until the service worker has stored the deferred modules it fetches in the background
 * after activation (the tools module), so a test that then stops the server or cuts the
 * network does not interrupt that download.
 */
export async function deferredStored(page, dist = DIST) {
  const paths = deferredFiles(dist);
  await eventually("the service worker stored the deferred modules", () =>
    page.evaluate(async (paths) => {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        const stored = await Promise.all(paths.map((path) => cache.match(path)));
        if (stored.every(Boolean)) return true;
      }
      return false;
    }, paths),
  );
}

/** Waits until the page's `main` shows `text` (`what` names it in the failure). */
export function mainShows(page, what, text, { ms = 60_000 } = {}) {
  return eventually(what, async () => (await page.locator("main").innerText()).includes(text), {
    ms,
    describe: () => pageText(page),
  });
}

/** Iwate's prefecture with Tono and Morioka: one token each (the prefecture's an admin's) and
 * the three organisation records, with population classes, pushed by the prefecture. */
export async function iwateAndTwoTowns(worker) {
  const orgs = [
    { code: "030007", kind: "prefecture", name: "岩手県", kana: "ｲﾜﾃｹﾝ", population: 1180000 },
    { code: "032085", kind: "municipality", name: "遠野市", kana: "ﾄｵﾉｼ", population: 24000 },
    { code: "032018", kind: "municipality", name: "盛岡市", kana: "ﾓﾘｵｶｼ", population: 280000 },
  ];
  const admin = await issueToken(worker, { org: "030007", role: "prefecture_admin", label: "岩手県 DX推進課" });
  const tono = await issueToken(worker, { org: "032085", label: "遠野市 DX推進担当" });
  const morioka = await issueToken(worker, { org: "032018", label: "盛岡市 DX推進担当" });
  await pushRecords(
    worker,
    admin,
    orgs.map(({ code, ...fields }) => ({ kind: "organisation", id: code, org: code, fields: { code, ...fields } })),
  );
  return { admin, tono, morioka };
}
