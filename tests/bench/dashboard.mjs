// Benchmark (prints figures, asserts nothing): the prefecture dashboard at scale in headless
// Chromium, and the initial sync of a whole prefecture into a new browser.
//
//   source scripts/env.sh && trunk build --release && cargo build --release -p tsunagu-cli
//   node tests/bench/dashboard.mjs      (TSUNAGU_E2E_DIST serves another build)
//
// 1. Starts a real worker and seeds Hokkaido (179 municipalities × 60 synthetic measures, their
//    organisation records and the national taxonomy) with `tsunagu seed-prefecture`.
// 2. Initial sync, three times (TSUNAGU_BENCH_SYNC_RUNS), each in a fresh browser context: it
//    connects with the prefecture admin's token; timed from the connect button's click event
//    to the app's `tsunagu:snapshot-done` mark (the last page of the first sync's snapshot
//    stored in IndexedDB), and until the sync bar no longer shows a sync running; then the
//    stored records are counted once. Printed per run: a timeline of every request and every
//    IndexedDB write of records, and per snapshot page the server time, download, hand-over to
//    the app and its write transaction (decode, merge, write). Then the same pages are fetched
//    from node (no browser) to time the worker alone: one after the other, two requests in
//    flight, and without compression (wrangler dev gzips responses in its node proxy, as
//    Cloudflare's edge does in production). TSUNAGU_BENCH_SYNC_ONLY=1 stops here;
//    TSUNAGU_BENCH_LATENCY_MS=100 adds that round-trip latency to the browser's requests.
// 3. Hokkaido dashboard: reloads /prefecture ten times and reads the app's
//    `tsunagu:dashboard-rendered` mark, from navigation start (includes loading the wasm) and
//    from `tsunagu:load-start` (the app opening IndexedDB): "from IndexedDB".
// 4. National dashboard (1,741 × 60): no worker holds the whole country (one Durable Object per
//    prefecture), so `tsunagu summary-rows` computes the `summaries` store rows of every
//    organisation of Japan with core, they are written into this browser's store, and
//    /prefecture is reloaded. Once the whole (Hokkaido) replica has loaded, the app's cache
//    keeper rewrites the summaries from it, so the national rows are written again before every
//    reload and only the first mark of each load counts.
// 5. The dashboard alone: a second browser holding only the connection row and the summaries
//    (no replica, sync blocked) reloads /prefecture with Hokkaido's rows and the national rows,
//    separating the dashboard's own cost from loading the replica.
// Each dashboard figure is followed by where its time went: when each IndexedDB bulk read was
// issued and delivered, and the main-thread tasks over 50 ms before the mark.

import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";

import {
  adminTokensPath,
  DIST, ROOT, countStoredRecords, launchBrowser, operatorTool, requireBuiltApp, startWorker,
  syncBarIdle,
} from "../e2e/support.mjs";

const PREFECTURE = 1;
const MEASURES = Number(process.env.TSUNAGU_BENCH_MEASURES ?? 60);
const HOKKAIDO_MUNICIPALITIES = 179;
const NATIONAL_MUNICIPALITIES = 1741;
const SYNC_RUNS = Number(process.env.TSUNAGU_BENCH_SYNC_RUNS ?? 3);
// Round-trip latency Chromium adds to every request of the initial sync (DevTools network
// emulation), as over a real network; 0 leaves the loopback's.
const LATENCY_MS = Number(process.env.TSUNAGU_BENCH_LATENCY_MS ?? 0);
const HOKKAIDO_RUNS = 10;
const NATIONAL_RUNS = 5;
const SYNC_LIMIT_MS = 10 * 60_000;
const POLL_MS = 100;
const MARK = "tsunagu:dashboard-rendered";
const CLI = operatorTool("release");
const run = promisify(execFile);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const ms = (x) => (x === undefined || Number.isNaN(x) ? "–" : `${x.toFixed(1)} ms`);

/**
 * In every page: remembers the first `tsunagu:dashboard-rendered` mark with what the page showed
 * at that moment, and the wall time of each readwrite IndexedDB transaction (opened → complete).
 */
