// The casebook (事例集, 横展開, issue 25), end to end in Chromium against the real worker: a town
// (遠野市) proposes one of its measures as a case, the prefecture publishes it, a second town
// (盛岡市) finds it by a word of its overview while offline (the page reloaded from the service
// worker, the casebook searched in the tools module), adopts it into its plan, syncs, and the
// prefecture sees one adopter with that town's progress; the printed case (print media) and
// the casebook's XLSX export are read back.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/casebook.test.mjs
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import XLSX from "xlsx";

import {
  WORKER_START_TIMEOUT_MS,
  connectApp,
  deferredStored,
  download,
  eventually,
  iwateAndTwoTowns,
  mainShows,
  pageText,
  parseCsv,
  pullRecords,
  pushRecords,
  syncUntilSent,
  workerAndBrowser,
} from "./support.mjs";

const IWATE = "030007";
const TONO = "032085";
const MORIOKA = "032018";
const STEP_MS = 60_000;
const TITLE = "書かない窓口の導入";
const OVERVIEW_WORD = "申請書";
// The casebook's file: the case's every field between its ID and origin and its source and reach.
const EXPORT_HEADERS = [
  "ID", "区分", "事例名", "分類", "団体名", "人口規模", "分野", "ポイント", "事業の概要", "事業効果",
  "初期費用（円）", "運用費用（円/年）", "費用の内訳", "費用の補足", "検討から導入までの期間", "スケジュール",
  "ベンダー・サービス・運用形態", "その他の関係者", "担当部署", "電話", "メール", "担当者インタビュー",
  "出典", "取り組む団体数",
];
async function open(browser, worker, token) {
  const context = await browser.newContext({ locale: "ja-JP", acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await connectApp(page, worker, token);
  return { context, page, errors };
}

/** Opens the casebook from the navigation and waits for its markup (written by the tools module). */
async function openCasebook(page) {
  await page.getByRole("link", { name: "事例集", exact: true }).click();
  await page.locator("#casebook nav.tabs").waitFor({ timeout: STEP_MS });
}

describe("the casebook", { timeout: WORKER_START_TIMEOUT_MS + 10 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("a town proposes, the prefecture publishes, another town finds it offline and adopts it", { timeout: 8 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const { admin, tono, morioka } = await iwateAndTwoTowns(worker);
    await pushRecords(worker, tono, [
      { kind: "plan", id: "032085-plan-e2e", org: TONO, fields: { title: "遠野市DX推進計画", start_fy: 2022, end_fy: 2025 } },
      {
        kind: "measure",
        id: "032085-m-e2ecase",
        org: TONO,
        fields: {
          plan_id: "032085-plan-e2e",
          title: TITLE,
          department: "市民課",
          notes: "申請書を書かずに手続できる窓口を市民課に設けた。",
        },
      },
      {
        kind: "kpi",
        id: "032085-k-e2ecase",
        org: TONO,
        fields: { measure_id: "032085-m-e2ecase", name: "窓口の待ち時間", unit: "分", baseline: 30, actual_fy2024: 12 },
      },
    ]);
    await pushRecords(worker, morioka, [
      { kind: "plan", id: "032018-plan-e2e", org: MORIOKA, fields: { title: "盛岡市DX計画", start_fy: 2024, end_fy: 2028 } },
    ]);

    // Tono: a draft from its measure (text and KPI copied), completed and submitted.
    const town = await open(browser, worker, tono);
    await openCasebook(town.page);
    await town.page.getByRole("button", { name: "自団体の事例・提案" }).click();
    await town.page.locator("#casebook-measure").selectOption("032085-m-e2ecase");
    await town.page.getByRole("button", { name: "下書きを作る" }).click();
    await town.page.locator("#case-category").waitFor({ timeout: STEP_MS });
    assert.equal(await town.page.locator("#case-title").inputValue(), TITLE);
    assert.match(await town.page.locator("#case-effects").inputValue(), /窓口の待ち時間: 30分 → 12分/);
    await town.page.locator("#case-category").fill("窓口改革");
    await town.page.locator("#case-point").fill("書かない窓口で待ち時間を半分以下に");
    await town.page.locator("#case-cost_initial").fill("１２０万円");
    await town.page.getByRole("button", { name: "保存して県に提出する" }).click();
    await mainShows(town.page, "submitted", "県に提出しました");
    await syncUntilSent(town.page);
    const tonoRecords = await pullRecords(worker, tono);
    const [caseKey, stored] = Object.entries(tonoRecords).find(([key]) => key.startsWith("case/")) ?? [];
    assert.ok(caseKey, "Tono's case reached the server");
    assert.equal(stored.state, "proposed");
    assert.equal(stored.cost_initial, 1200000, "120万円 stored in yen");
    const caseId = caseKey.slice("case/".length);
    const publishedId = `${IWATE}-case-${caseId.replace(`${TONO}-case-`, `${TONO}-`)}`;

    // The prefecture publishes it.
    const pref = await open(browser, worker, admin);
    await openCasebook(pref.page);
    await pref.page.getByRole("button", { name: "提案と県の事例" }).click();
    await mainShows(pref.page, "the proposal is listed", TITLE);
    await pref.page.getByRole("button", { name: "県の事例集に公開する" }).click();
    await mainShows(pref.page, "published", "県の事例集に公開しました");
    await syncUntilSent(pref.page);
    const published = (await pullRecords(worker, morioka))[`case/${publishedId}`];
    assert.equal(published?.state, "published", "Morioka's token reads the published case");

    // Morioka: synced once online, then offline: the casebook searched by a word of the
    // overview, and adopted.
    const other = await open(browser, worker, morioka);
    const { page } = other;
    await openCasebook(page);
    await mainShows(page, "the published case reached Morioka", TITLE);
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: STEP_MS });
    await deferredStored(page);
    await other.context.setOffline(true);
    await page.reload({ waitUntil: "load" });
    await page.locator("#casebook-query").waitFor({ timeout: STEP_MS });
    await page.locator("#casebook-query").fill(OVERVIEW_WORD);
    await page.getByRole("button", { name: "検索", exact: true }).click();
    await eventually("the search finds it", async () => (await page.locator(".result-count").innerText()).startsWith("1件"), {
      ms: STEP_MS,
      describe: () => pageText(page),
    });
    await page.getByRole("button", { name: TITLE }).click();
    await page.locator(".case-sheet").waitFor({ timeout: STEP_MS });
    await page.getByRole("button", { name: "うちでも取り組む" }).click();
    await mainShows(page, "the adoption's notice", "計画に施策として追加しました");
    await page.getByRole("link", { name: "追加した施策を開く" }).click();
    await page.waitForURL(/\/measures\/032018-m-[0-9a-f]{8}$/, { timeout: STEP_MS });
    await eventually("the adopted measure opens", async () => (await page.locator("main h1").first().innerText()).includes(TITLE), {
      ms: STEP_MS,
      describe: () => pageText(page),
    });
    await other.context.setOffline(false);
    await syncUntilSent(page);
    const adopted = Object.entries(await pullRecords(worker, morioka)).find(([key, fields]) => key.startsWith("measure/") && fields.source_case === publishedId);
    assert.ok(adopted, "the adopted measure names its case");

    // The prefecture sees one adopter with Morioka's progress, in 横展開 and on the case.
    await pref.page.locator("button.sync-bar__now").click();
    await pref.page.getByRole("button", { name: "横展開の状況" }).click();
    await eventually("one town adopted it", async () => {
      const row = pref.page.locator(".reach-table tr", { hasText: TITLE });
      return (await row.count()) === 1 && /\t1\t/.test(await row.innerText());
    }, { ms: STEP_MS, onWait: () => pref.page.locator("button.sync-bar__now").click(), describe: () => pageText(pref.page) });
    await pref.page.locator(".reach-table").getByRole("button", { name: TITLE }).click();
    const adopters = pref.page.locator("table.adopters tbody tr");
    await adopters.first().waitFor({ timeout: STEP_MS });
    assert.equal(await adopters.count(), 1);
    assert.match(await adopters.first().innerText(), /盛岡市[\s\S]*未着手[\s\S]*0%/);

    // The printed case: with print media, the case alone, in its layout.
    await pref.page.emulateMedia({ media: "print" });
    assert.equal(await pref.page.locator(".main-nav").isVisible(), false, "no navigation on paper");
    assert.equal(await pref.page.locator("#casebook nav.tabs").isVisible(), false, "no tabs on paper");
    const sheet = await pref.page.locator(".case-sheet").innerText();
    for (const part of [TITLE, "【遠野市】", "Point ▶", "事業の概要", "事業効果", "1,200,000円", "担当部署", "市民課"]) {
      assert.ok(sheet.includes(part), `the printed case shows ${part}: ${sheet}`);
    }
    const pdf = await pref.page.pdf({ format: "A4" });
    assert.ok(pdf.length > 1000 && pdf.subarray(0, 4).toString() === "%PDF", "an A4 PDF");
    await pref.page.emulateMedia({ media: "screen" });

    // The XLSX export: one row per case, every field, read back cell by cell; the CSV the same.
    await pref.page.getByRole("button", { name: "事例を探す" }).click();
    const bytes = await download(pref.page, "Excel（XLSX）で保存");
    const book = XLSX.read(bytes, { type: "buffer" });
    const rows = XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]], { header: 1, defval: "" });
    assert.deepEqual(rows[0], EXPORT_HEADERS, "a column for every field of the case");
    assert.equal(rows.length, 1 + 1 + 14, "the header, the prefecture's case and the 14 national ones");
    const row = rows.find((cells) => cells[0] === publishedId);
    assert.ok(row, `the published case's row: ${JSON.stringify(rows.slice(0, 2))}`);
    const cell = (cells, header) => cells[EXPORT_HEADERS.indexOf(header)];
    const expected = {
      区分: "県の事例",
      事例名: TITLE,
      分類: "窓口改革",
      団体名: "遠野市",
      人口規模: "1万人以上5万人未満",
      ポイント: "書かない窓口で待ち時間を半分以下に",
      事業の概要: "申請書を書かずに手続できる窓口を市民課に設けた。",
      事業効果: "窓口の待ち時間: 30分 → 12分",
      "初期費用（円）": 1200000,
      担当部署: "市民課",
      取り組む団体数: 1,
    };
    for (const [header, value] of Object.entries(expected)) assert.equal(cell(row, header), value, header);
    const csv = parseCsv((await download(pref.page, "CSVで保存")).toString("utf8").replace(/^\uFEFF/, ""));
    assert.deepEqual(csv[0], EXPORT_HEADERS);
    const csvRow = csv.find((cells) => cells[0] === publishedId);
    assert.ok(csvRow, "the published case's CSV row");
    for (const [header, value] of Object.entries(expected)) assert.equal(cell(csvRow, header), String(value), `CSV ${header}`);

    for (const { errors } of [town, pref, other]) assert.deepEqual(errors, [], "no uncaught errors");
    for (const { context } of [town, pref, other]) await context.close();
  });
});
