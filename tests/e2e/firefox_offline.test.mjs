// The app in Firefox ESR, not only Chromium: it connects to the real worker and syncs a
// measure; with the worker stopped, a reload still loads the app from its service worker, an
// edit is kept on the device through another reload (the last sync's time still shown), and it
// reaches the server once the worker is back. Last, an invitation link (/join#token) opened in
// Firefox connects in one click. Firefox is driven through geckodriver with
// selenium-webdriver (Playwright drives only its own Firefox build, which cannot be downloaded here).
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/firefox_offline.test.mjs
//
// Environment: see tests/e2e/support.mjs, and
//   TSUNAGU_E2E_FIREFOX   the browser (default: /usr/bin/firefox-esr, else /usr/bin/firefox)
//   GECKODRIVER           the driver (default: geckodriver on PATH, installed by scripts/setup.sh)

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, test } from "node:test";

import { Builder, By, Key } from "selenium-webdriver";
import firefox from "selenium-webdriver/firefox.js";

import {
  WORKER_START_TIMEOUT_MS,
  eventually,
  issueToken,
  pullRecords,
  pushRecords,
  restartWorker,
  seedTonoMeasure,
  workerAndBrowser,
} from "./support.mjs";

const PLAN_ID = "e2e-firefox-plan";
const MEASURE_ID = "e2e-firefox-measure";
const TITLE_INPUT = `#f-measure-${MEASURE_ID}-title`;
const STEP_MS = 60_000;
const FIREFOX =
  process.env.TSUNAGU_E2E_FIREFOX ??
  ["/usr/bin/firefox-esr", "/usr/bin/firefox"].find((path) => existsSync(path)) ??
  "/usr/bin/firefox-esr";

function launchFirefox() {
  const options = new firefox.Options().addArguments("-headless").setBinary(FIREFOX);
  // An explicit driver: selenium's own driver manager would try to download one.
  const service = new firefox.ServiceBuilder(process.env.GECKODRIVER ?? "geckodriver");
  return new Builder()
    .forBrowser("firefox")
    .setFirefoxOptions(options)
    .setFirefoxService(service)
    .build();
}

/** What the tests do in the page, through WebDriver. */
function pageHelpers(driver) {
  const script = (source) => driver.executeScript(source);
  const text = (selector) => script(`return document.querySelector(${JSON.stringify(selector)})?.innerText ?? ""`);
  const pageText = () => script("return document.body.innerText");
  const loaded = () =>
    eventually("the app has read its local data", () =>
      script("return performance.getEntriesByName('tsunagu:loaded').length > 0"),
    );
  const titleValue = () => script(`return document.querySelector(${JSON.stringify(TITLE_INPUT)})?.value ?? null`);
  const pending = () => text(".sync-bar__pending");
  // Selects the field's text and types over it, as a user would. (WebDriver's clear blurs
  // the field, which would save it empty first; Ctrl+A does not reach geckodriver's input.)
  const typeOver = async (element, ...keys) => {
    await element.click();
    await driver.executeScript("arguments[0].select()", element);
    await element.sendKeys(...keys);
  };
  // As the user's reload (WebDriver's refresh bypassed the service worker in Firefox ESR 153).
  const reload = async () => {
    await script("window.__beforeReload = true; location.reload()");
    await eventually("the page reloaded", async () => (await script("return window.__beforeReload !== true")) === true);
    await loaded();
  };

  return { script, text, pageText, loaded, titleValue, pending, typeOver, reload };
}