function instrument(mark) {
  // When the browser delivered the last click (epoch ms): the initial sync is timed from the
  // connect button's click event, not from when Playwright was asked to click (its checks
  // before clicking take 50–100 ms here).
  addEventListener(
    "click",
    () => {
      window.__tsunagu_click = performance.timeOrigin + performance.now();
    },
    { capture: true },
  );
  const original = Performance.prototype.mark;
  Performance.prototype.mark = function (name, ...rest) {
    const entry = original.call(this, name, ...rest);
    if (name === mark && window.__tsunagu_first_dashboard === undefined) {
      window.__tsunagu_first_dashboard = {
        at: performance.now(),
        shown: document.querySelector('[data-testid="shown-count"]')?.textContent ?? null,
        rows: document.querySelectorAll("tr[data-org]").length,
      };
    }
    return entry;
  };
  window.__tsunagu_idb = [];
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
    const tx = transaction.call(this, stores, mode, ...rest);
    if (this.name === "tsunagu") {
      const opened = performance.now();
      const names = Array.isArray(stores) ? [...stores].join(",") : String(stores);
      tx.addEventListener("complete", () => {
        if (window.__tsunagu_idb.length < 10_000) {
          window.__tsunagu_idb.push({ opened, done: performance.now(), stores: names, mode: mode ?? "readonly" });
        }
      });
    }
    return tx;
  };
  // Bulk reads: when issued and when their result reached the page (before the app's handler).
  window.__tsunagu_reads = [];
  const getAll = IDBObjectStore.prototype.getAll;
  IDBObjectStore.prototype.getAll = function (...args) {
    const request = getAll.apply(this, args);
    const read = { store: this.name, issued: performance.now() };
    request.addEventListener("success", () => {
      read.delivered = performance.now();
      read.rows = request.result?.length;
    });
    if (window.__tsunagu_reads.length < 1000) window.__tsunagu_reads.push(read);
    return request;
  };
  // Main-thread tasks over 50 ms.
  window.__tsunagu_long = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (window.__tsunagu_long.length < 10_000) {
          window.__tsunagu_long.push({ start: entry.startTime, duration: entry.duration });
        }
      }
    }).observe({ type: "longtask", buffered: true });
  } catch {
    // No long task timing in this browser.
  }
}

/** Epoch milliseconds of the app's `tsunagu:snapshot-done` mark, or null before it. */
function snapshotDoneAt() {
  const entry = performance.getEntriesByName("tsunagu:snapshot-done")[0];
  return entry ? performance.timeOrigin + entry.startTime : null;
}

/** Replaces the `summaries` store's rows with `rows` ([{ key, value }]) in one transaction. */
function writeSummaries(rows) {
  return new Promise((done, fail) => {
    const request = indexedDB.open("tsunagu");
    request.onupgradeneeded = () => request.transaction.abort(); // not created yet: never by us
    request.onerror = () => fail(String(request.error));
    request.onsuccess = () => {
      const db = request.result;
      const started = performance.now();
      let tx;
      try {
        tx = db.transaction("summaries", "readwrite");
      } catch (error) {
        db.close();
        fail(String(error));
        return;
      }
      const store = tx.objectStore("summaries");
      store.clear();
      for (const { key, value } of rows) store.put(JSON.stringify(value), key);
      tx.oncomplete = () => {
        db.close();
        done(performance.now() - started);
      };
      tx.onerror = () => {
        db.close();
        fail(String(tx.error));
      };
    };
  });
}

/** Every row of one store of the app's database: [{ key, value }] (values as stored). */
function readStore(name) {
  return new Promise((done, fail) => {
    const request = indexedDB.open("tsunagu");
    request.onupgradeneeded = () => request.transaction.abort(); // not created yet: never by us
    request.onerror = () => fail(String(request.error));
    request.onsuccess = () => {
      const db = request.result;
      let store;
      try {
        store = db.transaction(name).objectStore(name);
      } catch (error) {
        db.close();
        fail(String(error));
        return;
      }
      const keys = store.getAllKeys();
      const values = store.getAll();
      values.onsuccess = () => {
        db.close();
        done(keys.result.map((key, i) => ({ key, value: values.result[i] })));
      };
      values.onerror = () => {
        db.close();
        fail(String(values.error));
      };
    };
  });
}

/** Puts raw rows ([{ key, value }]) into `name` in one transaction. */
function putRows({ name, rows }) {
  return new Promise((done, fail) => {
    const request = indexedDB.open("tsunagu");
    request.onupgradeneeded = () => request.transaction.abort(); // not created yet: never by us
    request.onerror = () => fail(String(request.error));
    request.onsuccess = () => {
      const db = request.result;
      let tx;
      try {
        tx = db.transaction(name, "readwrite");
      } catch (error) {
        db.close();
        fail(String(error));
        return;
      }
      for (const { key, value } of rows) tx.objectStore(name).put(value, key);
      tx.oncomplete = () => {
        db.close();
        done();
      };
      tx.onerror = () => {
        db.close();
        fail(String(tx.error));
      };
    };
  });
}

function countSummaries() {
  return new Promise((done) => {
    const request = indexedDB.open("tsunagu");
    request.onupgradeneeded = () => request.transaction.abort(); // not created yet: never by us
    request.onerror = () => done(-1);
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains("summaries")) {
        db.close();
        done(-1);
        return;
      }
      const count = db.transaction("summaries").objectStore("summaries").count();
      count.onsuccess = () => {
        db.close();
        done(count.result);
      };
      count.onerror = () => {
        db.close();
        done(-1);
      };
    };
  });
}

