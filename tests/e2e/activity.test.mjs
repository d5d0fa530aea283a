// The activity feed (活動, /activity): two towns write with tokens of their own; the
// prefecture's administrator, on a new device, sees both towns' changes newest first, with who
// made them and a link to each record; the organisation, kind, person and period filters narrow
// the list; with the network cut (the page reloaded from the service worker) the feed, its
// filters and its CSV export still work, from the device's own replica; the link opens the
// record. The list's markup is written by the tools module. More entries come page by page.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/activity.test.mjs
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
  workerAndBrowser,
  deferredFiles,
} from "./support.mjs";

const IWATE = "030007";
const MORIOKA = "032018";
const TONO = "032085";
const MIYAKO = "032026";
const TONO_MEASURE = "e2e-activity-tono";
const TONO_PLAN = "e2e-activity-tono-plan";
const MORIOKA_MEASURE = "e2e-activity-morioka";
const MORIOKA_PLAN = "e2e-activity-morioka-plan";
const TONO_AUTHOR = "遠野市 佐藤さん";
const MORIOKA_AUTHOR = "盛岡市 田中さん";
const TONO_TITLE = "窓口のデジタル化";
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const STEP_MS = 60_000;
const ORGS = [
  { code: IWATE, kind: "prefecture", name: "岩手県", kana: "ｲﾜﾃｹﾝ" },
  { code: MORIOKA, kind: "municipality", name: "盛岡市", kana: "ﾓﾘｵｶｼ" },
  { code: TONO, kind: "municipality", name: "遠野市", kana: "ﾄｵﾉｼ" },
  { code: MIYAKO, kind: "municipality", name: "宮古市", kana: "ﾐﾔｺｼ" },
];

