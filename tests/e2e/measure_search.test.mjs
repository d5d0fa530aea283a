// The prefecture's measure search (施策検索, /prefecture/measures, issue 25 item 6): two towns
// push measures; the prefecture's administrator, on a new device, finds them by a word inside a
// title (窓口 in 書かない窓口), by a full-width ＤＸ, by area (a parent area admits its
// sub-areas), status, 【重点】 and overdue; with the network cut the search still works from the
// device's replica, and its CSV and XLSX hold every match. A town's device is told the screen
// is the prefecture's.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/measure_search.test.mjs
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import XLSX from "xlsx";

import {
  WORKER_START_TIMEOUT_MS,
  connectApp,
  download,
  eventually,
  issueToken,
  pageText,
  parseCsv,
  pushRecords,
  workerAndBrowser,
} from "./support.mjs";

const IWATE = "030007";
const MORIOKA = "032018";
const TONO = "032085";
const STEP_MS = 60_000;
const ORGS = [
  { code: IWATE, kind: "prefecture", name: "岩手県", kana: "ｲﾜﾃｹﾝ" },
  { code: MORIOKA, kind: "municipality", name: "盛岡市", kana: "ﾓﾘｵｶｼ" },
  { code: TONO, kind: "municipality", name: "遠野市", kana: "ﾄｵﾉｼ" },
];

/** The result table's rows as their text, once the count reads `total` found. */
async function rows(page, total) {
  const count = page.getByTestId("measure-search-count");
  const none = page.getByText("条件に合う施策はありません。");
  await eventually(`the search finds ${total}`, async () => {
    if (total === 0) return (await none.count()) === 1;
    return (await count.count()) === 1 && (await count.innerText()).startsWith(`${total}件中`);
  }, { ms: STEP_MS, describe: () => pageText(page) });
  return page.locator("main table tbody tr").allInnerTexts();
}