describe("the app in Firefox", { timeout: WORKER_START_TIMEOUT_MS + 9 * STEP_MS }, () => {
  const env = workerAndBrowser({ launch: launchFirefox, close: (driver) => driver.quit() });

  test("connects, works offline from its service worker, and syncs an offline edit", { timeout: 4 * STEP_MS }, async () => {
    const { browser: driver } = env;
    let { worker } = env;
    const { script, text, pageText, loaded, titleValue, pending, typeOver, reload } = pageHelpers(driver);

    const loader = await issueToken(worker, { label: "e2e Firefox 読み込み" });
    const editor = await issueToken(worker, { label: "e2e Firefox 遠野市 編集者" });
    await seedTonoMeasure(worker, loader, { planId: PLAN_ID, measureId: MEASURE_ID, title: "窓口のキャッシュレス化" });

    await driver.get(`${worker.origin}/connect`);
    await loaded();
    // The address field starts with this page's address: type over it.
    await typeOver(await driver.findElement(By.css("#connect-url")), worker.origin);
    await driver.findElement(By.css("#connect-token")).sendKeys(editor);
    await driver.findElement(By.css('form button[type="submit"]')).click();
    await eventually("connected", () => script("return document.querySelector('#connect-message.notice--ok') !== null"), {
      describe: pageText,
    });
    // Firefox asks the user whether to keep the data; until then it is kept best-effort.
    await eventually("whether the data is kept is shown", async () =>
      /^(保護されています|容量が不足すると)/.test(await text("#identity-storage")),
    { describe: pageText });

    await driver.get(`${worker.origin}/measures/${MEASURE_ID}`);
    await eventually("the measure synced into the app", async () => (await titleValue()) === "窓口のキャッシュレス化", {
      describe: pageText,
    });
    await eventually("the service worker controls the page", () =>
      script("return navigator.serviceWorker?.controller != null"),
    );
    await eventually("nothing left to send", async () => (await pending()).includes("未送信なし"));

    await worker.stop({ keepState: true });
    await reload();
    await eventually("the app loads from its service worker with the worker stopped", async () =>
      (await titleValue()) === "窓口のキャッシュレス化",
    { describe: pageText });

    const edited = "窓口のキャッシュレス化 オフラインで編集";
    const title = await driver.findElement(By.css(TITLE_INPUT));
    await typeOver(title, edited, Key.TAB); // change, then blur
    await eventually("the edit is kept on the device, 1 change to send", async () =>
      (await pending()).includes("未送信 1件"),
    { describe: pageText });

    await reload();
    await eventually("after another offline reload, the edit is shown", async () => (await titleValue()) === edited, {
      describe: pageText,
    });
    assert.match(await pending(), /未送信 1件/);
    assert.match(await text(".sync-bar__last"), /^最終同期 \S/);

    worker = env.worker = await restartWorker(worker);
    const syncNow = () => driver.findElement(By.css("button.sync-bar__now")).click();
    await eventually("the edit is sent", async () => (await pending()).includes("未送信なし"), {
      onWait: syncNow,
      describe: pageText,
    });
    const records = await pullRecords(worker, loader);
    assert.equal(records[`measure/${MEASURE_ID}`]?.title, edited);
  });

  // Two tabs of one Firefox profile, already connected by the test above: each edits a measure
  // with the worker down, each counts both edits, and the first tab, which syncs, is closed.
  test("two tabs are one device: both offline edits reach the server after the syncing tab closes", { timeout: 4 * STEP_MS }, async () => {
    const { browser: driver } = env;
    let { worker } = env;
    const { script, pageText, pending, typeOver } = pageHelpers(driver);
    const loader = await issueToken(worker, { label: "e2e Firefox タブ 読み込み" });
    const measures = ["e2e-firefox-tab-1", "e2e-firefox-tab-2"];
    await pushRecords(
      worker,
      loader,
      measures.map((id, n) => ({
        kind: "measure",
        id,
        org: "032085",
        fields: { plan_id: PLAN_ID, title: `タブの施策${n + 1}` },
      })),
    );
    const input = (id) => `#f-measure-${id}-title`;
    const open = async (id, title) => {
      await driver.get(`${worker.origin}/measures/${id}`);
      await eventually(`measure ${id} synced in`, async () =>
        (await script(`return document.querySelector(${JSON.stringify(input(id))})?.value ?? null`)) === title,
      { onWait: () => script("document.querySelector('button.sync-bar__now')?.click()"), describe: pageText });
    };
    const firstTab = await driver.getWindowHandle();
    await open(measures[0], "タブの施策1");
    await driver.switchTo().newWindow("tab");
    const secondTab = await driver.getWindowHandle();
    await open(measures[1], "タブの施策2");

    await worker.stop({ keepState: true });
    const edits = ["タブの施策1 Firefoxタブ1", "タブの施策2 Firefoxタブ2"];
    await typeOver(await driver.findElement(By.css(input(measures[1]))), edits[1], Key.TAB);
    await driver.switchTo().window(firstTab);
    await typeOver(await driver.findElement(By.css(input(measures[0]))), edits[0], Key.TAB);
    await eventually("tab 1 counts both tabs' edits", async () => (await pending()).includes("未送信 2件"), {
      describe: pageText,
    });
    await driver.switchTo().window(secondTab);
    await eventually("tab 2 counts both tabs' edits", async () => (await pending()).includes("未送信 2件"), {
      describe: pageText,
    });

    worker = env.worker = await restartWorker(worker);
    // The first tab holds the device's lock: close it; the second takes over.
    await driver.switchTo().window(firstTab);
    await driver.close();
    await driver.switchTo().window(secondTab);
    const syncNow = () => script("document.querySelector('button.sync-bar__now')?.click()");
    await eventually("both edits are sent", async () => (await pending()).includes("未送信なし"), {
      onWait: syncNow,
      describe: pageText,
    });
    const records = await pullRecords(worker, loader);
    assert.deepEqual(
      measures.map((id) => records[`measure/${id}`]?.title),
      edits,
      "both tabs' edits reached the server",
    );
  });
  test("an invitation link connects in one click (issue 23)", { timeout: 2 * STEP_MS }, async () => {
    const { browser: driver, worker } = env;
    const { script, pageText, loaded } = pageHelpers(driver);
    const label = "e2e Firefox 盛岡市 招待";
    const token = await issueToken(worker, { org: "032018", label });
    await driver.get(`${worker.origin}/join#${token}`);
    await loaded();
    const confirmButton = () =>
      script("return [...document.querySelectorAll('#connect-message button')].find((b) => b.textContent === '接続する') ?? null");
    await eventually("the invitation is checked and shown", async () => (await confirmButton()) !== null, {
      describe: pageText,
    });
    assert.ok((await pageText()).includes(label), "the invitation says who connects");
    assert.equal(await script("return location.hash"), "", "the token left the address bar");
    assert.equal(await script("return location.pathname"), "/join");
    await (await confirmButton()).click();
    await eventually("connected", () => script("return document.querySelector('#connect-message.notice--ok') !== null"), {
      describe: pageText,
    });
  });
});
