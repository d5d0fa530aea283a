// The app shell works with no network: the service worker (dist/sw.js, from
// public/sw.template.js and scripts/build-sw.sh) precaches the build, the app loads and runs
// after a reload with the sync worker stopped, and a new build replaces the old one whole.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/
//
// Environment: see tests/e2e/support.mjs (TSUNAGU_E2E_PORT, TSUNAGU_E2E_DIST,
// TSUNAGU_E2E_CHROMIUM).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import {
  DIST,
  ROOT,
  WORKER_START_TIMEOUT_MS,
  assertSecurityHeaders,
  choosePort,
  connectApp,
  deferredStored,
  issueToken,
  launchProfile,
  requireBuiltApp,
  startWorker,
  watchPage,
} from "./support.mjs";

const CACHE_PREFIX = "tsunagu-shell-";
const STEP_MS = 60_000;

// What shows that the app rendered and runs: the title in the header, and the connection
// status in its offline state: components/connection_status.rs (<p class="status
// status--offline">, label オフライン), or the sync bar of components/sync_status.rs, which
// tells only once the app is connected to a worker (.sync-bar__reach--offline, オフライン…).
const TITLE = ".app-header .app-title";
const OFFLINE_STATUS = ":is(p.status.status--offline .status__label, .sync-bar__reach--offline)";
const NEEDS_CONNECTING = ".sync-bar";

/** The build id inlined into a built sw.js by scripts/build-sw.sh. */
function buildId(dir) {
  const id = readFileSync(join(dir, "sw.js"), "utf8").match(/^\s*id: "([0-9a-f]{16})",$/m)?.[1];
  assert.ok(id, `${dir}/sw.js has no build id: was it written by scripts/build-sw.sh?`);
  return id;
}

/** The names of this app's caches, as the page sees them. */
function shellCaches(page) {
  return page.evaluate(
    async (prefix) => (await caches.keys()).filter((name) => name.startsWith(prefix)),
    CACHE_PREFIX,
  );
}

/** Waits until the header's title and the offline connection status have rendered. */
async function expectOfflineApp(page) {
  await page.locator(TITLE).filter({ hasText: "つなぐ" }).waitFor({ timeout: STEP_MS });
  const status = page.locator(OFFLINE_STATUS);
  await status.waitFor({ timeout: STEP_MS });
  assert.match(await status.innerText(), /オフライン/);
}

/** Polls `check` (async, truthy when done) until it holds or `ms` pass. */
async function eventually(what, check, ms = STEP_MS) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((done) => setTimeout(done, 250));
  }
  assert.fail(`${what}: not within ${ms / 1000} s`);
}

