// A proxy that stops answering in the middle of the working day: the app is served through a
// proxy on 127.0.0.1 which, once stalled, takes the sync API's requests and never answers them.
// The sync must give up after its timeout and say so in the sync bar, keep the edit, and send it
// by itself once the proxy answers again.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/stalled_proxy.test.mjs
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import http from "node:http";
import { describe, test } from "node:test";

import {
  WORKER_START_TIMEOUT_MS,
  connectApp,
  eventually,
  issueToken,
  pageText,
  pullRecords,
  seedTonoMeasure,
  workerAndBrowser,
} from "./support.mjs";

const PLAN_ID = "e2e-stall-plan";
const MEASURE_ID = "e2e-stall-measure";
const TITLE_INPUT = `#f-measure-${MEASURE_ID}-title`;
const PENDING = ".sync-bar__pending";
const STEP_MS = 60_000;
/** The app's timeout for a sync request (app/src/sync/client.rs REQUEST_TIMEOUT), plus margin. */
const REQUEST_TIMEOUT_MS = 30_000;

/** A reverse proxy to `target` on 127.0.0.1; `stall(true)` makes it hold /v1/* unanswered. */
function startProxy(target) {
  const { hostname, port } = new URL(target);
  let stalled = false;
  const held = new Set();
  const server = http.createServer((request, response) => {
    if (stalled && request.url.startsWith("/v1/")) {
      const entry = { path: request.url, response };
      held.add(entry);
      response.on("close", () => held.delete(entry));
      return;
    }
    const upstream = http.request(
      { host: hostname, port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.destroy());
    request.pipe(upstream);
  });
  return new Promise((done) => {
    server.listen(0, "127.0.0.1", () => {
      done({
        origin: `http://127.0.0.1:${server.address().port}`,
        /** How many requests for `path` are held now. */
        held: (path) => [...held].filter((entry) => entry.path === path).length,
        stall: (on) => {
          stalled = on;
        },
        close: () =>
          new Promise((closed) => {
            for (const { response } of held) response.destroy();
            server.closeAllConnections?.();
            server.close(closed);
          }),
      });
    });
  });
}

describe("a stalled proxy", { timeout: WORKER_START_TIMEOUT_MS + 5 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("a sync that gets no answer gives up, shows it, and the next sync sends the edit", { timeout: 4 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const loader = await issueToken(worker, { label: "e2e 読み込み" });
    const editor = await issueToken(worker, { label: "e2e 遠野市 プロキシ" });
    await seedTonoMeasure(worker, loader, { planId: PLAN_ID, measureId: MEASURE_ID, title: "庁内ネットワークの更新" });
    const proxy = await startProxy(worker.origin);
    const context = await browser.newContext({ locale: "ja-JP" });
    try {
      const page = await context.newPage();
      await connectApp(page, { origin: proxy.origin }, editor);
      await page.goto(`${proxy.origin}/measures/${MEASURE_ID}`, { waitUntil: "load" });
      const title = page.locator(TITLE_INPUT);
      await eventually("the measure synced in", async () =>
        (await title.count()) > 0 && (await title.inputValue()) === "庁内ネットワークの更新",
      );
      await page.locator(PENDING).filter({ hasText: "未送信なし" }).waitFor({ timeout: STEP_MS });

      proxy.stall(true);
      const edited = "庁内ネットワークの更新 プロキシ停止中に編集";
      await title.fill(edited);
      await title.press("Tab");
      // (A sync already running may first be held on its last request, /v1/activity, which
      // is only decoration: the sync of the edit follows it.)
      await eventually("the sync of the edit is held by the proxy", async () => proxy.held("/v1/sync") > 0, {
        ms: REQUEST_TIMEOUT_MS + STEP_MS,
      });
      const heldAt = Date.now();
      // Given up after the timeout: the bar says the server cannot be reached, not "syncing".
      await page
        .locator(".sync-bar__error")
        .filter({ hasText: "同期サーバーに接続できません" })
        .waitFor({ timeout: REQUEST_TIMEOUT_MS + STEP_MS / 2 })
        .catch(async (error) => {
          throw new Error(`${error}${await pageText(page)}`);
        });
      const waited = Date.now() - heldAt;
      assert.ok(waited >= REQUEST_TIMEOUT_MS - 5_000, `gave up after the timeout, not before (${waited} ms)`);
      assert.equal(await page.locator(".sync-bar__syncing").count(), 0, "no sync shown as running");
      await page.locator(PENDING).filter({ hasText: "未送信 1件" }).waitFor({ timeout: STEP_MS });

      // The proxy answers again: the next sync (after its backoff) sends the edit by itself.
      proxy.stall(false);
      await eventually(
        "the edit is sent without anyone pressing sync",
        async () => (await page.locator(PENDING).innerText()).includes("未送信なし"),
        { ms: 2 * STEP_MS, describe: () => pageText(page) },
      );
      const records = await pullRecords(worker, loader);
      assert.equal(records[`measure/${MEASURE_ID}`]?.title, edited);
    } finally {
      await context.close();
      await proxy.close();
    }
  });
});
