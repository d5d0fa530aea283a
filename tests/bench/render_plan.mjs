// Benchmark (prints figures, asserts nothing): time to render a plan of 300 measures from
// IndexedDB in headless Chromium. Starts a real worker, loads a synthetic plan of 300 measures
// for Kagoshima city with the operator CLI, syncs it into a browser once, then reloads the plan
// page ten times and measures from the app's `tsunagu:load-start` mark (IndexedDB opened and
// read) to the moment all 300 rows are in the DOM.
//
//   source scripts/env.sh && trunk build --release && cargo build --release -p tsunagu-cli
//   node tests/bench/render_plan.mjs      (TSUNAGU_E2E_DIST serves another build)
//
// Comparing two builds: TSUNAGU_BENCH_COMPARE_DIST=/path/to/other/dist serves that build from a
// second worker and reloads the two pages in turns (A, B, A, B, …), so both see the same phases
// of a noisy machine; it prints each build's median and the median of the paired differences.
// TSUNAGU_BENCH_RUNS sets the number of reloads of each page (10 by default).

import { execFileSync } from "node:child_process";

import {
  adminTokensPath,
  DIST, connectApp, launchBrowser, operatorTool, requireBuiltApp, startWorker,
} from "../e2e/support.mjs";

const MEASURES = Number(process.env.TSUNAGU_BENCH_MEASURES ?? 300);
const RUNS = Number(process.env.TSUNAGU_BENCH_RUNS ?? 10);
const COMPARE_DIST = process.env.TSUNAGU_BENCH_COMPARE_DIST;
const ORG = "462012";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);

/** A worker serving the build in `dist`, a browser page on its plan, synced once. */
async function openPlan(browser, dist) {
  requireBuiltApp(dist);
  const worker = await startWorker({ assets: dist });
  const token = execFileSync(
    operatorTool("release"),
    ["--url", worker.origin, "--admin-secret", worker.adminSecret,
      "--admin-tokens", adminTokensPath(worker), "seed-plan", "--org", ORG, "--measures", String(MEASURES)],
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
  return { worker, page, dist, fromStorage: [], fromNavigation: [] };
}

/** One reload of the plan: milliseconds from `tsunagu:load-start`, and from navigation start. */
async function reload(plan) {
  await plan.page.reload();
  await plan.page.waitForFunction(() => window.__tsunagu_rendered !== undefined, null, { timeout: 60_000 });
  const [storage, navigation] = await plan.page.evaluate(() => {
    const start = performance.getEntriesByName("tsunagu:load-start")[0]?.startTime ?? 0;
    return [window.__tsunagu_rendered - start, window.__tsunagu_rendered];
  });
  plan.fromStorage.push(storage);
  plan.fromNavigation.push(navigation);
}

function report(plan, label) {
  console.log(
    `render plan of ${MEASURES} measures from IndexedDB${label} (${plan.fromStorage.length} reloads): ` +
      `median ${median(plan.fromStorage).toFixed(1)} ms, max ${max(plan.fromStorage).toFixed(1)} ms ` +
      `(from navigation start, including loading the wasm: median ${median(plan.fromNavigation).toFixed(1)} ms)`,
  );
}

const browser = await launchBrowser();
const plans = [];
try {
  plans.push(await openPlan(browser, DIST));
  if (COMPARE_DIST) plans.push(await openPlan(browser, COMPARE_DIST));
  for (let run = 0; run < RUNS; run++) {
    for (const plan of plans) await reload(plan);
  }
  if (plans.length === 1) {
    report(plans[0], "");
  } else {
    const [a, b] = plans;
    report(a, ` [A ${a.dist}]`);
    report(b, ` [B ${b.dist}]`);
    const differences = b.fromStorage.map((ms, run) => ms - a.fromStorage[run]);
    const faster = differences.filter((d) => d < 0).length;
    console.log(
      `B − A, reload by reload: median ${median(differences).toFixed(1)} ms; ` +
        `B faster in ${faster} of ${differences.length} pairs`,
    );
  }
} finally {
  await browser.close();
  for (const plan of plans) await plan.worker.stop();
}
