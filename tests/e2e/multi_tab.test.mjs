// One browser profile, three tabs: each edits a different measure with the worker down; every
// tab shows the others' edits without a reload, one tab is reloaded, and the tab that syncs
// (the first one, holding the device's Web Lock) is closed in the middle of a sync once the
// worker is back. Every edit must reach the server (read back by another client) and show in
// every tab that is left. Before one writer owned the device's sequence, two tabs' writes took
// the same number and one of them vanished.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/multi_tab.test.mjs
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
  pushRecords,
  restartWorker,
  workerAndBrowser,
} from "./support.mjs";

const TONO = "032085";
const PLAN_ID = "e2e-tabs-plan";
const MEASURES = ["e2e-tabs-1", "e2e-tabs-2", "e2e-tabs-3"];
const PENDING = ".sync-bar__pending";
const STEP_MS = 60_000;

const titleInput = (id) => `#f-measure-${id}-title`;

async function seed(worker, token) {
  await pushRecords(worker, token, [
    { kind: "plan", id: PLAN_ID, org: TONO, fields: { title: "遠野市DX推進計画 タブ", start_fy: 2024, end_fy: 2028 } },
    ...MEASURES.map((id, n) => ({
      kind: "measure",
      id,
      org: TONO,
      fields: { plan_id: PLAN_ID, title: `施策${n + 1}` },
    })),
  ]);
}

/** Opens a measure's editor in `page` and waits for its title to have synced in. */
async function openMeasure(page, worker, id, title) {
  await page.goto(`${worker.origin}/measures/${id}`, { waitUntil: "load" });
  await eventually(
    `measure ${id} shows its title`,
    async () => (await page.locator(titleInput(id)).count()) > 0 && (await page.locator(titleInput(id)).inputValue()) === title,
    { describe: () => pageText(page) },
  );
}

async function editTitle(page, id, title) {
  const input = page.locator(titleInput(id));
  await input.fill(title);
  await input.press("Tab"); // change, then blur: the write is stored
}

function pendingIs(page, text) {
  return page.locator(PENDING).filter({ hasText: text }).waitFor({ timeout: STEP_MS });
}

describe("several tabs of one profile are one device", { timeout: WORKER_START_TIMEOUT_MS + 6 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("offline edits in three tabs, a reload and the syncing tab closed mid-sync lose nothing", { timeout: 5 * STEP_MS }, async () => {
    let { worker } = env;
    const { browser } = env;
    const loader = await issueToken(worker, { label: "e2e 読み込み" });
    const editor = await issueToken(worker, { label: "e2e 遠野市 タブ" });
    await seed(worker, loader);

    // One context is one profile: its pages share IndexedDB, Web Locks and BroadcastChannel.
    const context = await browser.newContext({ locale: "ja-JP" });
    const pageErrors = [];
    const open = async () => {
      const page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(String(error)));
      return page;
    };
    const first = await open();
    await connectApp(first, worker, editor);
    await openMeasure(first, worker, MEASURES[0], "施策1");
    const second = await open();
    await openMeasure(second, worker, MEASURES[1], "施策2");
    const third = await open();
    await openMeasure(third, worker, MEASURES[2], "施策3");
    for (const page of [first, second, third]) await pendingIs(page, "未送信なし");

    await worker.stop({ keepState: true });
    const edits = ["施策1 タブ1で編集", "施策2 タブ2で編集", "施策3 タブ3で編集"];
    // All three at once, as fast as the browser takes them.
    await Promise.all([first, second, third].map((page, n) => editTitle(page, MEASURES[n], edits[n])));
    // Every tab counts every tab's unsent edit, without a reload.
    for (const page of [first, second, third]) await pendingIs(page, "未送信 3件");

    // The second tab is reloaded (offline: from the service worker); its edit is still there.
    await second.reload({ waitUntil: "load" });
    await eventually(
      "after a reload the second tab shows its edit",
      async () => (await second.locator(titleInput(MEASURES[1])).count()) > 0 &&
        (await second.locator(titleInput(MEASURES[1])).inputValue()) === edits[1],
      { describe: () => pageText(second) },
    );
    await pendingIs(second, "未送信 3件");

    // Another tab's edit shows in the second tab's plan, without a reload.
    await second.goto(`${worker.origin}/plan`, { waitUntil: "load" });
    await eventually("the plan in tab 2 shows tab 1's and tab 3's edits", async () => {
      const text = await second.locator("main").innerText();
      return text.includes(edits[0]) && text.includes(edits[2]);
    }, { describe: () => pageText(second) });

    worker = env.worker = await restartWorker(worker);
    // The first tab leads; it is closed right after it starts to sync, maybe mid-request.
    await first.locator("button.sync-bar__now").click();
    await first.close({ runBeforeUnload: false });

    // Another tab takes over and sends everything.
    const syncNow = third.locator("button.sync-bar__now");
    await eventually(
      "the remaining tabs have nothing left to send",
      async () =>
        (await third.locator(PENDING).innerText()).includes("未送信なし") &&
        (await second.locator(PENDING).innerText()).includes("未送信なし"),
      { onWait: () => syncNow.click(), describe: () => pageText(third) },
    );

    // On the server, as another client pulls it: all three edits, none lost.
    const records = await pullRecords(worker, loader);
    assert.deepEqual(
      MEASURES.map((id) => records[`measure/${id}`]?.title),
      edits,
      "every tab's edit reached the server",
    );
    // And every tab left shows all of them.
    await eventually("tab 2's plan shows all three edits", async () => {
      const text = await second.locator("main").innerText();
      return edits.every((edit) => text.includes(edit));
    }, { describe: () => pageText(second) });
    await third.goto(`${worker.origin}/plan`, { waitUntil: "load" });
    await eventually("tab 3's plan shows all three edits", async () => {
      const text = await third.locator("main").innerText();
      return edits.every((edit) => text.includes(edit));
    }, { describe: () => pageText(third) });
    assert.deepEqual(pageErrors, [], "no uncaught errors");
    await context.close();
  });
});
