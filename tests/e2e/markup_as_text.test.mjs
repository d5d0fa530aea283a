// Names and titles are text, never markup or formulas. The prefecture's directory names Tono
// `<img src=x onerror=alert(1)>` and Miyako `=1+2`, the prefecture adds an area and publishes a
// survey whose title, choice and answer carry markup, and Tono's plan has a measure titled
// `"><script>alert(2)</script>` and measures whose titles start with `=`, `+`, `-` and `@`.
// Every screen that shows them (the header, the dashboard, a town's plan as the prefecture sees
// it, the own plan and a measure, the survey list, the survey with its answer form and results,
// standardisation progress, conflicts) shows the literal text: no dialog opens, no element of
// the markup exists. The CSV and XLSX downloads hold the literal text, and a CSV cell that
// starts with `=`, `+`, `-` or `@` starts with an apostrophe, so a spreadsheet shows it as text
// instead of running it as a formula.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/markup_as_text.test.mjs
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import XLSX from "xlsx";

import {
  download,
  parseCsv,
  WORKER_START_TIMEOUT_MS,
  connectApp,
  eventually,
  issueToken,
  pageText,
  pushRecords,
  syncNow,
  workerAndBrowser,
} from "./support.mjs";

const IWATE = "030007";
const MORIOKA = "032018";
const MIYAKO = "032026";
const TONO = "032085";
const STEP_MS = 60_000;

const ORG_MARKUP = "<img src=x onerror=alert(1)>";
const MEASURE_MARKUP = '"><script>alert(2)</script>';
const AREA_MARKUP = "<img src=x onerror=alert(3)>";
const SURVEY_MARKUP = '"><script>alert(4)</script><img src=x onerror=alert(5)>';
const CHOICE_MARKUP = "<img src=x onerror=alert(6)>";
const ANSWER_MARKUP = "<script>alert(7)</script>";
const FORMULA_NAME = "=1+2";
const FORMULA_TITLES = ["=1+1", "+1+1", "-1+1", "@SUM(1,1)"];

const PLAN_ID = "032085-plan-markup";
const MEASURE_ID = "032085-m-markup";
const AREA_ID = "iwate_markup";
const SURVEY_ID = "030007-survey-markup";

const ORGS = [
  { code: IWATE, kind: "prefecture", name: "岩手県", kana: "ｲﾜﾃｹﾝ" },
  { code: MORIOKA, kind: "municipality", name: "盛岡市", kana: "ﾓﾘｵｶｼ" },
  { code: MIYAKO, kind: "municipality", name: FORMULA_NAME, kana: "ﾐﾔｺｼ" },
  { code: TONO, kind: "municipality", name: ORG_MARKUP, kana: "ﾄｵﾉｼ" },
];

