// Accessibility of every screen, against the demo prefecture (the operator tool's seed-demo,
// with a national case adopted by Tono and a case it proposed, so the casebook's screens show
// their tables and forms):
// axe-core checks each screen of a municipality's editor and of the prefecture's admin, in
// Japanese (light colour scheme) and in English (dark), against its WCAG 2.0 / 2.1 level A and
// AA rules and its best practices (landmarks, heading order, unique ids); and every control
// reached with the Tab key on the plan and the dashboard shows where the focus is (WCAG 2.4.7,
// which axe cannot check).
// Each screen must also reflow at 320 CSS px (WCAG 1.4.10): the page never scrolls sideways,
// though a wide table may, inside its own region.
// Where axe cannot decide a text's contrast (SVG chart labels, cells under the dashboard's
// sticky header), the test works it out itself from the text's colour and the background behind it.
//
//   source scripts/env.sh && trunk build --release && cargo build -p tsunagu-cli
//   node --test tests/e2e/accessibility.test.mjs
//
// Environment: see tests/e2e/support.mjs.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import {
  adminTokensPath,
  ROOT, WORKER_START_TIMEOUT_MS, connectApp, operatorTool, pushRecords, syncBarIdle, workerAndBrowser,
} from "./support.mjs";

const IWATE = "030007";
const TONO = "032085";
const STEP_MS = 120_000;
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const TAB_STOPS_MAX = 150;

