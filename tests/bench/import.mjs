// Benchmark (prints figures, asserts nothing): importing a 10,000-row file END TO END through
// the plan screen's import panel (「Excel/CSVから取り込む」) in headless Chromium against a real
// worker. The file (made with SheetJS: title, area, department, status, progress, deadline)
// is chosen, its columns mapped, previewed against the plan and confirmed; the phases printed:
// read (the file to the mapping step: bytes to the tools module, XLSX or CSV read, headers
// recognised), preview (the button to the three counts), confirm (the button to the notice,
// which comes once the batch's 80,000 field writes are stored in ONE IndexedDB transaction),
// list shown (the plan's list counting every new measure), and the total. XLSX and CSV,
// TSUNAGU_BENCH_RUNS runs each (3 by default), each on a fresh browser context (a new device:
// the plan without the last run's measures). TSUNAGU_BENCH_PUSH=1 also times pushing the first
// run's writes to the worker. TSUNAGU_BENCH_PROFILE=1 records a CPU profile of the page's main
// thread during the first confirm and prints where its time went (self time per function: the
// browser's IndexedDB and JSON work, the app's wasm by name when the build keeps its name
// section, e.g. a build with data-wasm-opt="0"), and saves it in the temporary directory
// (import-confirm.cpuprofile, for DevTools). TSUNAGU_BENCH_TRACE=1 traces each run's read (the
// file to the mapping step) and preview on every thread, the tools module's worker included,
// and prints self time per function for each.
//
//   source scripts/env.sh && trunk build --release && node tests/bench/import.mjs
//   (TSUNAGU_BENCH_ROWS: the rows, 10,000 by default; TSUNAGU_BENCH_FILES=csv or xlsx: one kind
//   only; TSUNAGU_E2E_DIST serves another build)

import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import XLSX from "xlsx";

import {
  DIST, connectApp, eventually, issueToken, launchBrowser, pushRecords, requireBuiltApp, startWorker, syncNow,
} from "../e2e/support.mjs";

const ROWS = Number(process.env.TSUNAGU_BENCH_ROWS ?? 10_000);
const RUNS = Number(process.env.TSUNAGU_BENCH_RUNS ?? 3);
const PLAN_ID = "bench-import-plan";
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const STATUSES = ["未着手", "作業中", "完了", "実施しない", "対象外"];

function rows() {
  const out = [["施策名", "分野", "担当課", "状況", "進捗率", "期限"]];
  for (let i = 0; i < ROWS; i += 1) {
    out.push([
      `施策 ${i + 1} 行政手続のオンライン化`,
      ["online", "ai_rpa", ""][i % 3],
      ["総務課", "企画課", "情報政策課"][i % 3],
      STATUSES[i % 5],
      `${i % 101}%`,
      `令和${7 + (i % 3)}年3月31日`,
    ]);
  }
  return out;
}

function files() {
  const book = XLSX.utils.book_new();
  const sheet = XLSX.utils.aoa_to_sheet(rows());
  XLSX.utils.book_append_sheet(book, sheet, "施策");
  return [
    { name: `bench-${ROWS}.xlsx`, mimeType: "application/octet-stream", buffer: XLSX.write(book, { type: "buffer", bookType: "xlsx" }) },
    { name: `bench-${ROWS}.csv`, mimeType: "text/csv", buffer: Buffer.from(XLSX.utils.sheet_to_csv(sheet), "utf8") },
  ];
}

async function startProfile(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  return cdp;
}