async function openAdmin(browser, worker, token) {
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

  test("the prefecture sees both towns' changes, filters them, offline too, and saves them", { timeout: 4 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const now = Date.now();
    const admin = await issueToken(worker, { org: IWATE, role: "prefecture_admin", label: "岩手県 DX推進課" });
    const tono = await issueToken(worker, { org: TONO, label: TONO_AUTHOR });
    const morioka = await issueToken(worker, { org: MORIOKA, label: MORIOKA_AUTHOR });
    const orgRecords = ORGS.map(({ code, ...fields }) => ({ kind: "organisation", id: code, org: code, fields: { code, ...fields } }));
    await pushRecords(worker, admin, orgRecords, { wallMs: now - 60 * DAY_MS });
    // Tono two hours ago; Morioka's plan ten days ago (outside the last seven days, inside the
    // last thirty) and its measure an hour ago, the newest change.
    await pushRecords(
      worker,
      tono,
      [
        { kind: "plan", id: TONO_PLAN, org: TONO, fields: { title: "遠野市DX推進計画", start_fy: 2024, end_fy: 2028 } },
        { kind: "measure", id: TONO_MEASURE, org: TONO, fields: { plan_id: TONO_PLAN, title: TONO_TITLE } },
      ],
      { wallMs: now - 2 * HOUR_MS },
    );
    await pushRecords(
      worker,
      morioka,
      [{ kind: "plan", id: MORIOKA_PLAN, org: MORIOKA, fields: { title: "盛岡市DX計画", start_fy: 2024, end_fy: 2028 } }],
      { wallMs: now - 10 * DAY_MS },
    );
    await pushRecords(
      worker,
      morioka,
      [{ kind: "measure", id: MORIOKA_MEASURE, org: MORIOKA, fields: { plan_id: MORIOKA_PLAN, title: "RPAの導入" } }],
      { wallMs: now - HOUR_MS },
    );

    const pref = await openAdmin(browser, worker, admin);
    const { page } = pref;
    await page.getByRole("link", { name: "活動", exact: true }).click();
    // The last seven days (the default): Morioka's measure first, then Tono's two records.
    const week = await entries(page, 3);
    assert.match(week[0], new RegExp(`盛岡市[\\s\\S]*${MORIOKA_AUTHOR}[\\s\\S]*RPAの導入`), `newest first: ${week}`);
    assert.ok(week.slice(1).every((text) => text.includes(TONO_AUTHOR) && text.includes("遠野市")), `Tono's: ${week}`);
    const tonoEntry = week.find((text) => text.includes(TONO_TITLE));
    assert.match(tonoEntry, /施策[\s\S]*編集: [\s\S]*名称/, `kind, change and fields in words: ${tonoEntry}`);
    const link = page.getByRole("link", { name: TONO_TITLE });
    assert.equal(await link.getAttribute("href"), `/measures/${TONO_MEASURE}`);
    assert.match(await page.locator("main").innerText(), /全3件中3件を表示/);

    // The filters narrow the list: the last thirty days add Morioka's plan; plans only; one person.
    await page.locator("#activity-period").selectOption("month");
    await entries(page, 4);
    await page.locator("#activity-kind").selectOption("plan");
    const plans = await entries(page, 2);
    assert.ok(plans.every((text) => text.includes("計画")), `plans only: ${plans}`);
    await page.locator(`#activity-person option[value="${MORIOKA_AUTHOR}"]`).waitFor({ state: "attached" });
    await page.locator("#activity-person").focus();
    await page.locator("#activity-person").selectOption(MORIOKA_AUTHOR);
    const one = await entries(page, 1);
    assert.match(one[0], /盛岡市DX計画/);
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      "activity-person",
      "the focus stays on the filter the person chose, though the form was written again",
    );
    await page.locator("#activity-person").selectOption("");
    await page.locator("#activity-kind").selectOption("");
    // The four organisation records, sixty days old, under すべて.
    await page.locator("#activity-period").selectOption("all");
    await entries(page, 8);

    // The network cut: the page loaded again from the service worker shows the feed from the
    // device's replica, filters it, and saves its CSV.
    const deferred = deferredFiles();
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: STEP_MS });
    await eventually("the service worker stored the deferred modules", () =>
      page.evaluate(async (paths) => {
        for (const name of await caches.keys()) {
          const cache = await caches.open(name);
          const stored = await Promise.all(paths.map((path) => cache.match(path)));
          if (stored.every(Boolean)) return true;
        }
        return false;
      }, deferred),
    );
    await pref.context.setOffline(true);
    await page.reload({ waitUntil: "load" });
    await entries(page, 3);
    await page.locator(`#activity-org option[value="${TONO}"]`).waitFor({ state: "attached" });
    await page.locator("#activity-org").selectOption(TONO);
    await entries(page, 2);
    const bytes = await download(page, "CSVで保存");
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a BOM for Excel");
    const rows = parseCsv(bytes.subarray(3).toString("utf8"));
    assert.deepEqual(rows[0], ["日時", "団体コード", "団体名", "変更した人", "種類", "記録", "変更", "変更した項目"]);
    assert.equal(rows.length, 3, `a header and Tono's two entries: ${JSON.stringify(rows)}`);
    const measureRow = rows.find((row) => row[5] === TONO_TITLE);
    assert.ok(measureRow, `the measure's row: ${JSON.stringify(rows)}`);
    assert.deepEqual(measureRow.slice(1, 5), [TONO, "遠野市", TONO_AUTHOR, "施策"]);
    assert.match(measureRow[0], /^\d{4}-\d\d-\d\d \d\d:\d\d$/);

    // The link opens the measure, offline too.
    await page.getByRole("link", { name: TONO_TITLE }).click();
    await page.waitForURL(new RegExp(`/measures/${TONO_MEASURE}$`));
    await eventually("the measure's screen shows it", async () => (await page.locator("main h1").first().innerText()).includes(TONO_TITLE), {
      ms: STEP_MS,
      describe: () => pageText(page),
    });
    assert.deepEqual(pref.errors, [], "no uncaught errors");
    await pref.context.close();
  });

  test("more entries come page by page", { timeout: 3 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const admin = await issueToken(worker, { org: IWATE, role: "prefecture_admin", label: "岩手県 DX推進課" });
    const miyako = await issueToken(worker, { org: MIYAKO, label: "宮古市 伊藤さん" });
    const [, , , miyakoOrg] = ORGS;
    const { code, ...fields } = miyakoOrg;
    await pushRecords(worker, admin, [{ kind: "organisation", id: code, org: code, fields: { code, ...fields } }], {
      wallMs: Date.now() - 60 * DAY_MS,
    });
    // Sixty measures, each its own entry.
    const measures = Array.from({ length: 60 }, (_, n) => ({
      kind: "measure",
      id: `e2e-activity-miyako-${n}`,
      org: MIYAKO,
      fields: { title: `宮古市の施策${n}` },
    }));
    await pushRecords(worker, miyako, measures);
    const pref = await openAdmin(browser, worker, admin);
    const { page } = pref;
    await page.goto(`${worker.origin}/activity`, { waitUntil: "load" });
    await page.locator(`#activity-org option[value="${MIYAKO}"]`).waitFor({ state: "attached", timeout: STEP_MS });
    await page.locator("#activity-org").selectOption(MIYAKO);
    await entries(page, 50);
    assert.match(await page.locator("main").innerText(), /全60件中50件を表示/);
    const more = page.getByRole("button", { name: "さらに表示" });
    await more.click();
    await entries(page, 60);
    assert.equal(await more.count(), 0, "no more button after the last page");
    assert.deepEqual(pref.errors, [], "no uncaught errors");
    await pref.context.close();
  });
});
