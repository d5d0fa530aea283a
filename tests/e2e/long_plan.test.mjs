// A plan of 320 measures: the plan's list puts its first 300 rows on the page and a button adds
// the rest. Before, every row was laid out at once: a plan of 10,000 measures (an import) spent
// about 10 s in layout before the page answered (docs/import.md).
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/long_plan.test.mjs
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  WORKER_START_TIMEOUT_MS, connectApp, eventually, issueToken, pageText, pushRecords, syncNow, workerAndBrowser,
} from "./support.mjs";

const TONO = "032085";
const PLAN_ID = "e2e-long-plan";
const MEASURES = 320;
const STEP_MS = 60_000;

describe("a long plan's list", { timeout: WORKER_START_TIMEOUT_MS + 4 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("shows its first 300 measures, then the rest on request", { timeout: 3 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const token = await issueToken(worker, { label: "e2e 遠野市 長い計画" });
    const measures = Array.from({ length: MEASURES }, (_, n) => ({
      kind: "measure",
      id: `e2e-long-${String(n).padStart(3, "0")}`,
      org: TONO,
      fields: { plan_id: PLAN_ID, title: `長い計画の施策 ${n + 1}` },
    }));
    await pushRecords(worker, token, [
      { kind: "plan", id: PLAN_ID, org: TONO, fields: { title: "遠野市DX推進計画 長い計画", start_fy: 2024, end_fy: 2028 } },
    ]);
    // Pushes of at most 500 writes: 200 measures of two fields each.
    for (let at = 0; at < MEASURES; at += 200) await pushRecords(worker, token, measures.slice(at, at + 200));
    const page = await (await browser.newContext({ locale: "ja-JP" })).newPage();
    await connectApp(page, worker, token);
    await page.goto(`${worker.origin}/plan`);
    const count = page.locator(".measures .result-count");
    await eventually("every measure synced", async () => (await count.count()) > 0 && (await count.innerText()).includes(`全${MEASURES}件中`), {
      onWait: () => syncNow(page).catch(() => {}),
      describe: () => pageText(page),
    });
    assert.equal(await count.innerText(), `全${MEASURES}件中 300件を表示`);
    assert.equal(await page.locator(".measure-table tbody tr").count(), 300, "300 rows on the page");
    const more = page.getByRole("button", { name: "さらに20件を表示（残り20件）" });
    await more.click();
    await eventually("every row shown", async () => (await page.locator(".measure-table tbody tr").count()) === MEASURES);
    assert.equal(await count.innerText(), `全${MEASURES}件中 ${MEASURES}件を表示`);
    assert.equal(await more.count(), 0, "no button once everything shows");
    await page.context().close();
  });
});