/** YYYY-MM-DD, `days` from today. */
function isoDay(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Pushes the directory, the area and the survey as the prefecture's administrator, and Tono's plan and answer as Tono. */
async function seed(worker, admin, tono) {
  await pushRecords(worker, admin, [
    ...ORGS.map(({ code, ...fields }) => ({ kind: "organisation", id: code, org: code, fields: { code, ...fields } })),
    {
      kind: "taxonomy_area",
      id: AREA_ID,
      org: IWATE,
      fields: { name_ja: AREA_MARKUP, name_en: AREA_MARKUP, order: 1, priority_area: false, source: "prefecture" },
    },
    {
      kind: "survey",
      id: SURVEY_ID,
      org: IWATE,
      fields: {
        title: SURVEY_MARKUP,
        description: "",
        deadline: isoDay(30),
        targets: [],
        published: true,
        questions: [
          {
            id: "q1",
            kind: "single",
            text: "<b>導入状況</b>",
            required: true,
            choices: [{ id: "yes", label: CHOICE_MARKUP }, { id: "no", label: "いいえ" }],
          },
          { id: "q2", kind: "text", text: "自由記述", required: false },
        ],
      },
    },
  ]);
  await pushRecords(worker, tono, [
    { kind: "plan", id: PLAN_ID, org: TONO, fields: { title: "遠野市DX推進計画", start_fy: 2024, end_fy: 2028 } },
    {
      kind: "measure",
      id: MEASURE_ID,
      org: TONO,
      fields: { plan_id: PLAN_ID, title: MEASURE_MARKUP, area: AREA_ID, department: ORG_MARKUP, status: "作業中" },
    },
    ...FORMULA_TITLES.map((title, i) => ({
      kind: "measure",
      id: `032085-m-formula${i}`,
      org: TONO,
      fields: { plan_id: PLAN_ID, title, area: AREA_ID },
    })),
    {
      kind: "survey_response",
      id: `resp-${SURVEY_ID}-${TONO}`,
      org: TONO,
      fields: { survey_id: SURVEY_ID, submitted: true, "q.q1": "yes", "q.q2": ANSWER_MARKUP },
    },
  ]);
}

/** A connected user whose dialogs are recorded and dismissed (an alert would block the page). */
async function openUser(browser, worker, token) {
  const context = await browser.newContext({ locale: "ja-JP", acceptDownloads: true });
  const page = await context.newPage();
  const user = { context, page, dialogs: [], errors: [] };
  page.on("dialog", (dialog) => {
    user.dialogs.push(`${dialog.type()}: ${dialog.message()} at ${page.url()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on("pageerror", (error) => user.errors.push(String(error)));
  await connectApp(page, worker, token);
  return user;
}

/** Opens `path` and waits until the page shows every text of `texts`, syncing meanwhile. */
async function show(user, worker, path, texts) {
  const { page } = user;
  await page.goto(`${worker.origin}${path}`, { waitUntil: "load" });
  await eventually(
    `${path} shows ${JSON.stringify(texts)}`,
    async () => {
      const body = await page.locator("body").innerText().catch(() => "");
      return texts.every((text) => body.includes(text));
    },
    { ms: STEP_MS, onWait: () => syncNow(page).catch(() => {}), describe: () => pageText(page) },
  );
  await assertInert(user, path);
}

/** No dialog has opened and nothing of the markup became an element or a handler. */
async function assertInert(user, where) {
  const found = await user.page.evaluate(() => ({
    images: document.querySelectorAll('img[src="x"]').length,
    handlers: document.querySelectorAll("[onerror]").length,
    scripts: [...document.scripts].filter((script) => script.textContent.includes("alert(")).length,
  }));
  assert.deepEqual(found, { images: 0, handlers: 0, scripts: 0 }, `no markup became elements on ${where}`);
  assert.deepEqual(user.dialogs, [], `no dialog opened (${where})`);
}


/** The CSV's cells (after its byte order mark), one array per row. */
async function csvCells(page) {
  const bytes = await download(page, "CSVで保存");
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 byte order mark");
  return parseCsv(bytes.toString("utf8").slice(1));
}

/** Every cell of every sheet of the XLSX: `{ sheet, address, type, value, formula }`. */
async function xlsxCells(page) {
  const book = XLSX.read(await download(page, "Excel(XLSX)で保存"), { type: "buffer", cellFormula: true });
  return book.SheetNames.flatMap((sheet) =>
    Object.entries(book.Sheets[sheet])
      .filter(([address]) => !address.startsWith("!"))
      .map(([address, cell]) => ({ sheet, address, type: cell.t, value: cell.v, formula: cell.f })),
  );
}

/** Each of `texts` is a text cell of its own in the XLSX, and no cell is a formula. */
function assertXlsxText(cells, texts, what) {
  assert.deepEqual(cells.filter((cell) => cell.formula !== undefined), [], `${what}: no formula cells`);
  for (const text of texts) {
    const cell = cells.find((c) => c.value === text);
    assert.ok(cell, `${what}: a cell holds ${JSON.stringify(text)}`);
    assert.equal(cell.type, "s", `${what}: ${JSON.stringify(text)} is text`);
  }
}

/** Each of `texts` is a cell of its own in the CSV, a formula-like one behind an apostrophe. */
function assertCsvText(rows, texts, what) {
  const cells = rows.flat();
  for (const text of texts) {
    const expected = /^[=+\-@]/.test(text) ? `'${text}` : text;
    assert.ok(cells.includes(expected), `${what}: a cell holds ${JSON.stringify(expected)}`);
  }
  const runnable = cells.filter((cell) => /^[=+\-@]/.test(cell));
  assert.deepEqual(runnable, [], `${what}: no cell starts as a formula`);
}

describe("names and titles are text on every screen and in every export", { timeout: WORKER_START_TIMEOUT_MS + 12 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("markup and formulas stay text", { timeout: 10 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const admin = await issueToken(worker, { org: IWATE, role: "prefecture_admin", label: "岩手県 DX推進課" });
    const tonoToken = await issueToken(worker, { org: TONO, label: "遠野市" });
    await seed(worker, admin, tonoToken);

    // The prefecture.
    const pref = await openUser(browser, worker, admin);
    await show(pref, worker, "/prefecture", [ORG_MARKUP, FORMULA_NAME, AREA_MARKUP]);
    const dashboardCsv = await csvCells(pref.page);
    assertCsvText(dashboardCsv, [ORG_MARKUP, FORMULA_NAME], "dashboard CSV");
    assert.ok(
      dashboardCsv[0].some((header) => header.startsWith(AREA_MARKUP)),
      "dashboard CSV: the area's columns are named with its literal name",
    );
    assertXlsxText(await xlsxCells(pref.page), [ORG_MARKUP, FORMULA_NAME], "dashboard XLSX");
    await assertInert(pref, "the dashboard's downloads");

    await show(pref, worker, `/orgs/${TONO}`, [ORG_MARKUP, MEASURE_MARKUP, ...FORMULA_TITLES]);
    const planCsv = await csvCells(pref.page);
    assertCsvText(planCsv, [MEASURE_MARKUP, ORG_MARKUP, AREA_MARKUP, ...FORMULA_TITLES], "plan CSV");
    assertXlsxText(await xlsxCells(pref.page), [MEASURE_MARKUP, ORG_MARKUP, AREA_MARKUP, ...FORMULA_TITLES], "plan XLSX");
    await assertInert(pref, "the town plan's downloads");
    // Grouped by area, the group is named with the area's literal name.
    await pref.page.locator("#group-area").check();
    await eventually("the plan is grouped by area", async () =>
      (await pref.page.locator("h3").allInnerTexts()).some((text) => text.includes(AREA_MARKUP)),
    );
    await assertInert(pref, "the town plan grouped by area");

    await show(pref, worker, "/surveys", [SURVEY_MARKUP]);
    await show(pref, worker, `/surveys/${SURVEY_ID}`, [SURVEY_MARKUP, CHOICE_MARKUP, ANSWER_MARKUP, FORMULA_NAME]);
    assert.equal(await pref.page.title(), `${SURVEY_MARKUP} | つなぐ Tsunagu`, "the tab is named with the survey's literal title");
    const surveyCsv = await csvCells(pref.page);
    assertCsvText(surveyCsv, [CHOICE_MARKUP], "survey CSV");
    assertXlsxText(await xlsxCells(pref.page), [CHOICE_MARKUP, ORG_MARKUP, ANSWER_MARKUP, FORMULA_NAME], "survey XLSX");
    await assertInert(pref, "the survey's downloads");

    await show(pref, worker, "/standardisation", [ORG_MARKUP, FORMULA_NAME]);
    await show(pref, worker, "/conflicts", []);

    // Tono: its own name in the header, its plan and measure, the survey it answers.
    const tono = await openUser(browser, worker, tonoToken);
    await show(tono, worker, "/plan", [ORG_MARKUP, MEASURE_MARKUP, ...FORMULA_TITLES]);
    assert.match(await tono.page.locator("header").first().innerText(), /<img src=x onerror=alert\(1\)>/);
    const ownPlanCsv = await csvCells(tono.page);
    assertCsvText(ownPlanCsv, [MEASURE_MARKUP, ...FORMULA_TITLES], "own plan CSV");
    await show(tono, worker, `/measures/${MEASURE_ID}`, [ORG_MARKUP]);
    await eventually("the editor holds the literal title", () =>
      tono.page.evaluate(
        (title) => [...document.querySelectorAll("input, textarea")].some((field) => field.value === title),
        MEASURE_MARKUP,
      ),
    );
    assert.equal(await tono.page.title(), `${MEASURE_MARKUP} | つなぐ Tsunagu`, "the tab is named with the measure's literal title");
    await show(tono, worker, "/surveys", [SURVEY_MARKUP]);
    await show(tono, worker, `/surveys/${SURVEY_ID}`, [SURVEY_MARKUP, CHOICE_MARKUP]);
    await show(tono, worker, "/conflicts", []);

    for (const [who, user] of [["prefecture", pref], ["Tono", tono]]) {
      assert.deepEqual(user.errors, [], `no uncaught errors for ${who}`);
      await user.context.close();
    }
  });
});