/** Waits (bounded) until the dashboard shows `count` municipalities. */
async function waitShown(page, count, timeout = 120_000) {
  await page.waitForFunction(
    (count) => document.querySelector('[data-testid="shown-count"]')?.textContent?.includes(String(count)),
    count,
    { timeout, polling: 100 },
  );
}

/** Reloads and returns the first dashboard mark: from navigation start and from load-start. */
async function reloadDashboard(page) {
  await page.reload({ waitUntil: "load" });
  await page.waitForFunction(() => window.__tsunagu_first_dashboard !== undefined, null, {
    timeout: 120_000,
    polling: 50,
  });
  // Long tasks are reported a little late.
  await sleep(200);
  return page.evaluate((mark) => {
    const rendered = performance.getEntriesByName(mark)[0]?.startTime;
    const start = performance.getEntriesByName("tsunagu:load-start")[0]?.startTime;
    const relative = (t) => (t === undefined ? undefined : t - start);
    const before = (t) => t !== undefined && t <= rendered;
    const reads = window.__tsunagu_reads
      .filter((read) => before(read.issued))
      .map((read) => ({ store: read.store, rows: read.rows, issued: relative(read.issued), delivered: relative(read.delivered) }));
    const long = window.__tsunagu_long.filter((task) => task.start + task.duration >= start && task.start <= rendered);
    return {
      navigation: rendered,
      storage: rendered - start,
      loadStart: start,
      first: window.__tsunagu_first_dashboard,
      reads,
      longTotal: long.reduce((a, task) => a + task.duration, 0),
      longMax: Math.max(0, ...long.map((task) => task.duration)),
      longCount: long.length,
    };
  }, MARK);
}

/** Where the time of one dashboard load went, relative to `tsunagu:load-start`. */
function describeLoad(result) {
  const reads = result.reads
    .map((read) => `${read.store} getAll (${read.rows ?? "?"} rows) issued +${read.issued.toFixed(0)} → delivered ${read.delivered === undefined ? "after the mark" : `+${read.delivered.toFixed(0)}`} ms`)
    .join("; ");
  return (
    `    where the time went (median run, ms after load-start): ${reads}; mark +${result.storage.toFixed(0)} ms; ` +
    `main-thread tasks over 50 ms until the mark: ${result.longCount}, ${result.longTotal.toFixed(0)} ms in all, longest ${result.longMax.toFixed(0)} ms`
  );
}

