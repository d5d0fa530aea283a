// The browser killed (SIGKILL, as a crash or a power cut would) at seeded points while a user
// edits and the app syncs, then started again on the same profile: every edit the screen showed
// as saved on the device reaches the server, exactly once.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/kill_browser.test.mjs
//
// Environment: see tests/e2e/support.mjs, and
//   TSUNAGU_KILL_SEED    the seed of the kill points (default 2026)
//   TSUNAGU_KILL_POINTS  how many times the browser is killed (default 20)

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, test } from "node:test";

import { chromium } from "playwright-core";

import {
  CHROMIUM,
  CHROMIUM_ARGS,
  WORKER_START_TIMEOUT_MS,
  connectApp,
  eventually,
  issueToken,
  pageText,
  pullRecords,
  pushRecords,
  recordHistory,
  workerAndBrowser,
} from "./support.mjs";

const TONO = "032085";
const PLAN_ID = "e2e-kill-plan";
const MEASURES = ["e2e-kill-1", "e2e-kill-2", "e2e-kill-3"];
const SEED = Number(process.env.TSUNAGU_KILL_SEED ?? 2026);
const POINTS = Number(process.env.TSUNAGU_KILL_POINTS ?? 20);
const STEP_MS = 60_000;

/** mulberry32: a small seeded generator, so a failing run can be repeated. */
function generator(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, below: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)] };
}

/**
 * Starts the system Chromium on `profile` as its own process group (so it can be killed whole)
 * and connects to it over the DevTools protocol.
 */
async function startChromium(profile) {
  const child = spawn(
    CHROMIUM,
    [
      "--headless",
      ...CHROMIUM_ARGS,
      "--remote-debugging-address=127.0.0.1",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    { detached: true, stdio: ["ignore", "ignore", "pipe"] },
  );
  const killGroup = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const endpoint = await new Promise((done, fail) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error(`Chromium did not start: ${seen.slice(-500)}`)), 30_000);
    child.stderr.on("data", (chunk) => {
      seen += chunk;
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
    child.once("exit", (code) => fail(new Error(`Chromium exited (${code}): ${seen.slice(-500)}`)));
  }).catch((error) => {
    killGroup();
    throw error;
  });
  child.stderr.resume();
  let browser, page;
  try {
    browser = await chromium.connectOverCDP(endpoint);
    const context = browser.contexts()[0];
    page = context.pages()[0] ?? (await context.newPage());
  } catch (error) {
    killGroup();
    throw error;
  }
  const kill = async () => {
    const running = child.exitCode === null && child.signalCode === null;
    const exited = running ? new Promise((done) => child.once("exit", done)) : null;
    killGroup();
    await Promise.race([exited, sleep(10_000)]);
  };
  return { browser, page, kill };
}

const titleInput = (id) => `#f-measure-${id}-title`;

