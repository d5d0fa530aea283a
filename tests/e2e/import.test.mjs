// The import panel of the plan screen (「Excel/CSVから取り込む」, issue 24) end to end against the real worker: the plan
// exported as XLSX from the app, two cells changed and two rows added with SheetJS (one of them
// with a progress no one can read), imported through the screen: the preview's three counts,
// confirmed, the plan screen and the server show exactly those changes; undone in one step,
// and the server is back where it was. Firefox ESR imports a CSV.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/import.test.mjs
//
// Environment: see tests/e2e/support.mjs (and firefox_offline.test.mjs for Firefox).

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import XLSX from "xlsx";
import { Builder, By } from "selenium-webdriver";
import firefox from "selenium-webdriver/firefox.js";

import {
  DIST,
  WORKER_START_TIMEOUT_MS,
  connectApp,
  download,
  eventually,
  issueToken,
  launchBrowser,
  pageText,
  pullRecords,
  pushRecords,
  requireBuiltApp,
  startWorker,
  syncNow,
  syncUntilSent,
  watchPage,
} from "./support.mjs";

const STEP_MS = 60_000;
const PLAN_ID = "e2e-import-plan";
const ONLINE = "e2e-import-m1";
const RPA = "e2e-import-m2";
const ADDED = "窓口のキャッシュレス化 e2e";
const REFUSED = "進捗が読めない施策 e2e";
const FIREFOX =
  process.env.TSUNAGU_E2E_FIREFOX ??
  ["/usr/bin/firefox-esr", "/usr/bin/firefox"].find((path) => existsSync(path)) ??
  "/usr/bin/firefox-esr";

/** A plan of Tono city with two measures, pushed through the API. */
function seedPlan(worker, token) {
  return pushRecords(worker, token, [
    { kind: "plan", id: PLAN_ID, org: "032085", fields: { title: "遠野市DX推進計画 取り込み", start_fy: 2024, end_fy: 2028 } },
    { kind: "measure", id: ONLINE, org: "032085", fields: { plan_id: PLAN_ID, title: "行政手続のオンライン化 e2e", status: "作業中", department: "総務課" } },
    { kind: "measure", id: RPA, org: "032085", fields: { plan_id: PLAN_ID, title: "RPAの導入 e2e", department: "情報政策課" } },
  ]);
}

/** The exported workbook edited as a person would in Excel. */
function edit(bytes) {
  const book = XLSX.read(bytes, { type: "buffer" });
  const sheet = book.Sheets[book.SheetNames[0]];
  const rows = XLSX.utils.sheet_to_json(sheet, { header: 1, defval: "" });
  const headers = rows[0];
  const column = (name) => {
    const index = headers.indexOf(name);
    assert.ok(index >= 0, `the export has a ${name} column: ${headers}`);
    return index;
  };
  const [id, title, status, department, percent] = ["ID", "施策", "状況", "担当課", "進捗(%)"].map(column);
  const row = (measure) => rows.findIndex((r) => r[id] === measure);
  rows[row(ONLINE)][status] = "完了";
  rows[row(RPA)][department] = "デジタル推進課";
  const blank = () => headers.map(() => "");
  const added = blank();
  added[title] = ADDED;
  added[status] = "作業中";
  const refused = blank();
  refused[title] = REFUSED;
  refused[percent] = "たくさん";
  rows.push(added, refused);
  const edited = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(edited, XLSX.utils.aoa_to_sheet(rows), book.SheetNames[0]);
  return XLSX.write(edited, { type: "buffer", bookType: "xlsx" });
}

const count = (page, what) => page.locator(`[data-count=${what}]`).innerText();

/** The server's measures of the plan: `{ id: fields }`, deleted ones left out. */
async function serverMeasures(worker, token) {
  const records = await pullRecords(worker, token);
  const measures = {};
  for (const [key, fields] of Object.entries(records)) {
    const [kind, id] = key.split("/");
    if (kind === "measure" && fields.plan_id === PLAN_ID && fields._deleted !== true) measures[id] = fields;
  }
  return measures;
}

