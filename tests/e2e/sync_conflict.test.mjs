// Two users of Tono city, each in their own browser profile, edit the same measure's title
// offline. After both sync, both show the later edit and the user whose edit lost is told; they
// restore their value and, after syncing, both show it and no conflict remains. The history
// view shows changes from before a device's first sync (taken as a snapshot) from the server.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/
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
  seedTonoMeasure,
  syncNow,
  syncUntilSent,
  workerAndBrowser,
} from "./support.mjs";

const TONO = "032085";
const PLAN_ID = "e2e-conflict-plan";
const MEASURE_ID = "e2e-conflict-measure";
const TITLE_INPUT = `#f-measure-${MEASURE_ID}-title`;
const NOTICE = `#conflict-f-measure-${MEASURE_ID}-title`;
const PENDING = ".sync-bar__pending";
const ORIGINAL = "窓口のデジタル化";
const TITLE_A = "窓口のデジタル化 Aさん案";
const TITLE_B = "窓口のデジタル化 Bさん案";
const STEP_MS = 60_000;

/** One user: their own browser context (profile), connected, on the measure's page. */
async function openUser(browser, worker, token) {
  const context = await browser.newContext({ locale: "ja-JP" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await connectApp(page, worker, token);
  await page.goto(`${worker.origin}/measures/${MEASURE_ID}`, { waitUntil: "load" });
  await expectTitle(page, ORIGINAL);
  await page.locator(PENDING).filter({ hasText: "未送信なし" }).waitFor({ timeout: STEP_MS });
  return { context, page, errors };
}

async function expectTitle(page, value, onWait) {
  const title = page.locator(TITLE_INPUT);
  await eventually(
    `the title shows ${value}`,
    async () => (await title.count()) > 0 && (await title.inputValue()) === value,
    { onWait, describe: () => pageText(page) },
  );
}

/** Edits the title offline and waits until the app counts it as pending. */
async function editTitle(page, value) {
  const title = page.locator(TITLE_INPUT);
  await title.fill(value);
  await title.press("Tab"); // change, then blur
  await page.locator(PENDING).filter({ hasText: "未送信 1件" }).waitFor({ timeout: STEP_MS });
}

describe("concurrent edits of two users", { timeout: WORKER_START_TIMEOUT_MS + 7 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("the later edit wins everywhere, and the loser restores theirs", { timeout: 3 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const loader = await issueToken(worker, { label: "e2e 読み込み" });
    const tokenA = await issueToken(worker, { label: "遠野市 Aさん" });
    const tokenB = await issueToken(worker, { label: "遠野市 Bさん" });
    await seedTonoMeasure(worker, loader, { planId: PLAN_ID, measureId: MEASURE_ID, title: ORIGINAL });

    const a = await openUser(browser, worker, tokenA);
    const b = await openUser(browser, worker, tokenB);

    await a.context.setOffline(true);
    await b.context.setOffline(true);
    await editTitle(a.page, TITLE_A);
    await new Promise((done) => setTimeout(done, 50)); // B's write is later by the clock too
    await editTitle(b.page, TITLE_B);

    // A sends first, then B; then A pulls B's change.
    await a.context.setOffline(false);
    await syncUntilSent(a.page);
    await b.context.setOffline(false);
    await syncUntilSent(b.page);
    const syncA = () => syncNow(a.page);
    await expectTitle(a.page, TITLE_B, syncA);
    await expectTitle(b.page, TITLE_B);

    // A is told their value lost, and restores it.
    const notice = a.page.locator(NOTICE);
    await notice.waitFor({ timeout: STEP_MS });
    assert.match(await notice.innerText(), new RegExp(TITLE_A));
    const restore = a.page.getByRole("button", { name: "自分の値に戻す: 施策名" });
    await restore.click();
    await syncUntilSent(a.page);
    await expectTitle(a.page, TITLE_A);

    // B pulls it: both show A's value and nobody sees a conflict.
    const syncB = () => syncNow(b.page);
    await expectTitle(b.page, TITLE_A, syncB);
    for (const [who, user] of [["A", a], ["B", b]]) {
      await eventually(`no conflict notice left for ${who}`, async () =>
        (await user.page.locator(NOTICE).count()) === 0,
        { onWait: () => syncNow(user.page), describe: () => pageText(user.page) },
      );
      assert.equal(await user.page.locator(TITLE_INPUT).inputValue(), TITLE_A, `${who}'s title`);
      assert.deepEqual(user.errors, [], `no uncaught errors for ${who}`);
    }
    // B's device started from a snapshot, so the seed's write is in no local history; the
    // history view reads the server's, which has it, and A's edits.
    await eventually(
      "B's history shows the seed written before B's first sync, and A's edits",
      async () => {
        const history = b.page.locator(".me-history");
        if ((await history.count()) === 0) return false;
        const text = await history.innerText();
        return text.includes("e2e 読み込み") && text.includes("遠野市 Aさん");
      },
      { describe: () => pageText(b.page) },
    );
    const records = await pullRecords(worker, loader);
    assert.equal(records[`measure/${MEASURE_ID}`]?.title, TITLE_A, "the server's title");

    await a.context.close();
    await b.context.close();
  });

  // A deletes a measure while B, offline, edits it. B's edit is not lost: the measure is in
  // A's trash with B's edit named as one A had not seen, /conflicts says so, and restoring it
  // brings it back with B's edit, for both.
  test("a delete never hides an edit: the trash lists it, and a restore brings it back", { timeout: 3 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const loader = await issueToken(worker, { label: "e2e 読み込み 削除" });
    const tokenA = await issueToken(worker, { label: "遠野市 Aさん 削除" });
    const tokenB = await issueToken(worker, { label: "遠野市 Bさん 編集" });
    const measure = "e2e-deleted-measure";
    const input = `#f-measure-${measure}-title`;
    await seedTonoMeasure(worker, loader, { planId: PLAN_ID, measureId: measure, title: "紙の申請書の削減" });
    const open = async (token) => {
      const context = await browser.newContext({ locale: "ja-JP" });
      const page = await context.newPage();
      await connectApp(page, worker, token);
      await page.goto(`${worker.origin}/measures/${measure}`, { waitUntil: "load" });
      await eventually("the measure synced in", async () =>
        (await page.locator(input).count()) > 0 && (await page.locator(input).inputValue()) === "紙の申請書の削減",
      );
      return { context, page };
    };
    const a = await open(tokenA);
    const b = await open(tokenB);

    await b.context.setOffline(true);
    const edited = "紙の申請書の削減 Bさんがオフラインで編集";
    await b.page.locator(input).fill(edited);
    await b.page.locator(input).press("Tab");
    await b.page.locator(PENDING).filter({ hasText: "未送信 1件" }).waitFor({ timeout: STEP_MS });

    await a.page.getByRole("button", { name: "この施策を削除" }).click();
    await a.page.getByRole("button", { name: "削除する" }).click();
    await a.page.waitForURL(/\/plan$/);
    await syncUntilSent(a.page);
    await b.context.setOffline(false);
    await syncUntilSent(b.page);

    await a.page.goto(`${worker.origin}/trash`, { waitUntil: "load" });
    const row = a.page.locator("main tbody tr").filter({ hasText: edited });
    await eventually("A's trash lists the measure with B's unseen edit", async () => {
      await syncNow(a.page);
      return (await row.count()) === 1 && (await row.innerText()).includes("遠野市 Bさん 編集");
    }, { describe: () => pageText(a.page) });
    await a.page.goto(`${worker.origin}/conflicts`, { waitUntil: "load" });
    await a.page.getByText("削除した人が見ていない編集があります").waitFor({ timeout: STEP_MS });

    await a.page.goto(`${worker.origin}/trash`, { waitUntil: "load" });
    await row.getByRole("button", { name: "元に戻す" }).click();
    await syncUntilSent(a.page);
    const records = await pullRecords(worker, loader);
    assert.equal(records[`measure/${measure}`]?._deleted, false, "restored on the server");
    assert.equal(records[`measure/${measure}`]?.title, edited, "with B's edit");
    await b.page.goto(`${worker.origin}/measures/${measure}`, { waitUntil: "load" });
    await eventually("B sees the measure again, with B's edit", async () =>
      (await b.page.locator(input).count()) > 0 && (await b.page.locator(input).inputValue()) === edited,
    { onWait: () => syncNow(b.page), describe: () => pageText(b.page) });
    await a.context.close();
    await b.context.close();
  });
});