// Self time per function (top 25) and per kind (wasm, the browser's own work, JavaScript).
async function printProfile(cdp, what) {
  const { profile } = await cdp.send("Profiler.stop");
  const saved = join(tmpdir(), "import-confirm.cpuprofile");
  writeFileSync(saved, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id).callFrame;
    const name = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}`.trim();
    self.set(name, (self.get(name) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`CPU profile of ${what} (main thread, ${total.toFixed(0)} ms sampled, saved as ${saved}), self time:`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
  }
}

// Waits until an element matching `selector` (and holding `text`) is in the page, looking every
// 10 ms: Playwright's own waits look again at growing intervals, up to every 500 ms, so a
// phase measured with them took either about 0.37 s or about 0.87 s for the same work (a trace
// showed the preview's counts on screen 0.4 s after the click in both kinds of run).
function appears(page, selector, text, timeout) {
  return page.waitForFunction(
    ([selector, text]) => [...document.querySelectorAll(selector)].some((element) => element.textContent.includes(text)),
    [selector, text],
    { polling: 10, timeout },
  );
}

// Self time per function on every thread (the page and the tools module's Web Worker, which a
// page's Profiler does not see), from a Chromium trace with the V8 sampling profiler's chunks.
async function printTrace(buffer, what) {
  const events = JSON.parse(buffer.toString("utf8")).traceEvents ?? [];
  const threads = new Map();
  for (const event of events) {
    if (event.name === "thread_name") threads.set(`${event.pid}:${event.tid}`, event.args?.name ?? "");
  }
  const profiles = new Map();
  for (const event of events) {
    if (event.name !== "ProfileChunk") continue;
    const key = `${event.pid}:${event.tid}:${event.id}`;
    const profile = profiles.get(key) ?? { thread: `${event.pid}:${event.tid}`, nodes: new Map(), samples: [], deltas: [] };
    const chunk = event.args?.data ?? {};
    for (const node of chunk.cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
    profile.samples.push(...(chunk.cpuProfile?.samples ?? []));
    profile.deltas.push(...(chunk.timeDeltas ?? []));
    profiles.set(key, profile);
  }
  for (const profile of profiles.values()) {
    const self = new Map();
    profile.samples.forEach((id, i) => {
      const frame = profile.nodes.get(id)?.callFrame ?? {};
      const name = `${frame.functionName || "(anonymous)"} ${(frame.url ?? "").split("/").pop()}`.trim();
      self.set(name, (self.get(name) ?? 0) + (profile.deltas[i + 1] ?? 0) / 1000);
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    if (total < 20) continue;
    console.log(`Trace of ${what}, thread ${threads.get(profile.thread) || profile.thread} (${total.toFixed(0)} ms sampled), self time:`);
    for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
      console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
    }
  }
}

requireBuiltApp(DIST);
const worker = await startWorker(process.env.TSUNAGU_E2E_DIST ? { assets: DIST } : {});
const browser = await launchBrowser();
try {
  const token = await issueToken(worker, { label: "bench 取り込み" });
  await pushRecords(worker, token, [
    { kind: "plan", id: PLAN_ID, org: "032085", fields: { title: "遠野市DX推進計画 bench", start_fy: 2024, end_fy: 2028 } },
  ]);
  const freshPage = async () => {
    const page = await (await browser.newContext({ locale: "ja-JP" })).newPage();
    await connectApp(page, worker, token);
    await page.goto(`${worker.origin}/plan`);
    await eventually("the plan synced", async () => (await page.locator("main").innerText()).includes("遠野市DX推進計画 bench"), {
      onWait: () => syncNow(page).catch(() => {}),
    });
    return page;
  };
  const only = process.env.TSUNAGU_BENCH_FILES;
  for (const file of files().filter((f) => !only || f.name.endsWith(`.${only}`))) {
    const times = { read: [], preview: [], confirm: [], shown: [], total: [] };
    for (let run = 0; run < RUNS; run += 1) {
      // A fresh device each run: the plan without the last run's measures.
      const page = await freshPage();
      await page.getByRole("button", { name: "Excel/CSVから取り込む" }).click({ timeout: 120_000 });
      await page.locator("#import-file").waitFor({ timeout: 120_000 });
      const tracing = process.env.TSUNAGU_BENCH_TRACE === "1";
      // The File is made in the page before the clock starts, and chosen by the change event
      // a person's choice fires: Playwright's setInputFiles sends the bytes as base64 and
      // builds the File in the page, 0.2–0.35 s of the main thread for the 3 MB XLSX (a trace
      // of the read showed it) that no person choosing a file waits for.
      await page.evaluate(({ base64, name, type }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        window.benchFile = new File([bytes], name, { type });
      }, { base64: file.buffer.toString("base64"), name: file.name, type: file.mimeType });
      if (tracing) await browser.startTracing(page, { categories: ["disabled-by-default-v8.cpu_profiler", "v8"] });
      const start = Date.now();
      await page.evaluate(() => {
        const input = document.querySelector("#import-file");
        const chosen = new DataTransfer();
        chosen.items.add(window.benchFile);
        input.files = chosen.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
      await appears(page, "select[data-action=map]", "", 120_000);
      const read = Date.now();
      if (tracing) await printTrace(await browser.stopTracing(), `${file.name}'s read`);
      if (tracing) await browser.startTracing(page, { categories: ["disabled-by-default-v8.cpu_profiler", "v8"] });
      await page.locator("button[data-action=preview]").click();
      await appears(page, "[data-count=add]", "", 120_000);
      const previewed = Date.now();
      if (tracing) await printTrace(await browser.stopTracing(), `${file.name}'s preview (${previewed - read} ms)`);
      const counts = await page.evaluate(() =>
        ["add", "update", "refused"].map((what) => document.querySelector(`[data-count=${what}]`).innerText).join(" / "));
      const profiler = process.env.TSUNAGU_BENCH_PROFILE === "1" && run === 0 ? await startProfile(page) : null;
      await page.locator("button[data-action=confirm]").click({ timeout: 600_000 });
      // Written: the notice comes once the batch is stored in IndexedDB (one transaction).
      await appears(page, ".notice", "取り込みました", 600_000);
      const confirmed = Date.now();
      if (profiler) await printProfile(profiler, `${file.name}'s confirm`);
      // Shown: the plan's list counts every imported measure.
      await appears(page, ".result-count", `全${ROWS}件中`, 600_000);
      const shown = Date.now();
      const phases = {
        read: read - start, preview: previewed - read, confirm: confirmed - previewed, shown: shown - confirmed, total: shown - start,
      };
      for (const [name, ms] of Object.entries(phases)) times[name].push(ms);
      console.log(
        `${file.name} (${(file.buffer.length / 1024).toFixed(0)} KB) run ${run + 1}: read ${phases.read} ms, preview ${phases.preview} ms ` +
          `(add / update / refused: ${counts}), confirm ${phases.confirm} ms, list shown ${phases.shown} ms; total ${phases.total} ms`,
      );
      if (process.env.TSUNAGU_BENCH_PUSH === "1" && run === 0) {
        // The queue of 80,000 writes goes out in pushes of at most 500 (and 512 KB).
        const pushStart = Date.now();
        await eventually(
          "every imported write pushed",
          async () => (await page.locator(".sync-bar__pending").innerText()).includes("未送信なし"),
          { ms: 1_800_000, onWait: () => syncNow(page).catch(() => {}) },
        );
        console.log(`pushing the import's writes to the worker: ${Date.now() - pushStart} ms`);
      }
      await page.context().close();
    }
    const m = (name) => median(times[name]);
    console.log(
      `import of ${ROWS} rows from ${file.name.split(".").pop().toUpperCase()}, median of ${RUNS}: ` +
        `read ${m("read")} ms + preview ${m("preview")} ms + confirm (written) ${m("confirm")} ms + list shown ${m("shown")} ms ` +
        `= **${m("total")} ms** (choosing the file to every measure written and shown); file to preview ${m("read") + m("preview")} ms`,
    );
  }
} finally {
  await browser.close();
  await worker.stop();
}