describe("offline app shell", { timeout: 2 * WORKER_START_TIMEOUT_MS + 10 * STEP_MS }, () => {
  let port;
  let worker;
  let context;
  let page;
  let seen;
  let work;
  let installed = false; // the first test got the service worker in charge

  before(async () => {
    requireBuiltApp();
    work = mkdtempSync(join(tmpdir(), "tsunagu-e2e-site-"));
    // Both steps run on one origin (service workers and caches belong to an origin).
    port = await choosePort();
    worker = await startWorker({ port, ...(process.env.TSUNAGU_E2E_DIST && { assets: DIST }) });
    // A real profile, not incognito: Chromium offers installation only there.
    context = await launchProfile(join(work, "profile"), { locale: "ja-JP" });
    // Installed before any page script runs, so no change of controller goes unseen.
    await context.addInitScript(() => {
      navigator.serviceWorker?.addEventListener("controllerchange", () => {
        window.__tsunaguControllerChanged = true;
      });
    });
    page = await context.newPage();
    seen = watchPage(page);
  });

  after(async () => {
    await context?.close();
    if (worker) await worker.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("is installable, and loads and runs after a reload with the sync worker stopped", async () => {
    const first = await page.goto(worker.origin + "/", { waitUntil: "load" });
    assertSecurityHeaders(first.headers(), "the app from the server");
    await page.locator(TITLE).filter({ hasText: "つなぐ" }).waitFor({ timeout: STEP_MS });
    // Registered from Rust (sw_registration.rs); controlling once precaching has finished.
    await page
      .waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: STEP_MS })
      .catch(() => {
        assert.fail(
          "no service worker controls the page: is register_service_worker() called in main.rs?",
        );
      });
    assert.deepEqual(await shellCaches(page), [CACHE_PREFIX + buildId(DIST)]);
    installed = true;
    if (await page.locator(NEEDS_CONNECTING).count()) {
      await connectApp(page, worker, await issueToken(worker));
    }
    // Chromium's own verdict on the manifest, icons and service worker.
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    assert.deepEqual(installabilityErrors, [], "Chromium finds the app installable");
    await cdp.detach();

    // The tools module downloads in the background after activation: stopping the server
    // mid-download would fail that request, which is not what this test is about.
    await deferredStored(page);
    await worker.stop(); // and its port refuses connections
    seen.clear();
    const offline = await page.reload({ waitUntil: "load" });
    await expectOfflineApp(page);
    // The service worker's copy keeps the server's headers, so the policy holds offline too.
    assertSecurityHeaders(offline.headers(), "the app from the service worker");
    assert.deepEqual(seen.cspViolations, [], "nothing broke the Content-Security-Policy");

    // A deep link, opened with no network, gets the app too (the client routes it); what the
    // page links to must resolve from there as well.
    await page.goto(`${worker.origin}/measures/e2e-deep-link?from=e2e`, { waitUntil: "load" });
    await expectOfflineApp(page);

    assert.deepEqual(seen.failed, [], "no request for the app's files failed");
    assert.deepEqual(seen.notFromServiceWorker, [], "every app file came from the service worker");
    assert.deepEqual(seen.pageErrors, [], "no uncaught errors");
  });

  test("a new build replaces the old one whole, and its cache is the only one", async (t) => {
    if (!installed) {
      t.skip("needs the first test's service worker in charge");
      return;
    }
    await worker.stop(); // already stopped unless the first test failed half-way
    // A rebuild: a copy of the build with a changed index.html and a new sw.js written by the
    // same hook Trunk runs. Serving it is the "deploy".
    const oldId = buildId(DIST);
    const site = join(work, "v2");
    cpSync(DIST, site, { recursive: true });
    const index = join(site, "index.html");
    writeFileSync(
      index,
      readFileSync(index, "utf8").replace("</head>", '<meta name="tsunagu-e2e" content="v2"></head>'),
    );
    execFileSync("bash", [join(ROOT, "scripts/build-sw.sh"), site], { stdio: "pipe" });
    const newId = buildId(site);
    assert.notEqual(newId, oldId);

    worker = await startWorker({ port, assets: site });
    // A navigation makes the browser check /sw.js; the new worker installs, takes over and
    // deletes the old cache.
    await page.goto(`${worker.origin}/`, { waitUntil: "load" });
    await eventually("the new service worker controls the page", () =>
      page.evaluate(() => window.__tsunaguControllerChanged === true),
    );
    await eventually("exactly one cache, the new build's", async () => {
      const names = await shellCaches(page);
      return names.length === 1 && names[0] === CACHE_PREFIX + newId;
    });

    // Offline again: the page now comes, entirely, from the new build's cache.
    await worker.stop();
    seen.clear();
    await page.reload({ waitUntil: "load" });
    await expectOfflineApp(page);
    assert.equal(
      await page.locator('meta[name="tsunagu-e2e"]').getAttribute("content"),
      "v2",
      "the new build's index.html",
    );
    assert.deepEqual(await shellCaches(page), [CACHE_PREFIX + newId]);
    assert.deepEqual(seen.failed, [], "no request for the app's files failed");
    assert.deepEqual(seen.notFromServiceWorker, [], "every app file came from the service worker");
    assert.deepEqual(seen.pageErrors, [], "no uncaught errors");
  });
});