describe("a killed browser loses no saved edit", { timeout: WORKER_START_TIMEOUT_MS + (POINTS + 4) * STEP_MS }, () => {
  const env = workerAndBrowser();

  test(`${POINTS} kills at seeded points (seed ${SEED})`, { timeout: (POINTS + 3) * STEP_MS }, async () => {
    const { worker } = env;
    const random = generator(SEED);
    const loader = await issueToken(worker, { label: "e2e 読み込み" });
    const editor = await issueToken(worker, { label: "e2e 遠野市 強制終了" });
    await pushRecords(worker, loader, [
      { kind: "plan", id: PLAN_ID, org: TONO, fields: { title: "遠野市DX推進計画 強制終了", start_fy: 2024, end_fy: 2028 } },
      ...MEASURES.map((id, n) => ({ kind: "measure", id, org: TONO, fields: { plan_id: PLAN_ID, title: `強制終了の施策${n + 1}` } })),
    ]);
    const profile = mkdtempSync(join(tmpdir(), "tsunagu-kill-"));
    const saved = []; // { measure, title }: edits the screen showed as saved on the device
    const kinds = { typing: 0, "after-blur": 0, "mid-sync": 0, loading: 0, idle: 0 };
    let chromiumRun;
    try {
      chromiumRun = await startChromium(profile);
      await connectApp(chromiumRun.page, worker, editor);
      for (let point = 0; point < POINTS; point += 1) {
        const { page } = chromiumRun;
        const measure = random.pick(MEASURES);
        const kind = random.pick(Object.keys(kinds));
        kinds[kind] += 1;
        await page.goto(`${worker.origin}/measures/${measure}`, { waitUntil: "commit" });
        if (kind === "loading") {
          await sleep(random.below(400));
        } else {
          const input = page.locator(titleInput(measure));
          await eventually("the measure's page shows its title field", () => input.isVisible(), {
            ms: STEP_MS,
            describe: async () => `\nkill point ${point} (${kind}) of ${JSON.stringify(kinds)}${await pageText(page)}`,
          });
          // The record is there once its title is: a new profile syncs it in first.
          await eventually("the measure has its title", async () => (await input.inputValue()) !== "", {
            describe: () => pageText(page),
          });
          const edits = 1 + random.below(3);
          for (let n = 0; n < edits; n += 1) {
            const title = `強制終了 ${point}-${n} ${measure}`;
            await input.fill(title);
            if (kind === "typing" && n === edits - 1) break; // killed before the change is made
            await input.press("Tab");
            if (kind === "after-blur" && n === edits - 1) break; // killed while it is stored
            // Saved on the device: the badge no longer says it is storing, the value shows.
            await page.waitForFunction(
              ([selector, value]) =>
                document.querySelector(selector)?.value === value &&
                !document.querySelector(".me-sync[role=status]")?.textContent.includes("保存しています"),
              [titleInput(measure), title],
              { timeout: STEP_MS },
            );
            saved.push({ measure, title });
          }
          if (kind === "mid-sync") {
            await page.locator("button.sync-bar__now").click();
            await sleep(random.below(300));
          } else if (kind === "idle") {
            await sleep(random.below(3000));
          }
        }
        await chromiumRun.kill();
        chromiumRun = await startChromium(profile);
      }

      // Started once more: everything saved goes out.
      const { page } = chromiumRun;
      await page.goto(`${worker.origin}/plan`, { waitUntil: "load" });
      await eventually(
        "nothing left to send",
        async () => (await page.locator(".sync-bar__pending").innerText()).includes("未送信なし"),
        { ms: 2 * STEP_MS, onWait: () => page.locator("button.sync-bar__now").click(), describe: () => pageText(page) },
      );
    } finally {
      // Always: a Chromium left running keeps this test file's process, and CI, waiting.
      await chromiumRun?.kill();
      rmSync(profile, { recursive: true, force: true });
    }

    // Exactly once: each saved title is in its measure's history once; the last one saved for
    // each measure is its current title.
    assert.ok(saved.length >= 10, `enough edits were saved (${saved.length})`);
    const records = await pullRecords(worker, loader);
    for (const measure of MEASURES) {
      const history = await recordHistory(worker, loader, "measure", measure);
      const titles = history.filter((entry) => entry.field === "title").map((entry) => entry.new_value);
      for (const { title } of saved.filter((edit) => edit.measure === measure)) {
        assert.equal(titles.filter((value) => value === title).length, 1, `${title} is on the server exactly once`);
      }
      const last = saved.filter((edit) => edit.measure === measure).at(-1);
      if (last) {
        // A later edit killed before it was saved may have been stored all the same.
        const current = records[`measure/${measure}`]?.title;
        assert.ok(
          current === last.title || (current?.startsWith("強制終了 ") && !saved.some((edit) => edit.title === current)),
          `${measure}: the last saved title ${last.title}, or a later edit, is current (${current})`,
        );
      }
    }
    console.log(`kill points: ${POINTS} (${JSON.stringify(kinds)}), edits saved: ${saved.length}, seed ${SEED}`);
  });
});
