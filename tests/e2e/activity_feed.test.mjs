// The activity feed (活動, /activity): two towns write, one of them in the browser; the
// prefecture's administrator syncs and sees both towns' changes, newest first, with who made
// them and a link to each record; the period and organisation filters narrow the list, and the
// CSV of the filtered feed has the town's row. A town sees only its own organisation's changes.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/activity_feed.test.mjs
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  WORKER_START_TIMEOUT_MS,
  connectApp,
  download,
  eventually,
  issueToken,
  pageText,
  parseCsv,
  pushRecords,
  seedTonoMeasure,
  syncUntilSent,
  workerAndBrowser,
} from "./support.mjs";

const IWATE = "030007";
const MORIOKA = "032018";
const TONO = "032085";
const MIYAKO = "032026";
const TONO_MEASURE = "e2e-activity-tono";
const MORIOKA_MEASURE = "e2e-activity-morioka";
const TONO_AUTHOR = "遠野市 佐藤さん";
const MORIOKA_AUTHOR = "盛岡市 田中さん";
const EDITED_TITLE = "窓口のデジタル化と活動記録";
const DAY_MS = 86_400_000;
const STEP_MS = 60_000;
const ORGS = [
  { code: IWATE, kind: "prefecture", name: "岩手県", kana: "ｲﾜﾃｹﾝ" },
  { code: MORIOKA, kind: "municipality", name: "盛岡市", kana: "ﾓﾘｵｶｼ" },
  { code: TONO, kind: "municipality", name: "遠野市", kana: "ﾄｵﾉｼ" },
];

