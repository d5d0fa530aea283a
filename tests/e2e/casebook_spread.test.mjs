// 横展開 of any measure (issue 25), end to end in Chromium against the real worker: the
// prefecture finds a town's (遠野市) measure in its cross-town measure search and makes it a
// case of its casebook in one click (pre-filled from the measure and its KPI, naming the
// measure), completes and publishes it; a second town (盛岡市) adopts it, and its measure page
// links back to the case and offers 事例として提案 for its own measure; after a sync the
// prefecture's dashboard shows the case in its 横展開 view with one town, linking to the case.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/casebook_spread.test.mjs
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  WORKER_START_TIMEOUT_MS,
  connectApp,
  eventually,
  iwateAndTwoTowns,
  mainShows,
  pageText,
  pullRecords,
  pushRecords,
  syncUntilSent,
  workerAndBrowser,
} from "./support.mjs";

const IWATE = "030007";
const TONO = "032085";
const MORIOKA = "032018";
const STEP_MS = 60_000;
const TITLE = "児童手当のオンライン申請";
const MEASURE = "032085-m-e2espread";
async function open(browser, worker, token) {
  const context = await browser.newContext({ locale: "ja-JP" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await connectApp(page, worker, token);
  return { context, page, errors };
}

describe("spreading a measure through the casebook", { timeout: WORKER_START_TIMEOUT_MS + 8 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("the prefecture publishes a town's measure from its search, another town adopts it, the dashboard counts it", { timeout: 7 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const { admin, tono, morioka } = await iwateAndTwoTowns(worker);
    await pushRecords(worker, tono, [
      { kind: "plan", id: "032085-plan-spread", org: TONO, fields: { title: "遠野市DX推進計画", start_fy: 2022, end_fy: 2025 } },
      {
        kind: "measure",
        id: MEASURE,
        org: TONO,
        fields: {
          plan_id: "032085-plan-spread",
          title: TITLE,
          department: "こども家庭課",
          status: "完了",
          percent: 100,
          notes: "マイナポータルから児童手当を申請できるようにした。",
        },
      },
      {
        kind: "kpi",
        id: "032085-k-e2espread",
        org: TONO,
        fields: { measure_id: MEASURE, name: "オンライン申請率", unit: "%", baseline: 0, actual_fy2024: 45 },
      },
    ]);
    await pushRecords(worker, morioka, [
      { kind: "plan", id: "032018-plan-spread", org: MORIOKA, fields: { title: "盛岡市DX計画", start_fy: 2024, end_fy: 2028 } },
    ]);

    // The prefecture: 施策検索 → 事例にする → the editor with the draft from the measure.
    const pref = await open(browser, worker, admin);
    await pref.page.goto(`${worker.origin}/prefecture/measures`, { waitUntil: "load" });
    const makeCase = pref.page.getByRole("link", { name: `${TITLE} を事例にする` });
    await makeCase.waitFor({ timeout: STEP_MS });
    await makeCase.click();
    await pref.page.locator("#case-point").waitFor({ timeout: STEP_MS });
    await mainShows(pref.page, "what publishing still needs", "施策から県の事例の下書きを作りました");
    assert.equal(await pref.page.locator("#case-title").inputValue(), TITLE);
    assert.equal(await pref.page.locator("#case-organisation").inputValue(), "遠野市");
    assert.equal(await pref.page.locator("#case-contact_department").inputValue(), "こども家庭課");
    assert.match(await pref.page.locator("#case-effects").inputValue(), /オンライン申請率: 0% → 45%/);
    await pref.page.locator("#case-category").fill("行政手続のオンライン化");
    await pref.page.locator("#case-point").fill("児童手当の申請をオンラインで完結");
    await pref.page.getByRole("button", { name: "保存して公開する" }).click();
    await mainShows(pref.page, "published", "県の事例集に公開しました");
    await syncUntilSent(pref.page);
    const prefRecords = await pullRecords(worker, admin);
    const [caseKey, stored] =
      Object.entries(prefRecords).find(([key, fields]) => key.startsWith(`case/${IWATE}-case-`) && fields.source_measure === MEASURE) ?? [];
    assert.ok(caseKey, "the prefecture's case names the measure");
    assert.equal(stored.state, "published");
    const caseId = caseKey.slice("case/".length);

    // Making a case of the same measure again opens the one made.
    await pref.page.goto(`${worker.origin}/casebook?propose=${MEASURE}`, { waitUntil: "load" });
    await mainShows(pref.page, "one case per measure", "この施策はすでに県の事例にしています");
    await pref.page.locator(".case-sheet").waitFor({ timeout: STEP_MS });

    // Morioka adopts it; its measure page links to the case and offers to propose it.
    const town = await open(browser, worker, morioka);
    const { page } = town;
    await page.goto(`${worker.origin}/casebook?case=${caseId}`, { waitUntil: "load" });
    await page.locator(".case-sheet").waitFor({ timeout: STEP_MS });
    await page.getByRole("button", { name: "うちでも取り組む" }).click();
    await page.getByRole("link", { name: "追加した施策を開く" }).click();
    await page.waitForURL(/\/measures\/032018-m-[0-9a-f]{8}$/, { timeout: STEP_MS });
    const adoptedId = new URL(page.url()).pathname.split("/").pop();
    const back = page.getByRole("link", { name: "取り込んだ事例を見る" });
    await back.waitFor({ timeout: STEP_MS });
    assert.equal(await back.getAttribute("href"), `/casebook?case=${caseId}`);
    const propose = page.getByRole("link", { name: "事例として提案" });
    assert.equal(await propose.getAttribute("href"), `/casebook?propose=${adoptedId}`);
    await back.click();
    await page.locator(".case-sheet").waitFor({ timeout: STEP_MS });
    assert.ok((await page.locator(".case-sheet h2").innerText()).includes(TITLE));
    await page.goBack();
    await propose.waitFor({ timeout: STEP_MS });
    await propose.click();
    await page.locator("#case-point").waitFor({ timeout: STEP_MS });
    assert.equal(await page.locator("#case-title").inputValue(), TITLE, "a draft of Morioka's own from its measure");
    await syncUntilSent(page);
    const adopted = (await pullRecords(worker, morioka))[`measure/${adoptedId}`];
    assert.equal(adopted?.source_case, caseId, "the adopted measure names the case");

    // The prefecture's dashboard: the case by adopters, one town, linking to the case.
    await pref.page.goto(`${worker.origin}/prefecture`, { waitUntil: "load" });
    const reach = pref.page.locator("#casebook-reach");
    await eventually("the dashboard counts one town", async () => {
      const row = reach.locator(".reach-table tr", { hasText: TITLE });
      return (await row.count()) === 1 && /\t1\t/.test(await row.innerText());
    }, { ms: STEP_MS, onWait: () => pref.page.locator("button.sync-bar__now").click(), describe: () => pageText(pref.page) });
    await reach.locator("#casebook-order").selectOption("progress");
    await eventually("ordered by progress", async () => (await reach.locator("#casebook-order").inputValue()) === "progress", { ms: STEP_MS });
    await reach.getByRole("link", { name: TITLE }).click();
    await pref.page.waitForURL(new RegExp(`/casebook\\?case=${caseId}$`), { timeout: STEP_MS });
    const adopters = pref.page.locator("table.adopters tbody tr");
    await adopters.first().waitFor({ timeout: STEP_MS });
    assert.match(await adopters.first().innerText(), /盛岡市[\s\S]*未着手[\s\S]*0%/);

    for (const { errors } of [pref, town]) assert.deepEqual(errors, [], "no uncaught errors");
    for (const { context } of [pref, town]) await context.close();
  });
});
