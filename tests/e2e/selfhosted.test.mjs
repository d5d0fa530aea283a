// The app served by the self-hosted service (plain `workerd serve` with the configuration in
// sync-worker/selfhosted/, docs/deploy.md): the app's files come from the same origin with
// their types and security headers, the app connects and syncs, and its shell loads again
// with no network, from its service worker. No wrangler runs here.
//
//   source scripts/env.sh && node --test tests/e2e/selfhosted.test.mjs
//
// Environment: TSUNAGU_SELFHOSTED_RELEASE, a release directory (`bash
// scripts/serve-selfhosted.sh build DIR`; scripts/test.sh builds one); without it the test
// builds one itself (about two minutes).

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";

import {
  ROOT,
  assertSecurityHeaders,
  connectApp,
  eventually,
  freePort,
  issueToken,
  launchProfile,
  pageText,
  pushRecords,
  watchPage,
} from "./support.mjs";

const STEP_MS = 60_000;
const MEASURE = "e2e-selfhosted-1";

/** Starts `scripts/serve-selfhosted.sh serve` in its own process group; resolves once healthy. */
async function startSelfHosted(release, dir) {
  const port = await freePort();
  const adminSecret = "e2e-selfhosted-".padEnd(40, "x");
  const logPath = join(dir, "workerd.log");
  const log = openSync(logPath, "a");
  const child = spawn("bash", [join(ROOT, "scripts/serve-selfhosted.sh"), "serve", release, join(dir, "data"), `127.0.0.1:${port}`], {
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...process.env, TSUNAGU_ADMIN_SECRET: adminSecret, TSUNAGU_ADMIN_SECRET_FILE: "" },
  });
  closeSync(log);
  const service = {
    origin: `http://127.0.0.1:${port}`,
    adminSecret,
    dir,
    stop: async () => {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return; // already gone
      }
      const exited = new Promise((done) => child.once("exit", done));
      if (!(await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]))) {
        process.kill(-child.pid, "SIGKILL");
      }
    },
  };
  await eventually(
    "the self-hosted service answers /v1/health",
    async () => (await fetch(`${service.origin}/v1/health`).catch(() => null))?.ok,
    { ms: 60_000, describe: () => `\n${readFileSync(logPath, "utf8").slice(-2000)}` },
  );
  return service;
}

describe("the app on the self-hosted service", { timeout: 10 * STEP_MS + 180_000 }, () => {
  let dir;
  let service;
  let context;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "tsunagu-selfhosted-"));
    let release = process.env.TSUNAGU_SELFHOSTED_RELEASE;
    if (!release) {
      release = join(dir, "release");
      execFileSync("bash", [join(ROOT, "scripts/serve-selfhosted.sh"), "build", release], { stdio: "inherit" });
    }
    service = await startSelfHosted(release, dir);
    context = await launchProfile(join(dir, "profile"));
  });

  after(async () => {
    await context?.close();
    await service?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("served from one origin, connects, syncs, and loads again offline", async () => {
    const loader = await issueToken(service, { label: "e2e 読み込み" });
    const editor = await issueToken(service, { label: "e2e 遠野市 自己ホスト" });
    await pushRecords(service, loader, [
      { kind: "plan", id: "e2e-selfhosted-plan", org: "032085", fields: { title: "遠野市DX推進計画 自己ホスト", start_fy: 2024, end_fy: 2028 } },
      { kind: "measure", id: MEASURE, org: "032085", fields: { plan_id: "e2e-selfhosted-plan", title: "庁内で動く施策" } },
    ]);

    // The files: their types (a module script and streamed wasm need theirs) and headers.
    const index = await fetch(`${service.origin}/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get("content-type"), /^text\/html/);
    assertSecurityHeaders(Object.fromEntries(index.headers), "/");
    const html = await index.text();
    const wasm = html.match(/data-tsunagu-wasm="?([^"\s>]+)/)?.[1];
    assert.ok(wasm, "index.html names the app's wasm");
    assert.equal((await fetch(`${service.origin}${wasm}`)).headers.get("content-type"), "application/wasm");
    const route = await fetch(`${service.origin}/measures/${MEASURE}`);
    assert.equal(route.status, 200, "a route of the app is the app");
    assert.equal(await route.text(), html);
    assert.equal((await fetch(`${service.origin}/missing.js`)).status, 404, "a missing file is not the app");

    const page = await context.newPage();
    const seen = watchPage(page);
    await connectApp(page, service, editor);
    await page.goto(`${service.origin}/measures/${MEASURE}`);
    const title = page.locator(`#f-measure-${MEASURE}-title`);
    await eventually("the synced measure shows", async () => (await title.inputValue().catch(() => "")) === "庁内で動く施策", {
      describe: () => pageText(page),
    });

    // Offline: the service is stopped and the browser has no network; the shell and the
    // synced measure come from the device.
    await eventually(
      "the service worker controls the page",
      () => page.evaluate(() => navigator.serviceWorker.controller !== null),
      { onWait: () => page.reload() },
    );
    await service.stop();
    await context.setOffline(true);
    seen.clear();
    await page.reload();
    await eventually("the measure shows offline", async () => (await title.inputValue().catch(() => "")) === "庁内で動く施策", {
      describe: () => pageText(page),
    });
    assert.deepEqual(seen.failed, [], "every file of the app loaded offline");
    assert.deepEqual(seen.pageErrors, []);
    assert.deepEqual(seen.cspViolations, [], "the security policy allowed everything the app does");
  });
});
