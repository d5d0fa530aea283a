// Benchmark (prints figures, asserts nothing): time to render a plan of 300 measures from
// IndexedDB in headless Chromium. Starts a real worker, loads a synthetic plan of 300 measures
// for Kagoshima city with the operator CLI, syncs it into a browser once, then reloads the plan
// page ten times and measures from the app's `tsunagu:load-start` mark (IndexedDB opened and
// read) to the moment all 300 rows are in the DOM.
//
//   source scripts/env.sh && trunk build --release && cargo build --release -p tsunagu-cli
//   node tests/bench/render_plan.mjs      (TSUNAGU_E2E_DIST serves another build)

import { execFileSync } from "node:child_process";
import { join } from "node:path";

import { DIST, connectApp, launchBrowser, requireBuiltApp, startWorker } from "../e2e/support.mjs";

const MEASURES = Number(process.env.TSUNAGU_BENCH_MEASURES ?? 300);
const RUNS = 10;
const ORG = "462012";
const targetDir = process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, ".cache/tsunagu/target");

requireBuiltApp();
const worker = await startWorker({ assets: DIST });
const browser = await launchBrowser();
try {
  const token = execFileSync(
    join(targetDir, "release", "tsunagu"),
    ["--url", worker.origin, "--admin-secret", worker.adminSecret, "seed-plan", "--org", ORG, "--measures", String(MEASURES)],
    { encoding: "utf8" },
  ).trim();
  const context = await browser.newContext();
  // Records when the last row appears, without polling.
  await context.addInitScript((expected) => {
    new MutationObserver((_, observer) => {
      if (document.querySelectorAll("th.measure-title a").length >= expected) {
        window.__tsunagu_rendered = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  }, MEASURES);
  const page = await context.newPage();
  await connectApp(page, worker, token);
  await page.goto(`${worker.origin}/plan`);
  await page.waitForFunction(() => window.__tsunagu_rendered !== undefined, null, { timeout: 120_000 });

  const fromStorage = [];
  const fromNavigation = [];
  for (let run = 0; run < RUNS; run++) {
    await page.reload();
    await page.waitForFunction(() => window.__tsunagu_rendered !== undefined, null, { timeout: 60_000 });
    const [storage, navigation] = await page.evaluate(() => {
      const start = performance.getEntriesByName("tsunagu:load-start")[0]?.startTime ?? 0;
      return [window.__tsunagu_rendered - start, window.__tsunagu_rendered];
    });
    fromStorage.push(storage);
    fromNavigation.push(navigation);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const max = (xs) => Math.max(...xs);
  console.log(
    `render plan of ${MEASURES} measures from IndexedDB (${RUNS} reloads): ` +
      `median ${median(fromStorage).toFixed(1)} ms, max ${max(fromStorage).toFixed(1)} ms ` +
      `(from navigation start, including loading the wasm: median ${median(fromNavigation).toFixed(1)} ms)`,
  );
} finally {
  await browser.close();
  await worker.stop();
}
