// A backup of the worker's data put back under a connected app: the app is told
// `store_replaced`, takes a fresh snapshot, keeps its unsent edit and sends again its own edit
// the restore lost; the server ends with every edit and the app shows the server's data.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/store_restore.test.mjs
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
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
  syncUntilSent,
  workerAndBrowser,
} from "./support.mjs";

const TONO = "032085";
const PLAN_ID = `${TONO}-plan-restore`;
const MEASURES = ["1", "2", "3"].map((n) => `${TONO}-m-restore${n}`);
const STEP_MS = 60_000;

const titleInput = (id) => `#f-measure-${id}-title`;

describe("a backup put back under a connected app", { timeout: 3 * WORKER_START_TIMEOUT_MS + 6 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("no edit is lost and the app shows the server's data", { timeout: 2 * WORKER_START_TIMEOUT_MS + 5 * STEP_MS }, async () => {
    let { worker } = env;
    const loader = await issueToken(worker, { label: "e2e 読み込み" });
    const editor = await issueToken(worker, { label: "e2e 遠野市 本庁" });
    const colleague = await issueToken(worker, { label: "e2e 遠野市 出張所" });
    await pushRecords(worker, loader, [
      { kind: "plan", id: PLAN_ID, org: TONO, fields: { title: "遠野市DX推進計画 復元", start_fy: 2024, end_fy: 2028 } },
      ...MEASURES.map((id, n) => ({ kind: "measure", id, org: TONO, fields: { plan_id: PLAN_ID, title: `施策${n + 1}` } })),
    ]);

    const context = await env.browser.newContext({ locale: "ja-JP" });
    const page = await context.newPage();
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await connectApp(page, worker, editor);
    const edit = async (id, value) => {
      await page.goto(`${worker.origin}/measures/${id}`, { waitUntil: "load" });
      const input = page.locator(titleInput(id));
      await eventually(`measure ${id} is in the app`, async () => (await input.count()) > 0 && (await input.inputValue()) !== "", {
        describe: () => pageText(page),
      });
      await input.fill(value);
      await input.press("Tab");
    };
    await edit(MEASURES[0], "施策1");
    await syncUntilSent(page);

    // The backup, taken with the worker stopped.
    await worker.stop({ keepState: true });
    const backup = join(worker.dir, "backup");
    cpSync(join(worker.dir, "state"), backup, { recursive: true });
    worker = env.worker = await restartWorker(worker);

    // The app edits after the backup, and pulls its own edit back.
    await edit(MEASURES[0], "施策1 全庁展開");
    await syncUntilSent(page);

    // The backup is put back; a colleague writes first, on the log positions the app pulled.
    await worker.stop({ keepState: true });
    rmSync(join(worker.dir, "state"), { recursive: true, force: true });
    cpSync(backup, join(worker.dir, "state"), { recursive: true });
    worker = env.worker = await restartWorker(worker);
    await pushRecords(worker, colleague, [
      { kind: "measure", id: MEASURES[1], org: TONO, fields: { title: "施策2 出張所で更新", notes: "復元後の書き込み" } },
    ]);

    // An edit made now goes out with everything the app must send again.
    await edit(MEASURES[2], "施策3 復元の後");
    await syncUntilSent(page);

    const records = await pullRecords(worker, loader);
    assert.equal(records[`measure/${MEASURES[0]}`]?.title, "施策1 全庁展開", "the edit the restore lost came back");
    assert.equal(records[`measure/${MEASURES[1]}`]?.title, "施策2 出張所で更新", "the colleague's edit stays");
    assert.equal(records[`measure/${MEASURES[2]}`]?.title, "施策3 復元の後", "the unsent edit went out");

    // The app shows the server's data: the colleague's edit, pulled with the fresh snapshot.
    await page.goto(`${worker.origin}/measures/${MEASURES[1]}`, { waitUntil: "load" });
    await eventually(
      "the app shows the colleague's edit",
      async () => {
        const input = page.locator(titleInput(MEASURES[1]));
        return (await input.count()) > 0 && (await input.inputValue()) === "施策2 出張所で更新";
      },
      { describe: () => pageText(page) },
    );
    assert.doesNotMatch(await page.locator(".sync-bar").innerText(), /バックアップ/, "no error is left in the sync bar");
    assert.deepEqual(pageErrors, [], "no uncaught errors");
    await context.close();
  });
});