/** Loads the demo prefecture into `worker` and returns its access tokens. */
function seedDemo(worker) {
  const cli = operatorTool("debug");
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run cargo build -p tsunagu-cli first`);
  const state = join(mkdtempSync(join(tmpdir(), "tsunagu-a11y-")), "tokens.json");
  execFileSync(
    cli,
    ["--url", worker.origin, "--admin-secret", worker.adminSecret,
      "--admin-tokens", adminTokensPath(worker), "seed-demo",
      "--csv", join(ROOT, "data/local-governments.csv"), "--state", state],
    { stdio: ["ignore", "ignore", "inherit"], timeout: STEP_MS },
  );
  return JSON.parse(readFileSync(state, "utf8")).tokens;
}

/**
 * The casebook in use, on top of the demo: Tono adopted a national case (so the case page
 * shows its adopters and the 横展開 views have rows) and proposed one of its own (so the
 * prefecture's page shows a proposal with its review form).
 */
const ADOPTED_MEASURE = `${TONO}-m-a11y0001`;
async function seedCasebook(worker, tono) {
  await pushRecords(worker, tono, [
    {
      kind: "measure",
      id: ADOPTED_MEASURE,
      org: TONO,
      fields: {
        plan_id: `${TONO}-tono-dx-plan`,
        title: "外部人材をCDOに任命",
        status: "作業中",
        percent: 40,
        notes: "全国の参考事例から取り込んだ。",
        source_case: "national-04",
      },
    },
    {
      kind: "case",
      id: `${TONO}-case-a1100001`,
      org: TONO,
      fields: {
        title: "書かない窓口の導入",
        category: "窓口改革",
        organisation: "遠野市",
        population_class: "10k_to_50k",
        point: "申請書を書かない窓口で待ち時間を半分に",
        overview: "申請書を書かずに手続できる窓口を市民課に設けた。",
        effects: "窓口の待ち時間: 30分 → 12分",
        contact_department: "市民課",
        state: "proposed",
        round: 1,
      },
    },
  ]);
}

/** A page connected with `token`, showing the app in `lang` with the system's `colorScheme`. */
async function openUser(browser, worker, token, lang, colorScheme = "light") {
  // axe-core goes in as a script tag the app's Content-Security-Policy would block; the policy
  // itself is checked by offline_shell and sync_offline.
  const context = await browser.newContext({ locale: "ja-JP", colorScheme, bypassCSP: true });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await connectApp(page, worker, token);
  await page.evaluate((value) => localStorage.setItem("tsunagu.lang", value), lang);
  return { context, page, errors };
}

/**
 * Opens `path` and waits until the app has read its local data and the screen has settled, so
 * it shows the demo's data.
 */
async function show(page, worker, path) {
  await page.goto(`${worker.origin}${path}`, { waitUntil: "load" });
  await page.waitForFunction(() => performance.getEntriesByName("tsunagu:loaded").length > 0, null, {
    timeout: 30_000,
  });
  await settled(page);
}

/**
 * Waits until the screen shows a heading, its sync bar is idle (no sync running, nothing to
 * send) and nothing in it is still loading (a loading notice is `aria-busy`: the dashboard
 * before its matrix, a measure before its history).
 */
async function settled(page) {
  await page.locator("main h1").first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(syncBarIdle, null, { timeout: 30_000, polling: 100 });
  await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"]'), null, {
    timeout: 30_000,
    polling: 100,
  });
}

/**
 * axe-core's violations on the current screen, one line each with where they are, and the
 * texts whose contrast axe left undecided but which fall short when worked out here.
 */
async function violations(page) {
  await page.addScriptTag({ path: AXE });
  const { found, undecided } = await page.evaluate(async (values) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values } });
    const contrast = result.incomplete.find((rule) => rule.id === "color-contrast");
    return {
      found: result.violations,
      undecided: contrast ? contrast.nodes.map((node) => node.target.join(" ")) : [],
    };
  }, RULES);
  const lines = found.map(
    (rule) => `${rule.id} (${rule.impact}): ${rule.help}; at ${rule.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`,
  );
  const short = await page.evaluate(lowContrast, undecided);
  return lines.concat(short.map((text) => `color-contrast (worked out here): ${text}`));
}

/**
 * Runs in the page. For each selector, the contrast of its text colour (an SVG text's fill)
 * against the nearest opaque background colour of its HTML ancestors (SVG shapes behind a
 * label are not considered); returns the texts under 4.5:1 (3:1 for large text).
 */
function lowContrast(selectors) {
  const rgba = (value) => {
    const parts = value.match(/rgba?\(([^)]+)\)/)?.[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return parts && { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const channel = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const luminance = ({ r, g, b }) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      if (e instanceof SVGElement) continue;
      const colour = rgba(getComputedStyle(e).backgroundColor);
      if (colour && colour.a > 0) return colour;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const short = [];
  for (const selector of selectors) {
    const element = document.querySelector(selector);
    if (!element) continue;
    const style = getComputedStyle(element);
    const text = rgba(element instanceof SVGElement ? style.fill : style.color);
    if (!text) continue;
    const [light, dark] = [luminance(text), luminance(background(element))].sort((p, q) => q - p);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66);
    const needed = large ? 3 : 4.5;
    if (ratio < needed) {
      short.push(`${ratio.toFixed(2)}:1 < ${needed}:1 at ${selector} "${element.textContent.trim().slice(0, 20)}"`);
    }
  }
  return short;
}

/**
 * WCAG 1.4.10 Reflow: at 320 CSS px the page is no wider than the window. Returns null, or how
 * wide it is and the outermost elements that stick out (outside any scrolling region).
 */
async function sidewaysAt320(page) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  try {
    return await page.evaluate(
      () =>
        new Promise((resolve) =>
          requestAnimationFrame(() => {
            const width = document.documentElement.clientWidth;
            const pageWidth = document.documentElement.scrollWidth;
            if (pageWidth <= width) return resolve(null);
            const sticksOut = (el) => el.getBoundingClientRect().right > width + 1;
            const scrolled = (el) => {
              for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
                if (getComputedStyle(e).overflowX !== "visible") return true;
              }
              return false;
            };
            const outermost = [...document.body.querySelectorAll("*")]
              .filter((el) => sticksOut(el) && !sticksOut(el.parentElement) && !scrolled(el))
              .slice(0, 3)
              .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`);
            resolve(`${pageWidth} px wide, at ${outermost.join(", ") || "(inside a scrolling region)"}`);
          }),
        ),
    );
  } finally {
    await page.setViewportSize(size);
  }
}

async function auditScreens(env, token, { lang, scheme }, screens) {
  const user = await openUser(env.browser, env.worker, token, lang, scheme);
  try {
    for (const screen of screens) {
      await screen.open(user.page);
      const shownLang = await user.page.evaluate(() => document.documentElement.lang);
      assert.equal(shownLang, lang, `${screen.name} is shown in ${lang}`);
      assert.deepEqual(await violations(user.page), [], `${screen.name} (${lang}, ${scheme}) passes axe-core`);
      assert.equal(await sidewaysAt320(user.page), null, `${screen.name} (${lang}) reflows at 320 px`);
    }
    assert.deepEqual(user.errors, [], "no uncaught errors");
  } finally {
    await user.context.close();
  }
}