function medianRun(results) {
  const sorted = [...results].sort((a, b) => a.storage - b.storage);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One POST from node, timed: server (sent → headers), download and JSON.parse. */
async function timedPost(worker, token, path, body, encoding = "gzip, deflate") {
  const sent = performance.now();
  const response = await fetch(`${worker.origin}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "accept-encoding": encoding },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const headers = performance.now();
  const text = await response.text();
  const received = performance.now();
  if (!response.ok) throw new Error(`POST ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`);
  const json = JSON.parse(text);
  const parsed = performance.now();
  return {
    json,
    timing: { server: headers - sent, download: received - headers, parse: parsed - received, bytes: text.length },
  };
}

/** POST /v1/sync from node as a fresh client, reading every page: the worker's time alone. */
async function pullPages(worker, token, pageSize) {
  const clientId = `bench-${randomBytes(6).toString("hex")}`;
  const pages = [];
  let cursor = 0;
  const started = performance.now();
  for (let round = 0; round < 2000; round += 1) {
    const { json, timing } = await timedPost(worker, token, "/v1/sync", {
      protocol: 3, client_id: clientId, cursor, mutations: [], page_size: pageSize,
    });
    pages.push({ ...timing, changes: json.changes.rows.length });
    cursor = json.cursor;
    if (!json.has_more) break;
  }
  return { pages, total: performance.now() - started };
}

/** POST /v1/snapshot from node, reading every page of `limit` records: the worker alone. */
async function snapshotPages(worker, token, limit) {
  const pages = [];
  let after = null;
  const started = performance.now();
  for (let round = 0; round < 2000; round += 1) {
    const body = after ? { protocol: 3, after, limit } : { protocol: 3, limit };
    const { json, timing } = await timedPost(worker, token, "/v1/snapshot", body);
    pages.push({ ...timing, after: body.after ?? null, records: json.records.length });
    after = json.next;
    if (!after) break;
  }
  return { pages, total: performance.now() - started };
}

/** The same snapshot pages again (`afters`: where each starts), `lanes` requests in flight. */
async function snapshotPagesAgain(worker, token, afters, limit, { lanes = 1, encoding } = {}) {
  const queue = [...afters];
  const started = performance.now();
  const lane = async () => {
    while (queue.length > 0) {
      const after = queue.shift();
      const body = after ? { protocol: 3, after, limit } : { protocol: 3, limit };
      await timedPost(worker, token, "/v1/snapshot", body, encoding);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return performance.now() - started;
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  for (const row of rows) {
    console.log(row.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join("  "));
  }
}

requireBuiltApp();
const figures = {};
console.log("starting the worker (wrangler dev)…");
const worker = await startWorker({ assets: DIST });
const browser = await launchBrowser();
try {
  // 1. Seed Hokkaido.
  console.log(`seeding Hokkaido: ${HOKKAIDO_MUNICIPALITIES} municipalities × ${MEASURES} measures…`);
  const seedStarted = performance.now();
  const { stdout: seedOut } = await run(
    CLI,
    ["--url", worker.origin, "--admin-secret", worker.adminSecret,
      "--admin-tokens", adminTokensPath(worker), "seed-prefecture",
      "--prefecture", String(PREFECTURE), "--measures", String(MEASURES)],
    { cwd: ROOT, encoding: "utf8", timeout: 30 * 60_000, maxBuffer: 16 << 20 },
  );
  const seeded = JSON.parse(seedOut.trim());
  figures.seedSeconds = (performance.now() - seedStarted) / 1000;
  const expected = seeded.records;
  console.log(
    `seeded ${seeded.records} records (${seeded.municipalities} municipalities) in ${figures.seedSeconds.toFixed(1)} s; ` +
      `the prefecture token reads all of them: expecting ${expected} records in IndexedDB`,
  );

  // 2. Initial sync into a new browser, SYNC_RUNS times (each a fresh browser context, so a
  //    new device); the median run is the figure, the others are printed too.
  async function initialSync(run) {
    const sync = {};
    const context = await browser.newContext();
    await context.addInitScript(instrument, MARK);
    const page = await context.newPage();
    if (LATENCY_MS > 0) {
      const devtools = await context.newCDPSession(page);
      await devtools.send("Network.enable");
      await devtools.send("Network.emulateNetworkConditions", {
        offline: false, latency: LATENCY_MS, downloadThroughput: -1, uploadThroughput: -1,
      });
    }
    const rounds = [];
    page.on("requestfinished", async (request) => {
      const path = new URL(request.url()).pathname;
      if (!["/v1/me", "/v1/sync", "/v1/snapshot", "/v1/activity"].includes(path)) return;
      const timing = request.timing();
      const sizes = await request.sizes().catch(() => ({ responseBodySize: 0 }));
      rounds.push({ path, ...timing, bytes: sizes.responseBodySize });
    });
    await page.goto(`${worker.origin}/connect`, { waitUntil: "load" });
    await page.waitForFunction(() => performance.getEntriesByName("tsunagu:loaded").length > 0, null, {
      timeout: 30_000,
    });
    await page.locator("#connect-url").fill(worker.origin);
    await page.locator("#connect-token").fill(seeded.prefecture_token);
    const clickedAt = Date.now();
    await page.locator('form button[type="submit"]').click();
    await page.locator("#connect-message.notice--ok").waitFor({ timeout: 60_000 });
    sync.connectMs = Date.now() - clickedAt;
    const clickEventAt = await page.evaluate(() => window.__tsunagu_click ?? null);

    // The app marks the moment its last snapshot page is stored (the transaction committed);
    // polling the mark is cheap, unlike counting thousands of records while the app works.
    let allInAt = null;
    for (let poll = 0; poll < SYNC_LIMIT_MS / POLL_MS; poll += 1) {
      allInAt = await page.evaluate(snapshotDoneAt);
      if (allInAt !== null || Date.now() - clickedAt > SYNC_LIMIT_MS) break;
      if (poll > 0 && poll % 100 === 0) {
        const bar = await page.locator(".sync-bar").innerText().catch(() => "");
        console.log(`  still syncing after ${((Date.now() - clickedAt) / 1000).toFixed(0)} s: ${bar.replace(/\s+/g, " ").trim()}`);
      }
      await sleep(POLL_MS);
    }
    // The sync bar: no sync running, nothing pending, a last sync shown.
    let idleAt = null;
    for (let poll = 0; poll < 600; poll += 1) {
      const idle = await page.evaluate(syncBarIdle);
      if (idle) {
        idleAt = Date.now();
        break;
      }
      await sleep(POLL_MS);
    }
    sync.syncIdleMs = idleAt === null ? null : idleAt - (clickEventAt ?? clickedAt);
    // Counted once, after the timing: every record the token reads is stored.
    const count = await page.evaluate(countStoredRecords);
    sync.syncRecords = count;
    sync.syncMs = allInAt === null || count < expected || clickEventAt === null ? null : Math.round(allInAt - clickEventAt);
    sync.playwrightClickMs = clickEventAt === null ? null : Math.round(clickEventAt - clickedAt);
    sync.syncBarText = await page.locator(".sync-bar").innerText().catch(() => "");
    await sleep(500); // the last requestfinished handlers
    const syncRounds = rounds
      .filter((r) => r.path === "/v1/sync" || r.path === "/v1/snapshot")
      .sort((a, b) => a.startTime - b.startTime);
    // Counted from the page's own Resource Timing: Playwright's requestfinished events (which
    // give the timings below) did not arrive for every page in some runs.
    const fetched = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map((entry) => new URL(entry.name).pathname)
        .filter((path) => path === "/v1/snapshot" || path === "/v1/sync"),
    );
    sync.snapshotPages = fetched.filter((path) => path === "/v1/snapshot").length;
    sync.rounds = fetched.length;
    sync.timedRounds = syncRounds.length;
    const server = syncRounds.map((r) => r.responseStart - r.requestStart).filter((x) => x >= 0);
    const download = syncRounds.map((r) => r.responseEnd - r.responseStart).filter((x) => x >= 0);
    const gaps = [];
    for (let i = 1; i < syncRounds.length; i += 1) {
      const previous = syncRounds[i - 1];
      gaps.push(syncRounds[i].startTime - (previous.startTime + previous.responseEnd));
    }
    sync.browserServer = server;
    sync.browserDownload = download;
    sync.browserGaps = gaps;
    sync.responseBytes = sum(syncRounds.map((r) => r.bytes));
    const { idb, timeOrigin, merged } = await page.evaluate(() => ({
      idb: window.__tsunagu_idb,
      timeOrigin: performance.timeOrigin,
      merged: performance.getEntriesByName("tsunagu:page-merged").map((m) => m.startTime),
    }));
    const writesOfRecords = idb.filter(
      (t) => t.mode === "readwrite" && (t.stores.includes("records") || t.stores.includes("snapshot")),
    );
    const idbTimes = writesOfRecords.map((t) => t.done - t.opened);
    sync.idb = idbTimes;
    // Per snapshot page, in the app: its last byte received → its write transaction opened
    // (the body handed to the app and the next page asked for) → the transaction complete
    // (decoding and merging the page while the browser writes it, then the commit). Pages and
    // their transactions come in the same order.
    const pageRounds = syncRounds.filter((r) => r.path === "/v1/snapshot");
    const pageWrites = writesOfRecords.filter((t) => t.stores.includes("snapshot"));
    const handOver = [];
    const stored = [];
    // The app's `tsunagu:page-merged` mark splits each transaction: the put of the page's bytes
    // with the decoding and merging, then the records' writes and the commit.
    const merging = [];
    const committing = [];
    for (let i = 0; i < Math.min(pageRounds.length, pageWrites.length); i += 1) {
      const received = pageRounds[i].startTime + pageRounds[i].responseEnd - timeOrigin;
      handOver.push(pageWrites[i].opened - received);
      stored.push(pageWrites[i].done - pageWrites[i].opened);
      if (merged[i] !== undefined) {
        merging.push(merged[i] - pageWrites[i].opened);
        committing.push(pageWrites[i].done - merged[i]);
      }
    }
    const longGaps = gaps.map((gap, i) => [gap, i + 1]).filter(([gap]) => gap > 5000);
    // The timeline from the click: each request (sent → first byte → last byte) and each
    // IndexedDB write transaction (its stores, or "page": opened → complete), in ms.
    const at = (epochMs) => Math.round(epochMs - (clickEventAt ?? clickedAt));
    const events = [
      ...rounds
        .filter((r) => r.path !== "/v1/activity")
        .map((r) => [r.startTime, `${r.path} ${at(r.startTime)}→${at(r.startTime + r.responseStart)}→${at(r.startTime + r.responseEnd)}`]),
      ...idb
        .filter((t) => t.mode === "readwrite")
        .map((t) => [t.opened + timeOrigin, `idb ${t.stores.includes("snapshot") ? "page" : t.stores} ${at(t.opened + timeOrigin)}→${at(t.done + timeOrigin)}`]),
    ].sort((a, b) => a[0] - b[0]);
    sync.timeline = events.map(([, text]) => text);
    console.log(
      `  timeline (ms from the click event, which came ${sync.playwrightClickMs} ms after Playwright was asked to click): ` +
        `${sync.timeline.join(", ")}; snapshot-done mark ${allInAt === null ? "–" : at(allInAt)}`,
    );

    console.log(
      `initial sync (from the connect click event): ${count}/${expected} records in IndexedDB after ` +
        `${sync.syncMs === null ? "(not all within the limit)" : `${(sync.syncMs / 1000).toFixed(2)} s`}; ` +
        `sync bar idle after ${sync.syncIdleMs === null ? "–" : `${(sync.syncIdleMs / 1000).toFixed(2)} s`}; ` +
        `${sync.rounds} rounds (${sync.snapshotPages} /v1/snapshot pages, then /v1/sync); ` +
        `${sync.timedRounds} of them timed by Playwright, ${(sync.responseBytes / 1e6).toFixed(1)} MB of responses`,
    );
    console.log(`  sync bar: ${sync.syncBarText.replace(/\s+/g, " ").trim()}`);
    console.log(
      `  per round (browser): server ${ms(median(server))} median / ${(sum(server) / 1000).toFixed(1)} s total; ` +
        `download ${ms(median(download))} / ${(sum(download) / 1000).toFixed(1)} s`,
    );
    console.log(
      `  per snapshot page in the app: last byte → write transaction opened ${ms(median(handOver))} median; ` +
        `transaction (decode, merge, write, commit) ${ms(median(stored))} median / ${(sum(stored) / 1000).toFixed(2)} s total`,
    );
    if (merging.length > 0) {
      console.log(
        `  of which: put, decode and merge ${ms(median(merging))} median (first page ${ms(merging[0])}); ` +
          `writes and commit ${ms(median(committing))} median (first page ${ms(committing[0])}) / ${(sum(committing) / 1000).toFixed(2)} s total`,
      );
    }
    for (const [gap, round] of longGaps) {
      const why =
        round % 200 === 0
          ? ": a sync ends after at most 200 rounds (MAX_ROUNDS, app/src/sync/engine.rs) and the next starts on the 60 s timer"
          : "";
      console.log(`  idle ${(gap / 1000).toFixed(1)} s after round ${round}${why}`);
    }
    if (longGaps.length > 0 && sync.syncMs !== null) {
      const busy = sync.syncMs - sum(longGaps.map(([gap]) => gap));
      sync.busyRate = Math.round(expected / (busy / 1000));
      console.log(`  without those idle gaps: ${(busy / 1000).toFixed(2)} s, ${sync.busyRate} records/s`);
    }
    return { context, page, sync };
  }
  const syncRuns = [];
  for (let run = 0; run < SYNC_RUNS; run += 1) {
    console.log(`initial sync, run ${run + 1} of ${SYNC_RUNS}:`);
    const taken = await initialSync(run);
    syncRuns.push(taken);
    if (run + 1 < SYNC_RUNS) await taken.context.close();
  }
  const { page, context } = syncRuns[syncRuns.length - 1];
  const syncTimes = syncRuns.map((r) => r.sync.syncMs);
  Object.assign(figures, syncRuns[syncRuns.length - 1].sync);
  figures.syncRuns = syncTimes;
  figures.syncMs = syncTimes.includes(null) ? null : median(syncTimes);
  figures.syncIdleMs = median(syncRuns.map((r) => r.sync.syncIdleMs ?? Infinity));
  console.log(
    `initial sync, ${SYNC_RUNS} runs${LATENCY_MS > 0 ? ` (${LATENCY_MS} ms added to each request)` : ""}: ${syncTimes.map((t) => (t === null ? "–" : `${(t / 1000).toFixed(2)} s`)).join(", ")}` +
      (figures.syncMs === null ? "" : `; median ${(figures.syncMs / 1000).toFixed(2)} s, ${Math.round(expected / (figures.syncMs / 1000))} records/s`),
  );
  // The worker alone, from node: snapshot pages of the app's size (2,500 records) and of the
  // most a page may hold (5,000); then the change log as devices pulled it before snapshots
  // (2,000 versions a page).
  for (const limit of [2500, 5000]) {
    const taken = await snapshotPages(worker, seeded.prefecture_token, limit);
    const p = taken.pages;
    figures[`snapshot${limit}`] = taken;
    console.log(
      `  worker alone, snapshot of ${limit} records a page: ${p.length} pages, ${sum(p.map((x) => x.records))} records, ` +
        `${(sum(p.map((x) => x.bytes)) / 1e6).toFixed(1)} MB in ${(taken.total / 1000).toFixed(2)} s ` +
        `(${Math.round(expected / (taken.total / 1000))} records/s); per page: server ${ms(median(p.map((x) => x.server)))}, ` +
        `download ${ms(median(p.map((x) => x.download)))}, JSON.parse in node ${ms(median(p.map((x) => x.parse)))}`,
    );
  }
  // The same 2,500-record pages with two requests in flight, and without compression.
  {
    const afters = figures.snapshot2500.pages.map((p) => p.after);
    const two = await snapshotPagesAgain(worker, seeded.prefecture_token, afters, 2500, { lanes: 2 });
    const plain = await snapshotPagesAgain(worker, seeded.prefecture_token, afters, 2500, { encoding: "identity" });
    figures.snapshotTwoInFlightMs = two;
    figures.snapshotUncompressedMs = plain;
    console.log(
      `  worker alone, the same ${afters.length} pages: two requests in flight ${(two / 1000).toFixed(2)} s; ` +
        `one after the other without compression ${(plain / 1000).toFixed(2)} s`,
    );
  }
  for (const pageSize of [2000]) {
    const pulled = await pullPages(worker, seeded.prefecture_token, pageSize);
    const p = pulled.pages;
    figures[`node${pageSize}`] = pulled;
    console.log(
      `  worker alone, page_size ${pageSize}: ${p.length} pages, ${sum(p.map((x) => x.changes))} changes, ` +
        `${(sum(p.map((x) => x.bytes)) / 1e6).toFixed(1)} MB in ${(pulled.total / 1000).toFixed(2)} s ` +
        `(${Math.round(expected / (pulled.total / 1000))} records/s); per page: server ${ms(median(p.map((x) => x.server)))}, ` +
        `download ${ms(median(p.map((x) => x.download)))}, JSON.parse in node ${ms(median(p.map((x) => x.parse)))}`,
    );
  }

  // TSUNAGU_BENCH_SYNC_ONLY=1: only the initial sync and the worker alone, for quick turns.
  dashboards: {
    if (process.env.TSUNAGU_BENCH_SYNC_ONLY) {
      console.log("TSUNAGU_BENCH_SYNC_ONLY: the dashboards are skipped");
      break dashboards;
    }
    // 3. Hokkaido dashboard.
    await page.goto(`${worker.origin}/prefecture`, { waitUntil: "load" });
    await waitShown(page, HOKKAIDO_MUNICIPALITIES);
    const hokkaido = [];
    for (let i = 0; i < HOKKAIDO_RUNS; i += 1) {
      const result = await reloadDashboard(page);
      hokkaido.push(result);
      await waitShown(page, HOKKAIDO_MUNICIPALITIES, 60_000);
    }
    figures.hokkaido = hokkaido;
    console.log(
      `Hokkaido dashboard (${HOKKAIDO_RUNS} reloads): first render shows ${hokkaido[0].first.rows} rows ` +
        `("${hokkaido[0].first.shown}"); from IndexedDB median ${ms(median(hokkaido.map((r) => r.storage)))}, ` +
        `max ${ms(max(hokkaido.map((r) => r.storage)))}; from navigation start median ` +
        `${ms(median(hokkaido.map((r) => r.navigation)))}, max ${ms(max(hokkaido.map((r) => r.navigation)))}`,
    );
    console.log(describeLoad(medianRun(hokkaido)));

    // 4. National dashboard from synthesised rows.
    const { stdout: rowsOut, stderr: rowsErr } = await run(
      CLI,
      ["summary-rows", "--measures", String(MEASURES)],
      { cwd: ROOT, encoding: "utf8", timeout: 5 * 60_000, maxBuffer: 64 << 20 },
    );
    const national = JSON.parse(rowsOut);
    figures.summaryRowsLog = rowsErr.trim();
    figures.nationalBytes = rowsOut.length;
    console.log(rowsErr.trim());
    console.log(
      "national dashboard: the app's cache keeper rewrites the summaries from the (Hokkaido) replica " +
        "once it has loaded, so the national rows are written again before every reload and only the first " +
        `${MARK} mark of each load is used`,
    );
    const nationwide = [];
    const writes = [];
    for (let i = 0; i < NATIONAL_RUNS; i += 1) {
      writes.push(await page.evaluate(writeSummaries, national));
      const result = await reloadDashboard(page);
      nationwide.push(result);
      // The keeper's rewrite has happened once Hokkaido's 179 are back: the next write follows it.
      await waitShown(page, HOKKAIDO_MUNICIPALITIES, 60_000);
    }
    figures.national = nationwide;
    const firstShown = nationwide.map((r) => r.first.rows);
    console.log(
      `national dashboard (${NATIONAL_RUNS} reloads, ${national.length} rows written in ` +
        `${ms(median(writes))} median): first render shows ${firstShown.join("/")} rows ("${nationwide[0].first.shown}"); ` +
        `from IndexedDB median ${ms(median(nationwide.map((r) => r.storage)))}, max ${ms(max(nationwide.map((r) => r.storage)))}; ` +
        `from navigation start median ${ms(median(nationwide.map((r) => r.navigation)))}, max ${ms(max(nationwide.map((r) => r.navigation)))}`,
    );
    console.log(describeLoad(medianRun(nationwide)));
    if (firstShown.some((n) => n !== NATIONAL_MUNICIPALITIES)) {
      console.log(`  warning: a first render did not show ${NATIONAL_MUNICIPALITIES} rows: that run measured something else`);
    }

    // 5. The dashboard alone: a second browser with the same connection row but no replica
    //    (sync blocked), so nothing but the summaries is read from IndexedDB. Its cache keeper
    //    rewrites the summaries from the empty replica after loading: written again every reload.
    const connectionRows = (await page.evaluate(readStore, "meta")).filter((row) => row.key === "connection");
    const hokkaidoRows = (await page.evaluate(readStore, "summaries")).map(({ key, value }) => ({
      key,
      value: JSON.parse(value),
    }));
    const bare = await browser.newContext();
    await bare.addInitScript(instrument, MARK);
    await bare.route("**/v1/**", (route) => route.abort());
    const barePage = await bare.newPage();
    await barePage.goto(`${worker.origin}/connect`, { waitUntil: "load" });
    // The app has created its database (with the summaries store) before anything is written.
    for (let poll = 0; poll < 600; poll += 1) {
      if ((await barePage.evaluate(countSummaries)) >= 0) break;
      await sleep(POLL_MS);
    }
    await barePage.evaluate(putRows, { name: "meta", rows: connectionRows });
    const keeperDone = async () => {
      for (let poll = 0; poll < 100 && (await barePage.evaluate(countSummaries)) !== 1; poll += 1) {
        await sleep(POLL_MS);
      }
    };
    await barePage.goto(`${worker.origin}/prefecture`, { waitUntil: "load" });
    await keeperDone();
    const alone = {};
    for (const [label, rows, expectedRows] of [
      ["Hokkaido", hokkaidoRows, HOKKAIDO_MUNICIPALITIES],
      ["national", national, NATIONAL_MUNICIPALITIES],
    ]) {
      const results = [];
      for (let i = 0; i < NATIONAL_RUNS; i += 1) {
        await barePage.evaluate(writeSummaries, rows);
        results.push(await reloadDashboard(barePage));
        // The keeper's rewrite (only the areas row left) must not land after the next write.
        await keeperDone();
      }
      alone[label] = results;
      console.log(
        `${label} dashboard alone (empty replica, ${NATIONAL_RUNS} reloads): first render shows ` +
          `${results.map((r) => r.first.rows).join("/")} rows (expected ${expectedRows}); from IndexedDB median ` +
          `${ms(median(results.map((r) => r.storage)))}, max ${ms(max(results.map((r) => r.storage)))}; from navigation ` +
          `start median ${ms(median(results.map((r) => r.navigation)))}`,
      );
      console.log(describeLoad(medianRun(results)));
    }
    await bare.close();

    // 6. The table.
    const rate = figures.syncMs ? Math.round(expected / (figures.syncMs / 1000)) : null;
    console.log("");
    console.log(`prefecture dashboard at scale (${MEASURES} measures per municipality), headless Chromium`);
    table([
      ["figure", "median", "max (or rate)", "target"],
      [
        `initial sync, ${expected} records (connect click → all in IndexedDB)`,
        figures.syncMs === null ? "not within 10 min" : `${(figures.syncMs / 1000).toFixed(2)} s`,
        rate === null ? "–" : `${rate} records/s`,
        "≥ 20000 records/s",
      ],
      [
        "  … until the sync bar is idle",
        figures.syncIdleMs === null ? "–" : `${(figures.syncIdleMs / 1000).toFixed(2)} s`,
        `${figures.rounds} rounds`,
        "",
      ],
      ...timingRows(`Hokkaido dashboard (${HOKKAIDO_MUNICIPALITIES})`, hokkaido, alone.Hokkaido, "≤ 100 ms"),
      ...timingRows(`national dashboard (${NATIONAL_MUNICIPALITIES})`, nationwide, alone.national, "≤ 1000 ms"),
    ]);
  }
  await context.close();
} finally {
  await browser.close();
  await worker.stop();
}

/** The three table rows of one dashboard: from IndexedDB, from navigation start, alone. */
function timingRows(label, runs, aloneRuns, target) {
  const row = (name, values, goal) => [name, ms(median(values)), ms(max(values)), goal];
  return [
    row(`${label}, from IndexedDB`, runs.map((r) => r.storage), target),
    row("  … from navigation start (incl. wasm)", runs.map((r) => r.navigation), ""),
    row("  … the dashboard alone (empty replica), from IndexedDB", aloneRuns.map((r) => r.storage), ""),
  ];
}