describe("import from Excel and CSV", { timeout: WORKER_START_TIMEOUT_MS + 8 * STEP_MS }, () => {
  let worker;
  let browser;
  let work;

  before(async () => {
    requireBuiltApp();
    work = mkdtempSync(join(tmpdir(), "tsunagu-e2e-import-"));
    worker = await startWorker(process.env.TSUNAGU_E2E_DIST ? { assets: DIST } : {});
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("an exported plan edited in Excel comes back: preview, confirm, undo", { timeout: 5 * STEP_MS }, async () => {
    const token = await issueToken(worker, { label: "e2e 取り込み 編集者" });
    await seedPlan(worker, token);
    const context = await browser.newContext({ locale: "ja-JP", acceptDownloads: true });
    const page = await context.newPage();
    const seen = watchPage(page);
    await connectApp(page, worker, token);
    await page.goto(`${worker.origin}/plan`, { waitUntil: "load" });
    await eventually("the plan lists both measures", async () => {
      const text = await page.locator("main").innerText();
      return text.includes("行政手続のオンライン化 e2e") && text.includes("RPAの導入 e2e");
    }, { ms: STEP_MS, onWait: () => syncNow(page).catch(() => {}), describe: () => pageText(page) });

    const exported = await download(page, "Excel(XLSX)で保存");
    const edited = edit(exported);

    await page.getByRole("button", { name: "Excel/CSVから取り込む" }).click();
    await page.locator("#import-file").waitFor({ timeout: STEP_MS });
    await page.locator("#import-file").setInputFiles({
      name: "計画_編集.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: edited,
    });
    await page.locator("select[data-action=map]").first().waitFor({ timeout: STEP_MS });
    assert.equal(await page.locator("select[data-action=map]").count() >= 6, true, "a select per column");
    await page.getByRole("button", { name: "確認へ進む" }).click();
    await page.locator("[data-count=add]").waitFor({ timeout: STEP_MS });
    assert.equal(await count(page, "add"), "1", await pageText(page));
    assert.equal(await count(page, "update"), "2");
    assert.equal(await count(page, "refused"), "1");
    const updates = await page.locator("table.import-updates").innerText();
    assert.match(updates, /作業中\s+完了/, "the status, old → new");
    assert.match(updates, /情報政策課\s+デジタル推進課/, "the department, old → new");
    const refusals = await page.locator("table.import-refused").innerText();
    assert.match(refusals, /進捗/, `the refused row names its column: ${refusals}`);
    // Nothing is written before the person confirms.
    assert.equal(Object.keys(await serverMeasures(worker, token)).length, 2);

    await page.locator("button[data-action=confirm]").click();
    await page.locator(".notice", { hasText: "取り込みました" }).waitFor({ timeout: STEP_MS });
    await page.locator(".import-history li", { hasText: "計画_編集.xlsx" }).waitFor({ timeout: STEP_MS });
    await syncUntilSent(page);
    let measures = await serverMeasures(worker, token);
    assert.equal(Object.keys(measures).length, 3, JSON.stringify(measures));
    assert.equal(measures[ONLINE].status, "完了");
    assert.equal(measures[RPA].department, "デジタル推進課");
    assert.equal(measures[ONLINE].department, "総務課", "an unchanged cell is not written");
    const added = Object.entries(measures).find(([, fields]) => fields.title === ADDED);
    assert.ok(added, "the added row is a measure");
    assert.match(added[0], /^032085-m-[0-9a-f]{8}$/);
    assert.equal(added[1].status, "作業中");
    assert.ok(!Object.values(measures).some((fields) => fields.title === REFUSED), "the refused row wrote nothing");

    // The plan below the panel lists the added measure.
    await page.locator("main a[href^='/measures/']", { hasText: ADDED }).waitFor({ timeout: STEP_MS });

    // Undo, in one step, from the history.
    await page.locator(".import-history button[data-action=undo]").click();
    await page.locator(".notice", { hasText: "元に戻しました" }).waitFor({ timeout: STEP_MS });
    await page.locator(".import-history .badge").waitFor({ timeout: STEP_MS });
    await syncUntilSent(page);
    measures = await serverMeasures(worker, token);
    assert.deepEqual(Object.keys(measures).sort(), [ONLINE, RPA], "the added measure is deleted");
    assert.equal(measures[ONLINE].status, "作業中");
    assert.equal(measures[RPA].department, "情報政策課");
    await page.goto(`${worker.origin}/plan`, { waitUntil: "load" });
    await page.locator("main", { hasText: "RPAの導入 e2e" }).waitFor({ timeout: STEP_MS });
    assert.ok(!(await page.locator("main").innerText()).includes(ADDED));
    // The history is the device's: reopened, the panel lists the import as undone.
    await page.getByRole("button", { name: "Excel/CSVから取り込む" }).click();
    await page.locator(".import-history li", { hasText: "計画_編集.xlsx" }).locator(".badge").waitFor({ timeout: STEP_MS });
    assert.deepEqual(seen.pageErrors, [], "no uncaught errors");
    await context.close();
  });

  test("a bad file is refused in words and writes nothing", { timeout: 2 * STEP_MS }, async () => {
    const token = await issueToken(worker, { label: "e2e 取り込み 壊れたファイル" });
    await seedPlan(worker, token);
    const context = await browser.newContext({ locale: "ja-JP" });
    const page = await context.newPage();
    await connectApp(page, worker, token);
    await page.goto(`${worker.origin}/plan`, { waitUntil: "load" });
    await page.getByRole("button", { name: "Excel/CSVから取り込む" }).click({ timeout: STEP_MS });
    await page.locator("#import-file").waitFor({ timeout: STEP_MS });
    const before = await serverMeasures(worker, token);
    // Two encodings pasted together: neither UTF-8 nor Shift_JIS throughout.
    const mixed = Buffer.concat([Buffer.from("施策名\n窓口\n", "utf8"), Buffer.from([0x82, 0xa0, 0xff, 0x0a])]);
    for (const [name, buffer, words] of [
      ["壊れた.xlsx", Buffer.from("PK\u0003\u0004 truncated"), "壊れた.xlsx"],
      ["混在.csv", mixed, "混在.csv"],
      ["引用符.csv", Buffer.from('施策名,状況\n"窓口,完了\n'), "引用符.csv"],
    ]) {
      await page.locator("#import-file").setInputFiles({ name, mimeType: "application/octet-stream", buffer });
      await page.locator("[role=alert]", { hasText: words }).waitFor({ timeout: STEP_MS });
    }
    assert.deepEqual(await serverMeasures(worker, token), before);
    await context.close();
  });

  test("Firefox ESR imports a CSV", { timeout: 4 * STEP_MS }, async () => {
    const token = await issueToken(worker, { label: "e2e 取り込み Firefox" });
    await seedPlan(worker, token);
    const path = join(work, "施策.csv");
    writeFileSync(path, "\uFEFF施策名,状況,担当課\r\nFirefoxから取り込む施策 e2e,作業中,企画課\r\n");
    const options = new firefox.Options().addArguments("-headless").setBinary(FIREFOX);
    const service = new firefox.ServiceBuilder(process.env.GECKODRIVER ?? "geckodriver");
    const driver = await new Builder().forBrowser("firefox").setFirefoxOptions(options).setFirefoxService(service).build();
    const script = (source) => driver.executeScript(source);
    const bodyText = () => script("return document.body.innerText");
    try {
      await driver.get(`${worker.origin}/connect`);
      await eventually("the app has read its local data", () =>
        script("return performance.getEntriesByName('tsunagu:loaded').length > 0"));
      const url = await driver.findElement(By.css("#connect-url"));
      await url.click();
      await driver.executeScript("arguments[0].select()", url);
      await url.sendKeys(worker.origin);
      await driver.findElement(By.css("#connect-token")).sendKeys(token);
      await driver.findElement(By.css('form button[type="submit"]')).click();
      await eventually("connected", () => script("return document.querySelector('#connect-message.notice--ok') !== null"), {
        describe: bodyText,
      });
      await driver.get(`${worker.origin}/plan`);
      // The plan must have synced before the plan screen offers the import.
      const importButton = "return [...document.querySelectorAll('main button')].find((b) => b.innerText.includes('Excel/CSV')) ?? null";
      await eventually("the import button", async () => (await script(importButton)) !== null, {
        ms: STEP_MS,
        describe: bodyText,
      });
      await (await script(importButton)).click();
      await eventually("the import panel", () => script("return document.querySelector('#import-file') !== null"), {
        describe: bodyText,
      });
      await driver.findElement(By.css("#import-file")).sendKeys(path);
      await eventually("the mapping step", () => script("return document.querySelector('select[data-action=map]') !== null"), {
        describe: bodyText,
      });
      await driver.findElement(By.css("button[data-action=preview]")).click();
      await eventually("the preview", () => script("return document.querySelector('[data-count=add]')?.innerText"), {
        describe: bodyText,
      });
      assert.equal(await script("return document.querySelector('[data-count=add]').innerText"), "1");
      await driver.findElement(By.css("button[data-action=confirm]")).click();
      await eventually("imported", async () => (await bodyText()).includes("取り込みました"), { describe: bodyText });
      await eventually("the server has the measure", async () => {
        await script("document.querySelector('button.sync-bar__now')?.click()");
        const measures = await serverMeasures(worker, token);
        return Object.values(measures).some((m) => m.title === "Firefoxから取り込む施策 e2e" && m.department === "企画課");
      }, { ms: STEP_MS });
    } finally {
      await driver.quit();
    }
  });
});
