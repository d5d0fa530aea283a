// Onboarding without a terminal (issue 23): the prefecture's administrator invites two towns
// in bulk on /members; the test reads each invitation's link from the printed notice and from
// its QR code (decoded here with jsQR from the SVG the notice draws), opens each link in a
// fresh browser profile, which connects in one click and edits; the administrator revokes one
// town, whose next sync is refused with a message in words while its edit stays on the device;
// a new invitation opened on the same device delivers that edit; the administrator sees both
// towns' edits in the activity feed (活動). Bad join links say what is wrong.
//
//   source scripts/env.sh && trunk build --release && node --test tests/e2e/invite.test.mjs

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import jsQR from "jsqr";

import {
  WORKER_START_TIMEOUT_MS,
  connectApp,
  download,
  eventually,
  pageText,
  parseCsv,
  prefectureAdmin,
  pullRecords,
  pushRecords,
  syncNow,
  syncUntilSent,
  workerAndBrowser,
} from "./support.mjs";

const STEP_MS = 60_000;
const IWATE = "030007";
const TOWNS = [
  { code: "032018", name: "盛岡市" },
  { code: "032026", name: "宮古市" },
];
const ORGS = [
  { code: IWATE, kind: "prefecture", name: "岩手県", kana: "ｲﾜﾃｹﾝ" },
  ...TOWNS.map(({ code, name }) => ({ code, kind: "municipality", name, kana: "ｼ" })),
  { code: "032034", kind: "municipality", name: "大船渡市", kana: "ｵｵﾌﾅﾄｼ" },
];

/** The text a QR code drawn as `M{x},{y}h1v1h-1z` modules holds, decoded from its pixels. */
function decodeQr(viewBox, path) {
  const size = Number(viewBox.split(" ")[2]);
  const scale = 8;
  const width = size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y] of path.matchAll(/M(\d+),(\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy += 1) {
      for (let dx = 0; dx < scale; dx += 1) {
        const at = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4;
        pixels[at] = pixels[at + 1] = pixels[at + 2] = 0;
      }
    }
  }
  return jsQR(pixels, width, width)?.data ?? null;
}

/** Opens an invitation link in a fresh context and connects in one click. */
async function join(browser, link, label) {
  const context = await browser.newContext({ locale: "ja-JP" });
  const page = await context.newPage();
  await page.goto(link, { waitUntil: "load" });
  const confirm = page.getByRole("button", { name: "接続する" });
  await confirm.waitFor({ timeout: STEP_MS });
  assert.ok((await pageText(page)).includes(label), "the invitation says who connects");
  // The token left the address bar (and the history entry) before anything else.
  assert.equal(new URL(page.url()).hash, "");
  assert.equal(await page.evaluate(() => location.hash), "");
  await confirm.click();
  await page.locator("#connect-message.notice--ok").waitFor({ timeout: STEP_MS });
  return { context, page };
}

