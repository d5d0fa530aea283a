// An edit made with the sync worker down is kept on the device, survives a reload (the app
// comes from the service worker), and reaches the server once the worker is back.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  WORKER_START_TIMEOUT_MS,
  connectApp,
  eventually,
  issueToken,
  pageText,
  pullRecords,
  recordHistory,
  seedTonoMeasure,
  restartWorker,
  workerAndBrowser,
} from "./support.mjs";

const TONO = "032085";
const PLAN_ID = "e2e-offline-plan";
const MEASURE_ID = "e2e-offline-measure";
const TITLE_INPUT = `#f-measure-${MEASURE_ID}-title`;
const PENDING = ".sync-bar__pending";
const STEP_MS = 60_000;

describe("offline edits sync when the worker is back", { timeout: WORKER_START_TIMEOUT_MS + 4 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("edit offline, reload offline, sync after restart", { timeout: 3 * STEP_MS }, async () => {
    let { worker } = env;
    const { browser } = env;
    const loader = await issueToken(worker, { label: "e2e 読み込み" });
    const editor = await issueToken(worker, { label: "e2e 遠野市 編集者" });
    await seedTonoMeasure(worker, loader, { planId: PLAN_ID, measureId: MEASURE_ID, title: "オンライン申請の拡大" });

    const context = await browser.newContext({ locale: "ja-JP" });
    const page = await context.newPage();
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    // The app edits, syncs and reloads offline under its Content-Security-Policy.
    const cspViolations = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await connectApp(page, worker, editor);
    // Asked on connecting, the browser's answer on keeping this device's data is shown.
    assert.match(
      await page.locator("#identity-storage").innerText({ timeout: STEP_MS }),
      /^(保護されています|容量が不足すると)/,
    );
    await page.goto(`${worker.origin}/measures/${MEASURE_ID}`, { waitUntil: "load" });
    const title = page.locator(TITLE_INPUT);
    await eventually("the measure synced into the app", async () =>
      (await title.count()) > 0 && (await title.inputValue()) === "オンライン申請の拡大",
    );
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, {
      timeout: STEP_MS,
    });
    await page.locator(PENDING).filter({ hasText: "未送信なし" }).waitFor({ timeout: STEP_MS });

    // The worker goes away; its state stays on disk.
    await worker.stop({ keepState: true });
    const edited = "オンライン申請の拡大 オフラインで編集"; // stored as typed (NFKC folds full-width signs)
    await title.fill(edited);
    await title.press("Tab"); // change, then blur
    const badge = page.locator(".me-sync[role=status]");
    await eventually("the badge says saved on this device, 1 field pending", async () => {
      const text = await badge.innerText();
      return text.includes("この端末に保存済み") && text.includes("未同期の項目: 1件") && text;
    });
    await page.locator(PENDING).filter({ hasText: "未送信 1件" }).waitFor({ timeout: STEP_MS });
    // The debounced sync (2 s after the write) has failed: the write is long stored.
    await page.locator(".sync-bar__reach--offline").waitFor({ timeout: STEP_MS });

    await page.reload({ waitUntil: "load" });
    await eventually(
      "after an offline reload, the edit is shown",
      async () => (await title.count()) > 0 && (await title.inputValue()) === edited,
      { describe: () => pageText(page) },
    );
    await page.locator(PENDING).filter({ hasText: "未送信 1件" }).waitFor({ timeout: STEP_MS });
    // How current the data is stays visible offline: the last sync before the worker stopped.
    assert.match(await page.locator(".sync-bar__last").innerText(), /^最終同期 \S/);
    assert.ok(
      await page.evaluate(() => navigator.serviceWorker?.controller != null),
      "the offline page is controlled by the service worker",
    );

    worker = env.worker = await restartWorker(worker);
    const syncNow = page.locator("button.sync-bar__now");
    await eventually(
      "the pending change is sent",
      async () => (await page.locator(PENDING).innerText()).includes("未送信なし"),
      { onWait: () => syncNow.click() },
    );
    await eventually("the badge says synced", async () =>
      (await badge.innerText()).includes("同期済み"),
    );

    // On the server, as another user pulls it.
    const records = await pullRecords(worker, loader);
    assert.equal(records[`measure/${MEASURE_ID}`]?.title, edited);
    const history = await recordHistory(worker, loader, "measure", MEASURE_ID);
    assert.ok(
      JSON.stringify(history).includes(edited),
      `the record's history has the edit: ${JSON.stringify(history).slice(0, 500)}`,
    );
    assert.deepEqual(pageErrors, [], "no uncaught errors");
    assert.deepEqual(cspViolations, [], "nothing broke the Content-Security-Policy");
    await context.close();
  });
});
