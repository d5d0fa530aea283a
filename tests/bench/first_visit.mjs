// Benchmark (prints figures, asserts nothing): the app's first visit and its repeat visit on a
// slow line, 1.6 Mbps down, 768 kbps up, 150 ms round trip (Chromium's network emulation over
// the DevTools protocol), in headless Chromium against a real worker serving the build.
//
// - first visit: a new profile opens the connect page; from navigation start to the app's
//   `tsunagu:loaded` mark (its local data read: the screen answers input), and to the service
//   worker controlling the page (every file precached: the app now works offline);
// - repeat visit: the same profile loads the page again, from the service worker's cache.
//
//   source scripts/env.sh && trunk build --release && node tests/bench/first_visit.mjs
//   (TSUNAGU_E2E_DIST serves another build; TSUNAGU_BENCH_RUNS: visits of each kind, 5)

import { DIST, launchBrowser, requireBuiltApp, startWorker } from "../e2e/support.mjs";

const RUNS = Number(process.env.TSUNAGU_BENCH_RUNS ?? 5);
const LINE = {
  offline: false,
  latency: 150, // ms, round trip
  downloadThroughput: (1.6 * 1_000_000) / 8, // bytes per second
  uploadThroughput: (768 * 1_000) / 8,
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function throttled(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", LINE);
  return cdp;
}

/** Milliseconds from navigation start to the app's local data being read. */
function untilLoaded(page) {
  return page
    .waitForFunction(() => performance.getEntriesByName("tsunagu:loaded").length > 0, null, {
      timeout: 120_000,
    })
    .then(() => page.evaluate(() => performance.getEntriesByName("tsunagu:loaded")[0].startTime));
}

requireBuiltApp(DIST);
const worker = await startWorker({ assets: DIST });
const browser = await launchBrowser();
const first = { loaded: [], offlineReady: [], bytes: [] };
const repeat = { loaded: [] };
try {
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ locale: "ja-JP" });
    const page = await context.newPage();
    const cdp = await throttled(context, page);
    let bytes = 0; // as transferred (compressed), the page's own requests
    cdp.on("Network.loadingFinished", (event) => {
      bytes += event.encodedDataLength;
    });
    const started = Date.now();
    await page.goto(`${worker.origin}/connect`, { waitUntil: "commit" });
    first.loaded.push(await untilLoaded(page));
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, {
      timeout: 300_000,
    });
    first.offlineReady.push(Date.now() - started);
    first.bytes.push(bytes);
    // The repeat visit: same profile, same line.
    for (let again = 0; again < 1; again += 1) {
      await page.reload({ waitUntil: "commit" });
      repeat.loaded.push(await untilLoaded(page));
    }
    await context.close();
  }
} finally {
  await browser.close();
  await worker.stop();
}
console.log(
  `first visit at 1.6 Mbps / 150 ms (${RUNS} runs): interactive (local data read) median ` +
    `${fmt(median(first.loaded))} (max ${fmt(Math.max(...first.loaded))}); offline-ready (service ` +
    `worker in control) median ${fmt(median(first.offlineReady))}; the page transferred ` +
    `${Math.round(median(first.bytes) / 1024)} KB`,
);
console.log(
  `repeat visit at 1.6 Mbps / 150 ms: interactive median ${fmt(median(repeat.loaded))} ` +
    `(max ${fmt(Math.max(...repeat.loaded))})`,
);