describe("the prefecture invites its towns", { timeout: WORKER_START_TIMEOUT_MS + 10 * STEP_MS }, () => {
  const env = workerAndBrowser();

  test("bulk invitation, join links and QR codes, one-click connect, revocation", { timeout: 8 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const admin = await prefectureAdmin(worker, "03");
    await pushRecords(
      worker,
      admin,
      ORGS.map(({ code, ...fields }) => ({ kind: "organisation", id: code, org: code, fields: { code, ...fields } })),
    );

    const adminContext = await browser.newContext({ locale: "ja-JP" });
    const adminPage = await adminContext.newPage();
    adminPage.on("dialog", (dialog) => dialog.accept());
    await connectApp(adminPage, worker, admin);
    await adminPage.getByRole("link", { name: "接続管理" }).click();
    for (const { name } of TOWNS) {
      await adminPage.getByLabel(name, { exact: true }).check({ timeout: STEP_MS });
    }
    await adminPage.getByRole("button", { name: "招待状を作成" }).click();
    const notices = adminPage.locator("article.invitation");
    await eventually("two invitations shown", async () => (await notices.count()) === 2);

    // The printed notice carries the link as text and as a QR code of the same link.
    const invitations = [];
    for (let i = 0; i < 2; i += 1) {
      const notice = notices.nth(i);
      const link = (await notice.locator(".invitation__link").innerText()).trim();
      assert.match(link, new RegExp(`^${worker.origin}/join#tsu_03_`));
      const svg = notice.locator(".invitation__qr svg");
      const decoded = decodeQr(await svg.getAttribute("viewBox"), await svg.locator("path").getAttribute("d"));
      assert.equal(decoded, link, "the QR code holds the invitation link");
      const text = await notice.innerText();
      const town = TOWNS.find(({ name }) => text.includes(`${name} ${name} DX担当 様`));
      assert.ok(town, `a notice addressed to a town: ${text.slice(0, 80)}`);
      invitations.push({ ...town, link, label: `${town.name} DX担当` });
    }
    // Printing shows the notices alone.
    await adminPage.emulateMedia({ media: "print" });
    assert.equal(await adminPage.locator(".main-nav").isVisible(), false);
    assert.equal(await notices.first().isVisible(), true);
    await adminPage.emulateMedia({ media: "screen" });
    // The same invitations for mail merge.
    const csv = parseCsv((await download(adminPage, "CSVを保存")).toString("utf8").replace(/^\uFEFF/, ""));
    assert.deepEqual(
      csv.slice(1).map((row) => row[4]).sort(),
      invitations.map(({ link }) => link).sort(),
    );

    // Each town connects in one click from its link, and edits.
    const towns = [];
    for (const invitation of invitations) {
      const token = invitation.link.split("#")[1];
      const measureId = `e2e-invite-${invitation.code}`;
      await pushRecords(worker, token, [
        { kind: "plan", id: `plan-${invitation.code}`, org: invitation.code, fields: { title: "DX計画", start_fy: 2024, end_fy: 2028 } },
        { kind: "measure", id: measureId, org: invitation.code, fields: { plan_id: `plan-${invitation.code}`, title: "書かない窓口" } },
      ]);
      const { context, page } = await join(browser, invitation.link, invitation.label);
      await page.goto(`${worker.origin}/measures/${measureId}`, { waitUntil: "load" });
      const title = page.locator(`#f-measure-${measureId}-title`);
      await eventually("the town's measure arrived", async () => (await title.count()) > 0);
      await title.fill(`書かない窓口 ${invitation.name}`);
      await syncUntilSent(page);
      towns.push({ ...invitation, context, page, measureId, title });
    }
    const server = await pullRecords(worker, admin);
    for (const { measureId, name } of towns) {
      assert.equal(server[`measure/${measureId}`]?.title, `書かない窓口 ${name}`);
    }

    // The administrator sees both tokens used, and revokes the second town's.
    await adminPage.getByRole("button", { name: "閉じる" }).click();
    await adminPage.reload({ waitUntil: "load" });
    const revoked = towns[1];
    await adminPage.getByRole("button", { name: `取り消す: ${revoked.label}` }).click({ timeout: STEP_MS });
    await eventually("the token is listed as revoked", async () =>
      (await adminPage.getByRole("button", { name: `取り消す: ${revoked.label}` }).count()) === 0,
    );
    await revoked.title.fill("取り消し後の編集");
    await syncNow(revoked.page);
    await eventually("the revoked town is told in words", async () =>
      (await pageText(revoked.page)).includes("取り消されました"),
    );
    // Its edit is still on the device, and the other town still syncs.
    assert.equal(await revoked.title.inputValue(), "取り消し後の編集");
    assert.notEqual(
      (await pullRecords(worker, admin))[`measure/${revoked.measureId}`]?.title,
      "取り消し後の編集",
      "the revoked token's write did not reach the server",
    );
    await towns[0].title.fill("取り消しの後も同期する");
    await syncUntilSent(towns[0].page);
    // A new invitation for the revoked town, opened on the same device: the edit kept there
    // since the revocation reaches the server under the new token, exactly once.
    await adminPage.reload({ waitUntil: "load" });
    await adminPage.getByLabel(revoked.name, { exact: true }).check({ timeout: STEP_MS });
    await adminPage.getByRole("button", { name: "招待状を作成" }).click();
    const again = adminPage.locator("article.invitation");
    await eventually("the new invitation is shown", async () => (await again.count()) === 1);
    const newLink = (await again.first().locator(".invitation__link").innerText()).trim();
    assert.notEqual(newLink, revoked.link);
    await revoked.page.goto(newLink, { waitUntil: "load" });
    const reconnect = revoked.page.getByRole("button", { name: "接続する" });
    await reconnect.waitFor({ timeout: STEP_MS });
    await reconnect.click();
    await revoked.page.locator("#connect-message.notice--ok").waitFor({ timeout: STEP_MS });
    await revoked.page.goto(`${worker.origin}/measures/${revoked.measureId}`, { waitUntil: "load" });
    await eventually("the kept edit is still shown", async () =>
      (await revoked.title.inputValue().catch(() => "")) === "取り消し後の編集",
    );
    await syncUntilSent(revoked.page);
    assert.equal(
      (await pullRecords(worker, admin))[`measure/${revoked.measureId}`]?.title,
      "取り消し後の編集",
      "the edit made while revoked arrived with the new invitation",
    );
    await adminPage.getByRole("button", { name: "閉じる" }).click();

    // The administrator sees what both towns did in 活動, by the people their invitations
    // named (the revoked town's edit before its revocation included).
    await syncNow(adminPage);
    await adminPage.getByRole("link", { name: "活動", exact: true }).click();
    const feed = adminPage.locator("main .activity-list");
    await eventually("both towns' edits are in the feed", async () => {
      const text = (await feed.count()) > 0 ? await feed.innerText() : "";
      return towns.every(({ label }) => text.includes(label)) && text.includes("取り消しの後も同期する");
    }, { ms: STEP_MS });
    for (const { context } of towns) await context.close();
    await adminContext.close();
  });

  test("a bad join link says what is wrong", { timeout: 2 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const context = await browser.newContext({ locale: "ja-JP" });
    const cases = [
      ["tsu_not_a_token", "形式が正しくありません"],
      ["tsu_03_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "受け付けられませんでした"],
      ["tsu_47_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "受け付けられませんでした"],
    ];
    for (const [token, words] of cases) {
      // A page of its own each: a link opened from a mail or a QR code loads the app anew.
      const page = await context.newPage();
      await page.goto(`${worker.origin}/join#${token}`, { waitUntil: "load" });
      await eventually(`join#${token.slice(0, 12)}… is refused in words`, async () =>
        (await page.locator("#connect-message").innerText().catch(() => "")).includes(words),
      );
      assert.equal(await page.evaluate(() => location.hash), "", "the token left the address bar");
      assert.equal(await page.getByRole("button", { name: "接続する" }).count(), 0);
      await page.close();
    }
    await context.close();
  });
  test("an invitation whose answer is lost leaves the tokens listed, never shown", { timeout: 2 * STEP_MS }, async () => {
    const { worker, browser } = env;
    const admin = await prefectureAdmin(worker, "03");
    const context = await browser.newContext({ locale: "ja-JP" });
    const page = await context.newPage();
    await connectApp(page, worker, admin);
    await page.goto(`${worker.origin}/members`, { waitUntil: "load" });
    // The request reaches the server; its answer never reaches the page (the network drops).
    let issued = null;
    await page.route("**/v1/prefecture/invitations", async (route) => {
      const answer = await route.fetch();
      issued = await answer.json();
      await route.abort("connectionreset");
    });
    await page.getByLabel("大船渡市", { exact: true }).check({ timeout: STEP_MS });
    await page.getByRole("button", { name: "招待状を作成" }).click();
    await eventually("the loss is said in words", async () =>
      (await page.locator("main [role=alert]").count()) > 0,
    );
    assert.equal(issued?.issued?.length, 1, "the server issued the token");
    const { token, id } = issued.issued[0];
    // Listed (so it can be revoked or reissued), its token never on the screen.
    await eventually("the issued token is listed", async () =>
      (await page.locator("#tokens-table").innerText()).includes("大船渡市 DX担当"),
    );
    assert.equal(await page.locator("article.invitation").count(), 0);
    assert.ok(!(await pageText(page)).includes(token), "the token is not shown");
    assert.ok(!(await page.content()).includes(token), "the token is nowhere in the page");
    assert.ok((await page.locator(`button[data-id="${id}"]`).count()) === 2, "it can be revoked or reissued");
    await context.close();
  });
});
