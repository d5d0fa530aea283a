// The tools module (tools/, XLSX export) is not part of the first load, yet works offline: the
// first visit never fetches it, the service worker stores it in the background afterwards
// (dist/sw.js's deferred list), and an XLSX exported with the sync worker stopped is a valid
// workbook (read back with SheetJS). When the module cannot be loaded, the page says so.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/tools_offline.test.mjs
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import XLSX from "xlsx";

import {
  DIST,
  WORKER_START_TIMEOUT_MS,
  choosePort,
  connectApp,
  download,
  eventually,
  issueToken,
  launchBrowser,
  launchProfile,
  pageText,
  requireBuiltApp,
  seedTonoMeasure,
  startWorker,
  syncNow,
  watchPage,
  deferredFiles,
} from "./support.mjs";

const STEP_MS = 60_000;
const TITLE = "窓口のオンライン化 e2e";
const XLSX_BUTTON = "Excel(XLSX)で保存";

/** Opens the plan and waits until it lists the seeded measure (syncing meanwhile). */
async function openPlan(page, origin, { sync }) {
  await page.goto(`${origin}/plan`, { waitUntil: "load" });
  await eventually("the plan lists the seeded measure", async () => (await page.locator("body").innerText()).includes(TITLE), {
    ms: STEP_MS,
    onWait: sync ? () => syncNow(page).catch(() => {}) : undefined,
    describe: () => pageText(page),
  });
}

/** The workbook's first sheet as rows, after checking it is a workbook at all. */
function firstSheetRows(bytes) {
  assert.equal(bytes.subarray(0, 2).toString("latin1"), "PK", "an XLSX is a ZIP file");
  const book = XLSX.read(bytes, { type: "buffer" });
  assert.ok(book.SheetNames.length >= 1, "the workbook has a sheet");
  return XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]], { header: 1 });
}

describe("tools module (XLSX) offline", { timeout: 2 * WORKER_START_TIMEOUT_MS + 10 * STEP_MS }, () => {
  let worker;
  let context;
  let work;

  before(async () => {
    requireBuiltApp();
    work = mkdtempSync(join(tmpdir(), "tsunagu-e2e-tools-"));
    const port = await choosePort();
    worker = await startWorker({ port, ...(process.env.TSUNAGU_E2E_DIST && { assets: DIST }) });
    context = await launchProfile(join(work, "profile"), { locale: "ja-JP", acceptDownloads: true });
  });

  after(async () => {
    await context?.close();
    if (worker) await worker.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("says in words when the module cannot be loaded, and the CSV still works", async () => {
    // No service worker here, and the module's files refused, as a network that lost them.
    const browser = await launchBrowser();
    try {
      const fresh = await browser.newContext({ locale: "ja-JP", acceptDownloads: true, serviceWorkers: "block" });
      await fresh.route(/\/(tools-worker\.js|tsunagu-tools-[^/]*)$/, (route) => route.abort());
      const page = await fresh.newPage();
      const seen = watchPage(page);
      const token = await issueToken(worker);
      await seedTonoMeasure(worker, token, { planId: "plan-e2e-tools-0", measureId: "m-e2e-tools-0", title: TITLE });
      await connectApp(page, worker, token);
      await openPlan(page, worker.origin, { sync: true });
      await page.getByRole("button", { name: XLSX_BUTTON }).first().click();
      const alert = page.locator(".form__problem[role=alert]").filter({ hasText: "Excelの書き出し機能を読み込めませんでした" });
      await alert.first().waitFor({ timeout: STEP_MS });
      // The button works again afterwards, and the CSV never needed the module.
      assert.equal(await page.getByRole("button", { name: XLSX_BUTTON }).first().isEnabled(), true);
      const csv = await download(page, "CSVで保存");
      assert.ok(csv.toString("utf8").includes(TITLE), "the CSV lists the measure");
      assert.deepEqual(seen.pageErrors, [], "no uncaught errors");
    } finally {
      await browser.close();
    }
  });

  test("is stored after the first visit without being loaded, and exports offline", async () => {
    const deferred = deferredFiles();
    assert.ok(deferred.some((path) => path.endsWith("_bg.wasm")), `sw.js defers the tools wasm: ${deferred}`);
    const page = await context.newPage();
    const seen = watchPage(page);
    const requested = [];
    page.on("request", (request) => requested.push(new URL(request.url()).pathname.slice(1)));

    await page.goto(`${worker.origin}/`, { waitUntil: "load" });
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: STEP_MS });
    const token = await issueToken(worker);
    await seedTonoMeasure(worker, token, { planId: "plan-e2e-tools", measureId: "m-e2e-tools", title: TITLE });
    await connectApp(page, worker, token);
    await openPlan(page, worker.origin, { sync: true });

    // Stored by the service worker in the background, never asked for by the page.
    await eventually("the service worker stored the deferred modules", () =>
      page.evaluate(async (paths) => {
        for (const name of await caches.keys()) {
          const cache = await caches.open(name);
          const stored = await Promise.all(paths.map((path) => cache.match(path)));
          if (stored.every(Boolean)) return true;
        }
        return false;
      }, deferred),
    );
    assert.deepEqual(
      requested.filter((path) => deferred.includes(path)),
      [],
      "the first visit does not load the tools module",
    );

    await worker.stop(); // and its port refuses connections
    seen.clear();
    await openPlan(page, worker.origin, { sync: false });
    const rows = firstSheetRows(await download(page, XLSX_BUTTON));
    assert.ok(
      rows.some((row) => row.includes(TITLE)),
      `the exported workbook lists the measure: ${JSON.stringify(rows.slice(0, 4))}`,
    );
    for (const path of deferred) assert.ok(requested.includes(path), `the export loaded ${path}`);
    assert.deepEqual(seen.failed, [], "no request for the app's files failed");
    assert.deepEqual(seen.notFromServiceWorker, [], "every file, the tools module's too, came from the service worker");
    assert.deepEqual(seen.pageErrors, [], "no uncaught errors");
    assert.deepEqual(seen.cspViolations, [], "nothing broke the Content-Security-Policy");

    // A second export reuses the running worker.
    const again = firstSheetRows(await download(page, XLSX_BUTTON));
    assert.ok(again.some((row) => row.includes(TITLE)));
    await page.close();
  });
});