describe("the measure search", { timeout: WORKER_START_TIMEOUT_MS + 5 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("the prefecture finds every town's measures by words and filters, offline too, and saves them", { timeout: 4 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const admin = await issueToken(worker, { org: IWATE, role: "prefecture_admin", label: "岩手県 DX推進課" });
    const tono = await issueToken(worker, { org: TONO, label: "遠野市 佐藤さん" });
    const morioka = await issueToken(worker, { org: MORIOKA, label: "盛岡市 田中さん" });
    const orgRecords = ORGS.map(({ code, ...fields }) => ({ kind: "organisation", id: code, org: code, fields: { code, ...fields } }));
    await pushRecords(worker, admin, orgRecords);
    await pushRecords(worker, tono, [
      { kind: "plan", id: "ms-tono-plan", org: TONO, fields: { title: "遠野市DX推進計画", start_fy: 2024, end_fy: 2028 } },
      {
        kind: "measure",
        id: "ms-tono-1",
        org: TONO,
        fields: { plan_id: "ms-tono-plan", title: "書かない窓口の導入", area: "online", priority: true, department: "市民課", status: "作業中", percent: 40 },
      },
      {
        kind: "measure",
        id: "ms-tono-2",
        org: TONO,
        fields: { plan_id: "ms-tono-plan", title: "DX推進計画の見直し", area: "organisation_planning", status: "未着手", deadline: "2020-03-31" },
      },
    ]);
    await pushRecords(worker, morioka, [
      { kind: "plan", id: "ms-morioka-plan", org: MORIOKA, fields: { title: "盛岡市DX計画", start_fy: 2024, end_fy: 2028 } },
      {
        kind: "measure",
        id: "ms-morioka-1",
        org: MORIOKA,
        fields: { plan_id: "ms-morioka-plan", title: "キャッシュレス決済", area: "online", status: "完了", percent: 100 },
      },
    ]);

    const context = await browser.newContext({ locale: "ja-JP", acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await connectApp(page, worker, admin);
    await page.getByRole("link", { name: "施策検索", exact: true }).click();
    await page.waitForURL(/\/prefecture\/measures$/);
    const all = await rows(page, 3);
    assert.ok(all.some((row) => row.includes("遠野市") && row.includes("書かない窓口の導入") && row.includes("【重点】")), `${all}`);
    assert.deepEqual(
      await page.locator('nav.main-nav a[aria-current="page"]').allInnerTexts(),
      ["施策検索"],
      "only the search's entry is marked current, not the dashboard's too",
    );

    // A word inside a title, typed and sent with Enter.
    await page.locator("#ms-query").fill("窓口");
    await page.locator("#ms-query").press("Enter");
    assert.match((await rows(page, 1))[0], /書かない窓口の導入/);
    // Full-width ＤＸ finds DX.
    await page.locator("#ms-query").fill("ＤＸ");
    await page.locator("#ms-query").press("Enter");
    assert.match((await rows(page, 1))[0], /DX推進計画の見直し/);
    await page.locator("#ms-query").fill("");
    await page.locator("#ms-query").press("Enter");
    await rows(page, 3);

    // The parent area 推進体制の構築 admits its sub-area 計画的な取組み; a status; 重点; overdue.
    await page.locator("#ms-area").selectOption("organisation");
    assert.match((await rows(page, 1))[0], /DX推進計画の見直し/);
    await page.locator("#ms-area").selectOption("online");
    await rows(page, 2);
    await page.locator("#ms-status").selectOption("完了");
    assert.match((await rows(page, 1))[0], /キャッシュレス決済/);
    await page.locator("#ms-status").selectOption("");
    await page.locator("#ms-area").selectOption("");
    await page.locator("#ms-priority").check();
    assert.match((await rows(page, 1))[0], /書かない窓口の導入/);
    await page.locator("#ms-priority").uncheck();
    await page.locator("#ms-overdue").check();
    assert.match((await rows(page, 1))[0], /DX推進計画の見直し/);
    await page.locator("#ms-overdue").uncheck();
    await rows(page, 3);

    // Offline: the page reloaded from the service worker searches the device's replica.
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: STEP_MS });
    await eventually("the tools module is stored for offline use", () =>
      page.evaluate(async () => {
        for (const name of await caches.keys()) {
          const keys = await (await caches.open(name)).keys();
          if (keys.some((request) => /tsunagu-tools.*\.wasm$/.test(request.url))) return true;
        }
        return false;
      }),
    );
    await context.setOffline(true);
    await page.reload({ waitUntil: "load" });
    await rows(page, 3);
    await page.locator(`#ms-org option[value="${TONO}"]`).waitFor({ state: "attached" });
    await page.locator("#ms-org").selectOption(TONO);
    await rows(page, 2);
    const csv = await download(page, "CSVで保存");
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a BOM for Excel");
    const table = parseCsv(csv.subarray(3).toString("utf8"));
    assert.deepEqual(table[0], ["団体コード", "団体名", "施策ID", "施策名", "分野", "担当課", "状況", "進捗率(%)", "期限", "重点", "遅れ"]);
    assert.equal(table.length, 3, `a header and Tono's two measures: ${JSON.stringify(table)}`);
    const window = table.find((row) => row[2] === "ms-tono-1");
    assert.deepEqual(window, [TONO, "遠野市", "ms-tono-1", "書かない窓口の導入", "自治体の行政手続のオンライン化", "市民課", "作業中", "40", "", "○", ""]);
    const xlsx = await download(page, "Excel(XLSX)で保存");
    const book = XLSX.read(xlsx, { type: "buffer" });
    const sheet = XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]], { header: 1 });
    assert.equal(sheet.length, 3, `${JSON.stringify(sheet)}`);
    assert.ok(sheet.some((row) => row[3] === "DX推進計画の見直し" && row[10] === "○"), `overdue marked: ${JSON.stringify(sheet)}`);
    assert.deepEqual(errors, [], "no uncaught errors");
    await context.close();

    // A town's device: the screen says it is the prefecture's.
    const town = await browser.newContext({ locale: "ja-JP" });
    const townPage = await town.newPage();
    await connectApp(townPage, worker, tono);
    await townPage.goto(`${worker.origin}/prefecture/measures`);
    await eventually("the town is told the screen is the prefecture's", async () => /都道府県/.test(await townPage.locator("main").innerText()), {
      ms: STEP_MS,
      describe: () => pageText(townPage),
    });
    await town.close();
  });
});
