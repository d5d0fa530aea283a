// The prefecture's imports (issue 24, part 3) end to end against the real worker: its own
// taxonomy areas from an XLSX made with SheetJS on the areas screen (a sub-area naming its
// parent, a row refused in words), and a draft survey's questions from a CSV in the survey
// builder; each previewed, confirmed, seen on the screen and on the server, then undone in
// one step. A published survey's builder offers no import.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/import_prefecture.test.mjs
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import XLSX from "xlsx";

import {
  DIST,
  WORKER_START_TIMEOUT_MS,
  connectApp,
  eventually,
  launchBrowser,
  pageText,
  prefectureAdmin,
  pullRecords,
  pushRecords,
  requireBuiltApp,
  startWorker,
  syncNow,
  syncUntilSent,
  watchPage,
} from "./support.mjs";

const STEP_MS = 60_000;
const IWATE = "030007";
const DRAFT = "030007-survey-e2e-import";
const PUBLISHED = "030007-survey-e2e-published";

const count = (page, what) => page.locator(`[data-count=${what}]`).innerText();

/** The server's live records of `kind`: `{ id: fields }`. */
async function serverRecords(worker, token, kind) {
  const records = await pullRecords(worker, token);
  const out = {};
  for (const [key, fields] of Object.entries(records)) {
    const [k, id] = key.split("/");
    if (k === kind && fields._deleted !== true) out[id] = fields;
  }
  return out;
}

function areasWorkbook() {
  const rows = [
    ["分野", "英語名", "親分野", "重点"],
    ["観光のDX e2e", "Tourism DX", "", "はい"],
    ["観光データの連携 e2e", "", "観光のDX e2e", ""],
    ["宇宙のDX e2e", "", "存在しない分野", ""],
  ];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), "分野");
  return XLSX.write(book, { type: "buffer", bookType: "xlsx" });
}

async function openPanel(page) {
  await page.getByRole("button", { name: "Excel/CSVから取り込む" }).click({ timeout: STEP_MS });
  await page.locator("#import-file").waitFor({ timeout: STEP_MS });
}

