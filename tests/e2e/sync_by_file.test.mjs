// Sync by file (issue 26): device A, connected once, loses every route (an offline context)
// and edits; its file goes through relay B (another browser context, another token of the
// prefecture) to the server; B saves the return file, which goes back to A; A then shows another
// town's change made meanwhile, and a fresh client reads A's edit from the server. The same
// file relayed again, and the same return file taken in again, change nothing.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/sync_by_file.test.mjs
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";

import {
  WORKER_START_TIMEOUT_MS,
  connectApp,
  eventually,
  issueToken,
  pageText,
  prefectureAdmin,
  pullRecords,
  pushRecords,
  seedTonoMeasure,
  workerAndBrowser,
} from "./support.mjs";

const IWATE = "030007";
const PLAN_ID = "e2e-file-plan";
const MEASURE_ID = "e2e-file-measure";
const TONO_PLAN = "e2e-file-tono-plan";
const TONO_MEASURE = "e2e-file-tono-measure";
const PENDING = ".sync-bar__pending";
const STEP_MS = 60_000;

/** Opens ファイルで同期 (on /connect) from the sync bar's link (offline too: no request leaves the page). */
async function openSyncFile(page) {
  await page.locator("a.sync-bar__file").click();
  await eventually("the sync file screen", async () => (await page.locator("#sync-file-input").count()) > 0, {
    ms: STEP_MS,
    describe: () => pageText(page),
  });
}

/** Clicks `selector` and resolves to the bytes of the file it saves. */
async function saved(page, selector) {
  const [file] = await Promise.all([
    page.waitForEvent("download", { timeout: STEP_MS }),
    page.locator(selector).click(),
  ]);
  return { name: file.suggestedFilename(), buffer: await readFile(await file.path()) };
}

function choose(page, { name, buffer }) {
  return page.locator("#sync-file-input").setInputFiles({ name, mimeType: "application/json", buffer });
}

describe("sync by file through a relay", { timeout: WORKER_START_TIMEOUT_MS + 6 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("an offline device's edit goes out on a file and the return file comes back", { timeout: 5 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const admin = await prefectureAdmin(worker, "03");
    await pushRecords(worker, admin, [
      { kind: "plan", id: PLAN_ID, org: IWATE, fields: { title: "岩手県DX推進計画 e2e", start_fy: 2024, end_fy: 2028 } },
      { kind: "measure", id: MEASURE_ID, org: IWATE, fields: { plan_id: PLAN_ID, title: "県の施策" } },
    ]);
    const deviceA = await issueToken(worker, { org: IWATE, label: "e2e 県 オフライン端末" });
    const relayB = await issueToken(worker, { org: "032085", label: "e2e 遠野市 中継端末" });
    const tono = await issueToken(worker, { org: "032085", label: "e2e 遠野市 担当" });

    // A connects once, then has no route at all.
    const contextA = await browser.newContext({ locale: "ja-JP" });
    const pageA = await contextA.newPage();
    const errors = [];
    pageA.on("pageerror", (error) => errors.push(String(error)));
    await connectApp(pageA, worker, deviceA);
    await pageA.goto(`${worker.origin}/measures/${MEASURE_ID}`, { waitUntil: "load" });
    const title = pageA.locator(`#f-measure-${MEASURE_ID}-title`);
    await eventually("the measure synced into A", async () =>
      (await title.count()) > 0 && (await title.inputValue()) === "県の施策",
    );
    await pageA.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: STEP_MS });
    await pageA.locator(PENDING).filter({ hasText: "未送信なし" }).waitFor({ timeout: STEP_MS });
    // The officer has opened ファイルで同期 once while connected (its tools module runs from
    // then on, in the page), and comes back to the measure in the app.
    await openSyncFile(pageA);
    await pageA.goBack();
    await eventually("back on the measure", async () => (await title.count()) > 0);
    await contextA.setOffline(true);
    const edited = "県の施策 ファイルで同期";
    await title.fill(edited);
    await title.press("Tab");
    await pageA.locator(PENDING).filter({ hasText: "未送信 1件" }).waitFor({ timeout: STEP_MS });

    // Meanwhile, another town writes online.
    await seedTonoMeasure(worker, tono, { planId: TONO_PLAN, measureId: TONO_MEASURE, title: "遠野市の新しい施策" });

    // A writes its file.
    await openSyncFile(pageA);
    await pageA.locator("main").getByText("未送信の変更: 1件").waitFor({ timeout: STEP_MS });
    const outbound = await saved(pageA, "button[data-action=export]");
    assert.match(outbound.name, /\.tsunagu$/);
    assert.ok(!outbound.buffer.toString().includes(deviceA.split("_").pop()), "the token's secret is not in the file");

    // B, another profile with another token, shows what the file holds, then sends it.
    const contextB = await browser.newContext({ locale: "ja-JP" });
    const pageB = await contextB.newPage();
    pageB.on("pageerror", (error) => errors.push(String(error)));
    await connectApp(pageB, worker, relayB);
    await openSyncFile(pageB);
    await choose(pageB, outbound);
    const facts = pageB.locator("main .file-facts");
    await facts.waitFor({ timeout: STEP_MS });
    const held = await facts.innerText();
    assert.match(held, /e2e 県 オフライン端末/);
    assert.match(held, /変更の件数\s+1/);
    const back = await saved(pageB, "button[data-action=relay]");
    assert.match(await pageB.locator("main").innerText(), /サーバーが受け付けました/);

    // The same file again: refused in words, nothing changed.
    await choose(pageB, outbound);
    await pageB.locator("button[data-action=relay]").click();
    await pageB.locator("main [role=alert]").filter({ hasText: "既に中継済み" }).waitFor({ timeout: STEP_MS });

    // A fresh client reads A's edit from the server.
    const records = await pullRecords(worker, admin);
    assert.equal(records[`measure/${MEASURE_ID}`]?.title, edited);

    // Back on A, still offline: the return file is shown, then taken in.
    await choose(pageA, back);
    await pageA.locator("button[data-action=merge]").waitFor({ timeout: STEP_MS });
    assert.match(await pageA.locator("main .file-facts").innerText(), /e2e 遠野市 中継端末/);
    await pageA.locator("button[data-action=merge]").click();
    await pageA.locator("main").getByText("返却ファイルを取り込みました").waitFor({ timeout: STEP_MS });
    await pageA.locator(PENDING).filter({ hasText: "未送信なし" }).waitFor({ timeout: STEP_MS });
    assert.match(await pageA.locator(".sync-bar__last").innerText(), /ファイルで受信/);

    // The same return file again changes nothing.
    await choose(pageA, back);
    await pageA.locator("button[data-action=merge]").click();
    await pageA.locator("main").getByText("変更0件を反映").waitFor({ timeout: STEP_MS });

    // A shows the other town's change made meanwhile (read from its own data, offline).
    await pageA.goto(`${worker.origin}/measures/${TONO_MEASURE}`, { waitUntil: "load" });
    // Its text, or its inputs' values (a read-only field or an editor).
    const shown = () =>
      pageA.evaluate(() => {
        const main = document.querySelector("main");
        const values = [...(main?.querySelectorAll("input, textarea") ?? [])].map((el) => el.value);
        return `${main?.innerText ?? ""}\n${values.join("\n")}`;
      });
    await eventually("A shows Tono's measure", async () => (await shown()).includes("遠野市の新しい施策"), {
      describe: () => pageText(pageA),
    });
    assert.deepEqual(errors, [], "no uncaught errors");
    await contextA.close();
    await contextB.close();
  });
});