/** Presses Tab until the focus comes back round (or TAB_STOPS_MAX): controls without a visible focus. */
async function focusWithoutIndicator(page) {
  const missing = [];
  const seen = new Set();
  for (let stop = 0; stop < TAB_STOPS_MAX; stop += 1) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      window.tabStops ??= 0;
      if (!el.dataset.tabStop) el.dataset.tabStop = String((window.tabStops += 1));
      const style = getComputedStyle(el);
      const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
      const box = el.getBoundingClientRect();
      return {
        stop: el.dataset.tabStop,
        name: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}"`,
        visible: (outlined || style.boxShadow !== "none") && box.width > 0 && box.height > 0,
      };
    });
    if (!focused) break;
    if (seen.has(focused.stop)) break; // a date input's parts keep one element focused
    seen.add(focused.stop);
    if (!focused.visible) missing.push(focused.name);
  }
  return { missing, stops: seen.size };
}

describe("accessibility of every screen", { timeout: WORKER_START_TIMEOUT_MS + 8 * STEP_MS }, () => {
  const env = workerAndBrowser();
  let tokens;
  const token = (org, role) => tokens.find((entry) => entry.org === org && entry.role === role).token;
  before(async () => {
    tokens = seedDemo(env.worker);
    // seedDemo blocked the event loop while the worker closed the idle keep-alive socket of an
    // earlier request: let undici see that close before reusing the pool ("other side closed").
    await sleep(200);
    await seedCasebook(env.worker, token(TONO, "editor"));
  });
  // `content`: what the screen must show once settled, so it is audited with the demo's data.
  const at = (path, content) => ({
    name: path,
    open: async (page) => {
      await show(page, env.worker, path);
      if (content) await page.locator(content).first().waitFor({ state: "attached", timeout: 1_000 });
    },
  });
  const firstLink = (name, path, selector) => ({
    name,
    open: async (page) => {
      await show(page, env.worker, path);
      await page.locator(selector).first().click();
      await page.waitForFunction((from) => location.pathname !== from, path);
      await settled(page);
    },
  });
  const newSurvey = {
    name: "the survey builder",
    open: async (page) => {
      await show(page, env.worker, "/surveys");
      await page.locator("main .actions .button--primary").click();
      await page.locator("main input, main textarea").first().waitFor({ timeout: 30_000 });
      await settled(page);
    },
  };

  // The members screen with two invitations just issued (the tokens shown once, the notices).
  const issuedInvitations = {
    name: "the issued invitations",
    open: async (page) => {
      await show(page, env.worker, "/members");
      const boxes = page.locator("main input[name=town]");
      await boxes.first().waitFor({ timeout: 30_000 });
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await page.locator("main form[data-action=invite] button[type=submit]").click();
      await page.locator("article.invitation").nth(1).waitFor({ timeout: 30_000 });
      await settled(page);
    },
  };

  // The plan's import panel (its first step, written by the tools module once loaded), and
  // its preview of a small CSV: a measure to add and a row refused.
  const openImport = async (page) => {
    await show(page, env.worker, "/plan");
    await page.getByRole("button", { name: /Excel\/CSV/ }).click();
    await page.locator("#import-file").waitFor({ timeout: 30_000 });
  };
  const importStart = {
    name: "the plan's import panel",
    open: async (page) => {
      await openImport(page);
      await settled(page);
    },
  };
  const importPreview = {
    name: "the import preview",
    open: async (page) => {
      await openImport(page);
      const csv = "施策名,状況,進捗率\n窓口のキャッシュレス化,作業中,10\n,完了,abc\n";
      await page.locator("#import-file").setInputFiles({ name: "plan.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await page.locator("button[data-action=preview]").click();
      await page.locator("[data-count=add]").waitFor({ timeout: 30_000 });
      await settled(page);
    },
  };

  // The casebook (事例集): its markup is written by the tools module, so each page waits for it.
  const casebook = (name, path, tab, content) => ({
    name,
    open: async (page) => {
      await show(page, env.worker, path);
      await page.locator("#casebook nav.tabs").waitFor({ timeout: 30_000 });
      if (tab) await page.locator(`#casebook nav.tabs button[data-id=${tab}]`).click();
      await page.locator(content).first().waitFor({ state: "attached", timeout: 30_000 });
      await settled(page);
    },
  });
  // The dashboard with its 横展開 view (the casebook's reach, written by the tools module).
  const dashboardReach = {
    name: "/prefecture with its 横展開 view",
    open: async (page) => {
      await show(page, env.worker, "/prefecture");
      await page.locator("#casebook-reach .reach-table").waitFor({ timeout: 30_000 });
      await settled(page);
    },
  };
  // ファイルで同期 (on /connect): a device's file chosen (what it holds, before sending).
  const syncFileRead = {
    name: "/connect with a sync file chosen",
    open: async (page) => {
      await show(page, env.worker, "/connect#sync-file");
      await page.locator("#sync-file-input").waitFor({ timeout: 30_000 });
      const [file] = await Promise.all([
        page.waitForEvent("download", { timeout: 30_000 }),
        page.locator("button[data-action=export]").click(),
      ]);
      const buffer = readFileSync(await file.path());
      await page.locator("#sync-file-input").setInputFiles({ name: "a.tsunagu", mimeType: "application/json", buffer });
      await page.locator("button[data-action=relay]").waitFor({ timeout: 30_000 });
      await settled(page);
    },
  };

  // Each language once, one in the light colour scheme and one in the dark.
  for (const look of [{ lang: "ja", scheme: "light" }, { lang: "en", scheme: "dark" }]) {
    const { lang, scheme } = look;
    test(`a municipality's screens (${lang}, ${scheme})`, { timeout: STEP_MS }, async () => {
      await auditScreens(env, token(TONO, "editor"), look, [
        at("/plan", "main a[href^='/measures/']"),
        firstLink("a measure", "/plan", "main a[href^='/measures/']"),
        at("/checklist"),
        at("/conflicts"),
        at("/refused"),
        at("/trash"),
        at("/activity", "main .activity-list a"),
        at("/surveys"),
        at("/surveys/survey-iwate-2021"),
        at("/connect"),
        importStart,
        importPreview,
        casebook("the casebook", "/casebook", null, "#casebook .case-list"),
        casebook("a case", "/casebook?case=national-04", null, "#casebook .case-sheet"),
        casebook("the town's cases", "/casebook", "mine", "#casebook form[data-action=propose]"),
        casebook("a case's editor", `/casebook?propose=${ADOPTED_MEASURE}`, null, "#casebook #case-title"),
        syncFileRead,
      ]);
    });

    test(`the prefecture's screens (${lang}, ${scheme})`, { timeout: STEP_MS }, async () => {
      await auditScreens(env, token(IWATE, "prefecture_admin"), look, [
        at("/prefecture", ".matrix tbody th"),
        dashboardReach,
        at(`/orgs/${TONO}`, "main a[href^='/measures/']"),
        at("/areas"),
        at("/standardisation"),
        at("/activity", "main .activity-list a"),
        at("/prefecture/measures", "[data-testid=measure-search-count]"),
        at("/surveys"),
        at("/surveys/survey-iwate-2021"),
        newSurvey,
        at("/members", "#tokens-table"),
        issuedInvitations,
        casebook("the proposals", "/casebook", "mine", "#casebook .review-form"),
        casebook("a case with its adopters", "/casebook?case=national-04", null, "#casebook table.adopters"),
        casebook("the casebook's reach", "/casebook", "reach", "#casebook .reach-table"),
      ]);
    });
  }

  test("every control reached with Tab shows the focus", { timeout: STEP_MS }, async () => {
    const screens = [
      [TONO, "editor", "/plan", "main a[href^='/measures/']"],
      [IWATE, "prefecture_admin", "/prefecture", "main a[href^='/orgs/']"],
    ];
    for (const [org, role, path, content] of screens) {
      const user = await openUser(env.browser, env.worker, token(org, role), "ja");
      try {
        await show(user.page, env.worker, path);
        await user.page.locator(content).first().waitFor({ timeout: 30_000 });
        const { missing, stops } = await focusWithoutIndicator(user.page);
        assert.ok(stops >= 15, `${path}: Tab reaches the controls (${stops})`);
        assert.deepEqual(missing, [], `${path}: focus visible on every control`);
      } finally {
        await user.context.close();
      }
    }
  });
});
