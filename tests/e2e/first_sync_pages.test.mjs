// A new device's first sync of more records than one snapshot page holds: the app asks for the
// first page while the token is still being checked, asks for the pages two ahead (each page's
// head names where the next two start), takes each page once, and every record is in
// IndexedDB once the last page is stored.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  WORKER_START_TIMEOUT_MS,
  connectApp,
  countStoredRecords,
  issueToken,
  pushRecords,
  workerAndBrowser,
} from "./support.mjs";

const TONO = "032085";
/** Two full pages of 2,500 (the app's page size) and a short third. */
const RECORDS = 5_200;
/** Mutations per push (`MAX_MUTATIONS_PER_PUSH`). */
const PUSH = 500;
const STEP_MS = 60_000;

describe("first sync in several snapshot pages", { timeout: WORKER_START_TIMEOUT_MS + 3 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("5,200 records arrive in three pages, each asked for once", { timeout: 3 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const token = await issueToken(worker, { label: "e2e 遠野市 初回同期" });
    const ids = Array.from({ length: RECORDS }, (_, i) => `e2e-pages-m${String(i).padStart(4, "0")}`);
    for (let at = 0; at < ids.length; at += PUSH) {
      const records = ids.slice(at, at + PUSH).map((id, i) => ({
        kind: "measure", id, org: TONO, fields: { title: `施策 ${at + i + 1}` },
      }));
      await pushRecords(worker, token, records);
    }

    const context = await browser.newContext({ locale: "ja-JP" });
    const page = await context.newPage();
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    // Snapshot requests sent and answers' headers received, in order, by where the page starts.
    const start = (request) => JSON.parse(request.postData() ?? "{}").after?.id ?? "(first)";
    const isSnapshot = (request) => new URL(request.url()).pathname === "/v1/snapshot";
    const asked = [];
    const events = [];
    page.on("request", (request) => {
      if (!isSnapshot(request)) return;
      asked.push(start(request));
      events.push(`ask ${start(request)}`);
    });
    page.on("response", (response) => {
      if (isSnapshot(response.request())) events.push(`answer ${start(response.request())}`);
      if (new URL(response.url()).pathname === "/v1/me") events.push("answer me");
    });
    await connectApp(page, worker, token);
    await page.waitForFunction(
      () => performance.getEntriesByName("tsunagu:snapshot-done").length > 0,
      null,
      { timeout: STEP_MS },
    );

    assert.equal(await page.evaluate(countStoredRecords), RECORDS, "every record is stored");
    // Records are served in key order: the pages start after the 2,500th and the 5,000th. A
    // page asked for ahead at a wrong place would be dropped and asked for again.
    assert.deepEqual(asked, ["(first)", ids[2_499], ids[4_999]]);
    // Two ahead: the third page is asked for with the second, from the first page's head, not
    // once the second page's answer has begun.
    assert.ok(
      events.indexOf(`ask ${ids[4_999]}`) < events.indexOf(`answer ${ids[2_499]}`),
      events.join(", "),
    );
    // The token check and the first page overlap: the page is asked for before the check's
    // answer, not once the connection is saved.
    assert.ok(events.indexOf("ask (first)") < events.indexOf("answer me"), events.join(", "));
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
