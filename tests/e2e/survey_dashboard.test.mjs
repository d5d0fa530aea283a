// The prefecture publishes Iwate's 2021 survey; Tono and Morioka answer it offline and sync
// (Tono first finds that "none of these" is answered alone);
// the prefecture sees the right response rate, counts and non-responder (Miyako); the CSV and
// XLSX it exports are read back here (XLSX with SheetJS, an independent reader) and hold the
// same numbers; the dashboard lists the municipalities.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/
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
  syncUntilSent,
  workerAndBrowser,
} from "./support.mjs";

const IWATE = "030007";
const MORIOKA = "032018";
const MIYAKO = "032026";
const TONO = "032085";
const PENDING = ".sync-bar__pending";
const STEP_MS = 60_000;

const ORGS = [
  { code: IWATE, kind: "prefecture", name: "岩手県", kana: "ｲﾜﾃｹﾝ" },
  { code: MORIOKA, kind: "municipality", name: "盛岡市", kana: "ﾓﾘｵｶｼ", population: 289731 },
  { code: MIYAKO, kind: "municipality", name: "宮古市", kana: "ﾐﾔｺｼ", population: 50369 },
  { code: TONO, kind: "municipality", name: "遠野市", kana: "ﾄｵﾉｼ", population: 25366 },
];