describe("the prefecture imports its areas and a survey's questions", { timeout: WORKER_START_TIMEOUT_MS + 6 * STEP_MS }, () => {
  let worker;
  let browser;

  before(async () => {
    requireBuiltApp();
    worker = await startWorker(process.env.TSUNAGU_E2E_DIST ? { assets: DIST } : {});
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  test("areas from Excel: preview, confirm, on the server, undo", { timeout: 3 * STEP_MS }, async () => {
    const admin = await prefectureAdmin(worker);
    const context = await browser.newContext({ locale: "ja-JP" });
    const page = await context.newPage();
    const seen = watchPage(page);
    await connectApp(page, worker, admin);
    await page.goto(`${worker.origin}/areas`, { waitUntil: "load" });
    await openPanel(page);
    assert.match(await page.locator("main").innerText(), /親分野/, "the start step names the columns read");
    await page.locator("#import-file").setInputFiles({
      name: "岩手県の分野.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: areasWorkbook(),
    });
    await page.locator("[data-count=add]").waitFor({ timeout: STEP_MS });
    assert.equal(await count(page, "add"), "2", await pageText(page));
    assert.equal(await count(page, "update"), "0");
    assert.equal(await count(page, "refused"), "1");
    assert.match(await page.locator("table.import-refused").innerText(), /存在しない分野/);
    assert.deepEqual(await serverRecords(worker, admin, "taxonomy_area"), {}, "nothing before confirming");

    await page.locator("button[data-action=confirm]").click();
    await page.locator(".notice", { hasText: "取り込みました" }).waitFor({ timeout: STEP_MS });
    // The administrator's area rows are fields to edit: the names are the inputs' values.
    await eventually("the areas table lists the imported sub-area", () =>
      page.locator("main table input").evaluateAll((inputs) => inputs.some((input) => input.value === "観光データの連携 e2e")),
    { ms: STEP_MS, describe: () => pageText(page) });
    await syncUntilSent(page);
    let areas = await serverRecords(worker, admin, "taxonomy_area");
    const tourism = Object.entries(areas).find(([, f]) => f.name_ja === "観光のDX e2e");
    const data = Object.entries(areas).find(([, f]) => f.name_ja === "観光データの連携 e2e");
    assert.ok(tourism && data, JSON.stringify(areas));
    assert.match(tourism[0], /^030007-area-[0-9a-f]{8}$/);
    assert.equal(tourism[1].priority_area, true);
    assert.equal(data[1].parent, tourism[0], "the sub-area points at its parent's new id");

    await page.locator(".import-history button[data-action=undo]").click();
    await page.locator(".notice", { hasText: "元に戻しました" }).waitFor({ timeout: STEP_MS });
    await syncUntilSent(page);
    areas = await serverRecords(worker, admin, "taxonomy_area");
    assert.deepEqual(areas, {}, "undo deletes the areas the import added");
    assert.deepEqual(seen.pageErrors, [], "no uncaught errors");
    await context.close();
  });

  test("a draft survey's questions from a CSV; a published survey offers no import", { timeout: 3 * STEP_MS }, async () => {
    const admin = await prefectureAdmin(worker);
    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const survey = (title, published) => ({ title, description: "", deadline, targets: [], published });
    await pushRecords(worker, admin, [
      { kind: "survey", id: DRAFT, org: IWATE, fields: { ...survey("取り込みの調査 e2e", false), "question.q1": { kind: "text", text: "CIOを任命していますか", required: false, order: 1024 } } },
      { kind: "survey", id: PUBLISHED, org: IWATE, fields: { ...survey("公開済みの調査 e2e", true), "question.q1": { kind: "text", text: "公開済みの設問", required: false, order: 1024 } } },
    ]);
    const context = await browser.newContext({ locale: "ja-JP" });
    const page = await context.newPage();
    const seen = watchPage(page);
    await connectApp(page, worker, admin);
    await page.goto(`${worker.origin}/surveys/${DRAFT}`, { waitUntil: "load" });
    await eventually("the draft survey is shown", async () => (await page.locator("main").innerText()).includes("CIOを任命していますか"), {
      ms: STEP_MS, onWait: () => syncNow(page).catch(() => {}), describe: () => pageText(page),
    });
    await openPanel(page);
    const csv = "設問ID,設問,形式,必須,選択肢\nq1,CIO(最高情報責任者)を任命していますか,単一選択,はい,はい|いいえ\n,オンライン化した手続の数,数値,,\n";
    await page.locator("#import-file").setInputFiles({ name: "設問.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await page.locator("[data-count=add]").waitFor({ timeout: STEP_MS });
    assert.equal(await count(page, "add"), "1", await pageText(page));
    assert.equal(await count(page, "update"), "1");
    await page.locator("button[data-action=confirm]").click();
    await page.locator(".notice", { hasText: "取り込みました" }).waitFor({ timeout: STEP_MS });
    await syncUntilSent(page);
    const fields = (await serverRecords(worker, admin, "survey"))[DRAFT];
    assert.equal(fields["question.q1"].text, "CIO(最高情報責任者)を任命していますか");
    assert.equal(fields["question.q1"].kind, "single");
    const added = Object.entries(fields).filter(([name, value]) => name.startsWith("question.") && value?.kind === "number");
    assert.equal(added.length, 1, JSON.stringify(fields));
    assert.ok(added[0][1].order > fields["question.q1"].order, "added after the survey's questions");

    await page.goto(`${worker.origin}/surveys/${PUBLISHED}`, { waitUntil: "load" });
    await page.locator("main", { hasText: "公開済みの設問" }).waitFor({ timeout: STEP_MS });
    assert.equal(await page.getByRole("button", { name: "Excel/CSVから取り込む" }).count(), 0, "a published survey's questions are fixed");
    assert.deepEqual(seen.pageErrors, [], "no uncaught errors");
    await context.close();
  });
});