async function openUser(browser, worker, token) {
  const context = await browser.newContext({ locale: "ja-JP", acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await connectApp(page, worker, token);
  return { context, page, errors };
}

/** The feed's entries as their text, once the list shows `count` of them. */
async function entries(page, count) {
  const items = page.locator("main .activity-list > li");
  await eventually(`the feed lists ${count} entries`, async () => (await items.count()) === count, {
    ms: STEP_MS,
    describe: () => pageText(page),
  });
  return items.allInnerTexts();
}

describe("the activity feed", { timeout: WORKER_START_TIMEOUT_MS + 6 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("the prefecture sees both towns' changes, filters them and saves them", { timeout: 5 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const admin = await issueToken(worker, { org: IWATE, role: "prefecture_admin", label: "岩手県 DX推進課" });
    const tono = await issueToken(worker, { org: TONO, label: TONO_AUTHOR });
    const morioka = await issueToken(worker, { org: MORIOKA, label: MORIOKA_AUTHOR });
    await pushRecords(
      worker,
      admin,
      ORGS.map(({ code, ...fields }) => ({ kind: "organisation", id: code, org: code, fields: { code, ...fields } })),
      { wallMs: Date.now() - 60 * DAY_MS },
    );
    await seedTonoMeasure(worker, tono, { planId: "e2e-activity-plan", measureId: TONO_MEASURE, title: "窓口のデジタル化" });
    // Morioka's plan is ten days old: outside the last seven days, inside the last thirty.
    await pushRecords(
      worker,
      morioka,
      [{ kind: "plan", id: "e2e-activity-morioka-plan", org: MORIOKA, fields: { title: "盛岡市DX計画", start_fy: 2024, end_fy: 2028 } }],
      { wallMs: Date.now() - 10 * DAY_MS },
    );
    await pushRecords(worker, morioka, [
      { kind: "measure", id: MORIOKA_MEASURE, org: MORIOKA, fields: { plan_id: "e2e-activity-morioka-plan", title: "RPAの導入" } },
    ]);

    // Tono edits its measure's title in the browser; its feed shows its own organisation only.
    const town = await openUser(browser, worker, tono);
    await town.page.goto(`${worker.origin}/measures/${TONO_MEASURE}`, { waitUntil: "load" });
    const title = town.page.locator(`#f-measure-${TONO_MEASURE}-title`);
    await title.waitFor({ timeout: STEP_MS });
    await title.fill(EDITED_TITLE);
    await title.press("Tab");
    await syncUntilSent(town.page);
    await town.page.getByRole("link", { name: "活動", exact: true }).click();
    const townFeed = await entries(town.page, 2);
    assert.ok(townFeed.every((text) => text.includes(TONO_AUTHOR)), `only Tono's changes: ${townFeed}`);
    assert.equal(await town.page.locator("#activity-org").count(), 0, "no organisation filter for a town");

    // The prefecture, on a new device: both towns' changes of the last seven days, newest first.
    const pref = await openUser(browser, worker, admin);
    await pref.page.goto(`${worker.origin}/activity`, { waitUntil: "load" });
    const week = await entries(pref.page, 3);
    const [tonoEntry, moriokaEntry] = week;
    assert.match(tonoEntry, new RegExp(EDITED_TITLE), `Tono's measure, edited last: ${week}`);
    assert.match(tonoEntry, new RegExp(TONO_AUTHOR));
    assert.match(tonoEntry, /遠野市/);
    assert.match(tonoEntry, /名称/);
    assert.match(moriokaEntry, new RegExp(`${MORIOKA_AUTHOR}[\\s\\S]*RPAの導入`));
    assert.match(moriokaEntry, /盛岡市/);
    const link = pref.page.getByRole("link", { name: EDITED_TITLE });
    assert.equal(await link.getAttribute("href"), `/measures/${TONO_MEASURE}`);

    // The last thirty days add Morioka's plan; Morioka alone leaves Tono out.
    await pref.page.locator("#activity-period").selectOption("month");
    const month = await entries(pref.page, 4);
    assert.ok(month.some((text) => text.includes("盛岡市DX計画")), `Morioka's plan: ${month}`);
    await pref.page.locator("#activity-org").selectOption(MORIOKA);
    const moriokaOnly = await entries(pref.page, 2);
    assert.ok(moriokaOnly.every((text) => text.includes(MORIOKA_AUTHOR)), `only Morioka: ${moriokaOnly}`);
    // The three organisation records, sixty days old, under すべて.
    await pref.page.locator("#activity-org").selectOption("");
    await pref.page.locator("#activity-period").selectOption("all");
    await entries(pref.page, 7);

    // The CSV of the filtered feed: Tono in the last seven days.
    await pref.page.locator("#activity-period").selectOption("week");
    await pref.page.locator("#activity-org").selectOption(TONO);
    await entries(pref.page, 2);
    const bytes = await download(pref.page, "CSVで保存");
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a BOM for Excel");
    const rows = parseCsv(bytes.subarray(3).toString("utf8"));
    assert.deepEqual(rows[0], ["日時", "団体コード", "団体名", "変更した人", "種類", "記録", "変更", "変更した項目"]);
    assert.equal(rows.length, 3, `a header and Tono's two entries: ${JSON.stringify(rows)}`);
    const measureRow = rows.find((row) => row[5] === EDITED_TITLE);
    assert.ok(measureRow, `the measure's row: ${JSON.stringify(rows)}`);
    assert.deepEqual(measureRow.slice(1, 5), [TONO, "遠野市", TONO_AUTHOR, "施策"]);
    assert.match(measureRow[0], /^\d{4}-\d\d-\d\d \d\d:\d\d$/);

    // The link opens the measure.
    await link.click();
    await pref.page.waitForURL(new RegExp(`/measures/${TONO_MEASURE}$`));
    for (const [who, user] of [["the town", town], ["the prefecture", pref]]) {
      assert.deepEqual(user.errors, [], `no uncaught errors for ${who}`);
      await user.context.close();
    }
  });

  test("more entries come page by page", { timeout: 3 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const admin = await issueToken(worker, { org: IWATE, role: "prefecture_admin", label: "岩手県 DX推進課" });
    const miyako = await issueToken(worker, { org: MIYAKO, label: "宮古市 伊藤さん" });
    await pushRecords(worker, admin, [
      { kind: "organisation", id: MIYAKO, org: MIYAKO, fields: { code: MIYAKO, kind: "municipality", name: "宮古市", kana: "ﾐﾔｺｼ" } },
    ]);
    // Sixty measures, each its own entry, and the organisation record: 61 entries.
    const measures = Array.from({ length: 60 }, (_, n) => ({
      kind: "measure",
      id: `e2e-activity-miyako-${n}`,
      org: MIYAKO,
      fields: { title: `宮古市の施策${n}` },
    }));
    await pushRecords(worker, miyako, measures);
    const pref = await openUser(browser, worker, admin);
    await pref.page.goto(`${worker.origin}/activity`, { waitUntil: "load" });
    await pref.page.locator(`#activity-org option[value="${MIYAKO}"]`).waitFor({ state: "attached", timeout: STEP_MS });
    await pref.page.locator("#activity-org").selectOption(MIYAKO);
    await entries(pref.page, 50);
    assert.match(await pref.page.locator("main").innerText(), /全61件中50件を表示/);
    const more = pref.page.getByRole("button", { name: "さらに表示" });
    await more.click();
    await entries(pref.page, 61);
    assert.equal(await more.isVisible(), false, "no more button after the last page");
    assert.deepEqual(pref.errors, [], "no uncaught errors");
    await pref.context.close();
  });
});