async function openUser(browser, worker, token) {
  const context = await browser.newContext({ locale: "ja-JP", acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("dialog", (dialog) => dialog.accept());
  await connectApp(page, worker, token);
  return { context, page, errors };
}

/** Answers every question with its `pick`-th choice (or `number` / a text), then submits. */
async function answerSurvey(page, pick, number) {
  const answers = page.locator("li.answer");
  const count = await answers.count();
  assert.ok(count >= 6, `the form shows the survey's questions (${count})`);
  for (let i = 0; i < count; i += 1) {
    const answer = answers.nth(i);
    const choices = answer.locator('input[type="radio"], input[type="checkbox"]');
    if ((await choices.count()) > 0) {
      await choices.nth(pick).check();
      continue;
    }
    const numberInput = answer.locator('input[inputmode="decimal"]');
    if ((await numberInput.count()) > 0) {
      await numberInput.fill(String(number));
      await numberInput.press("Tab");
      continue;
    }
    await answer.locator("textarea").fill("e2e");
    await answer.locator("textarea").press("Tab");
  }
  await page.getByRole("button", { name: "回答を提出" }).click();
  await page.locator(".notice--ok").filter({ hasText: "提出済み" }).waitFor({ timeout: STEP_MS });
}

/**
 * Question 1's "特に実施していない" is answered alone: ticking it clears the other ticks, and
 * ticking another choice clears it. Leaves question 1 unanswered.
 */
async function checkExclusiveChoice(page) {
  const first = page.locator("li.answer").first();
  const box = (label) => first.getByRole("checkbox", { name: label });
  const leadership = box("首長・幹部職員のリーダーシップが発揮されている");
  const policy = box("DXの方針や計画策定を実施している");
  const none = box("特に実施していない");
  await leadership.check();
  await policy.check();
  await none.check();
  await eventually("the exclusive choice cleared the others", async () =>
    !(await leadership.isChecked()) && !(await policy.isChecked()) && (await none.isChecked()),
  );
  await policy.check();
  await eventually("another choice cleared the exclusive one", async () =>
    (await policy.isChecked()) && !(await none.isChecked()),
  );
  await policy.uncheck();
}


describe("a survey from publishing to export", { timeout: WORKER_START_TIMEOUT_MS + 6 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("published, answered offline by two towns, counted and exported", { timeout: 5 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const admin = await issueToken(worker, { org: IWATE, role: "prefecture_admin", label: "岩手県 DX推進課" });
    const tonoToken = await issueToken(worker, { org: TONO, label: "遠野市" });
    const moriokaToken = await issueToken(worker, { org: MORIOKA, label: "盛岡市" });
    await pushRecords(
      worker,
      admin,
      ORGS.map(({ code, ...fields }) => ({ kind: "organisation", id: code, org: code, fields: { code, ...fields } })),
    );

    // The prefecture builds the survey from the ready-made one and publishes it.
    const pref = await openUser(browser, worker, admin);
    await pref.page.goto(`${worker.origin}/surveys`, { waitUntil: "load" });
    await pref.page.getByRole("button", { name: "岩手県 2021年9月調査をもとに作成" }).click();
    await pref.page.waitForURL(/\/surveys\/030007-survey-/, { timeout: STEP_MS });
    const surveyId = new URL(pref.page.url()).pathname.split("/").pop();
    // An optional yes/no question at the end (問9): a town can take its answer back.
    await pref.page.getByRole("button", { name: "設問を追加" }).click();
    const added = pref.page.locator(".question-card").last();
    const questionText = added.getByLabel("設問文");
    await eventually("a new question starts with a text", async () => (await questionText.inputValue()) === "新しい設問");
    // A blank question is refused in words; the draft stays readable and keeps its questions.
    await questionText.fill("");
    await questionText.press("Tab");
    const refused = pref.page.locator(".notice--error").filter({ hasText: "この変更は保存されていません" });
    await refused.waitFor({ timeout: STEP_MS });
    assert.match(await refused.innerText(), /問9の設問文を入力してください/);
    assert.equal(await pref.page.locator(".question-card").count(), 9, "the draft still shows its nine questions");
    await added.getByLabel("設問文").fill("任意の設問");
    await added.getByLabel("設問文").press("Tab");
    await added.getByRole("checkbox", { name: "回答必須" }).uncheck();
    await pref.page.getByRole("button", { name: "公開する" }).click();
    await pref.page.locator(".notice").filter({ hasText: "公開済み" }).waitFor({ timeout: STEP_MS });
    await syncUntilSent(pref.page);

    // Two towns open it, go offline, answer and submit, then sync.
    const towns = [];
    for (const [token, pick, number] of [[tonoToken, 0, 3], [moriokaToken, 1, 5]]) {
      const town = await openUser(browser, worker, token);
      const sync = () => syncNow(town.page);
      await eventually(
        "the survey reached the town",
        async () => {
          await town.page.goto(`${worker.origin}/surveys/${surveyId}`, { waitUntil: "load" });
          // Once the app has read its local data, the form shows within moments, or the
          // survey has not synced in yet (on a loaded machine, rendering can outlast `load`).
          await town.page.waitForFunction(
            () => performance.getEntriesByName("tsunagu:loaded").length > 0,
            null,
            { timeout: 30_000 },
          );
          return town.page
            .locator("li.answer")
            .first()
            .waitFor({ timeout: 3_000 })
            .then(() => true, () => false);
        },
        { onWait: sync, describe: () => pageText(town.page) },
      );
      await town.context.setOffline(true);
      if (towns.length === 0) await checkExclusiveChoice(town.page);
      await answerSurvey(town.page, pick, number);
      if (towns.length === 0) {
        // Tono takes back its answer to the optional question; the submission stands.
        const optional = town.page.locator("li.answer").last();
        await optional.getByRole("button", { name: "選択を解除" }).click();
        await eventually("the optional answer is cleared", async () =>
          (await optional.locator('input[type="radio"]:checked').count()) === 0,
        );
      }
      assert.match(await town.page.locator(PENDING).innerText(), /未送信 \d+件/, "answers wait offline");
      await town.context.setOffline(false);
      await syncUntilSent(town.page);
      towns.push(town);
    }

    // The prefecture sees 2 of 3, Miyako as the non-responder, and the counts.
    const syncPref = () => syncNow(pref.page);
    await pref.page.goto(`${worker.origin}/surveys/${surveyId}`, { waitUntil: "load" });
    const rate = pref.page.locator('[data-testid="response-rate"]');
    await eventually(
      "the response rate counts both answers",
      async () => (await rate.count()) > 0 && (await rate.innerText()).includes("2 / 3 団体(66.7%)"),
      { onWait: syncPref, describe: () => pageText(pref.page) },
    );
    const nonResponders = await pref.page.locator('[data-testid="non-responders"]').innerText();
    assert.match(nonResponders, /宮古市/);
    assert.doesNotMatch(nonResponders, /遠野市|盛岡市/);
    const policy = pref.page.locator('[data-question="step1_policy"]');
    assert.match(await policy.innerText(), /回答 2 団体/);
    const optionalResult = pref.page.locator(".survey-results [data-question]").last();
    assert.match(await optionalResult.innerText(), /任意の設問[\s\S]*回答 1 団体/, "Tono cleared its optional answer");

    // CSV: BOM, one row per choice; the policy question's first two choices have one town each.
    const csvBytes = await download(pref.page, "CSVで保存");
    assert.deepEqual([...csvBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 byte order mark");
    const csv = parseCsv(csvBytes.toString("utf8").slice(1));
    assert.deepEqual(csv[0], ["問", "設問", "選択肢", "団体数", "割合(%)", "回答団体数"]);
    const policyRows = csv.filter((row) => row[0] === "2");
    assert.equal(policyRows.length, 6, "six choices of the policy question");
    assert.deepEqual(policyRows.map((row) => row[3]), ["1", "1", "0", "0", "0", "0"]);
    assert.deepEqual(policyRows.map((row) => row[4]).slice(0, 3), ["50.0", "50.0", "0.0"]);
    assert.ok(policyRows.every((row) => row[5] === "2"));
    const numberRows = csv.filter((row) => row[0] === "7");
    assert.deepEqual(numberRows.map((row) => [row[2], row[3]]), [["合計", "8"], ["平均", "4"], ["最小", "3"], ["最大", "5"]]);

    // XLSX: the same numbers, plus the response rate and the non-responder.
    const book = XLSX.read(await download(pref.page, "Excel(XLSX)で保存"), { type: "buffer" });
    assert.deepEqual(book.SheetNames, ["回答状況", "集計", "回答一覧"]);
    const overview = XLSX.utils.sheet_to_json(book.Sheets["回答状況"], { header: 1 });
    assert.deepEqual(overview[1].slice(0, 3), ["回答率", 2, 3]);
    assert.ok(Math.abs(overview[1][3] - 2 / 3) < 1e-9, `rate ${overview[1][3]}`);
    assert.deepEqual(overview[2].slice(0, 3), ["未回答", MIYAKO, "宮古市"]);
    const counts = XLSX.utils.sheet_to_json(book.Sheets["集計"], { header: 1 });
    const xlsxPolicy = counts.filter((row) => row[0] === 2);
    assert.deepEqual(xlsxPolicy.map((row) => row[3]), [1, 1, 0, 0, 0, 0]);
    assert.deepEqual(xlsxPolicy.map((row) => row[4]).slice(0, 2), [0.5, 0.5]);
    const answers = XLSX.utils.sheet_to_json(book.Sheets["回答一覧"], { header: 1 });
    assert.deepEqual(answers.slice(1).map((row) => row[1]), ["盛岡市", "遠野市"]);

    // The dashboard lists the three municipalities.
    await pref.page.goto(`${worker.origin}/prefecture`, { waitUntil: "load" });
    await eventually(
      "the dashboard lists every municipality",
      async () => (await pref.page.locator('[data-testid="shown-count"]').innerText().catch(() => "")).includes("3 / 3"),
      { describe: () => pageText(pref.page) },
    );

    for (const [who, user] of [["prefecture", pref], ...towns.map((t, i) => [`town ${i}`, t])]) {
      assert.deepEqual(user.errors, [], `no uncaught errors for ${who}`);
      await user.context.close();
    }
  });
});
