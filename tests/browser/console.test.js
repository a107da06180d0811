// The console in a real browser: start flipside on a free loopback port with a fresh database,
// open /console in Debian's headless Chromium, join as a person by clicking, and read the replies.
// Usage: node console.test.js <path-to-flipside> <artifacts-dir>
"use strict";
const { chromium } = require("playwright-core");
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const [flipside, artifacts] = process.argv.slice(2);
if (!flipside || !artifacts) {
  console.error("usage: node console.test.js <flipside> <artifacts-dir>");
  process.exit(2);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForHealth(base, child) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error("flipside exited with " + child.exitCode);
    try {
      const r = await fetch(base + "/healthz");
      if (r.ok) return;
    } catch (e) { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("flipside did not become healthy");
}

let failures = 0;
function check(what, ok) {
  console.log((ok ? "ok    " : "FAIL  ") + what);
  if (!ok) failures++;
}

(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "flipside-browser-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(flipside, ["serve"], {
    cwd: work,
    env: { ...process.env, FLIPSIDE_PORT: String(port), FLIPSIDE_DB: path.join(work, "flipside.db"), FLIPSIDE_LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  let browser;
  try {
    await waitForHealth(base, child);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = await browser.newPage({ timezoneId: "Asia/Kolkata" });
    await page.goto(base + "/console");
    check("the page shows its title", (await page.title()) === "Flipside console");

    await page.fill("#name", "Ana Lima");
    // Chromium reports the legacy alias Asia/Calcutta; the bot stores the canonical name.
    check("the time zone is prefilled from the browser", ["Asia/Kolkata", "Asia/Calcutta"].includes(await page.inputValue("#tz")));
    await page.click("#start");
    // Starting a chat says help; the reply offers to join.
    const joinButton = page.locator('button[data-action="join.start"]');
    await joinButton.waitFor({ timeout: 10000 });
    check("help arrives with a join button", await joinButton.isVisible());

    await joinButton.click();
    const mentor = page.locator('button[data-action="join.choose_role"][data-value="mentor"]');
    await mentor.waitFor({ timeout: 10000 });
    await mentor.click();
    const confirmed = page.locator('.message[data-template="join.confirmed"]');
    await confirmed.waitFor({ timeout: 10000 });
    const text = await confirmed.innerText();
    check("the bot confirms the join by name and role", text.includes("You're in, Ana Lima!") && text.includes("mentor"));

    await page.fill("#text", "profile");
    await page.click("#send");
    const card = page.locator('.message[data-template="profile.card"]');
    await card.waitFor({ timeout: 10000 });
    const cardText = await card.innerText();
    check("the profile shows the browser's zone and the role", cardText.includes("Asia/Kolkata") && cardText.includes("Mentor"));

    // Edit with a wrong zone: the error appears beside the input; then fix it.
    await card.locator('button[data-action="profile.edit"]').click();
    const form = page.locator('form[data-form="profile.edit"]').last();
    await form.waitFor({ timeout: 10000 });
    await form.locator('input[name="time_zone"]').fill("Mumbai");
    await form.locator('button[type="submit"]').click();
    const error = form.locator('[data-error-for="time_zone"]');
    await page.waitForFunction((el) => el.textContent.length > 0, await error.elementHandle(), { timeout: 10000 });
    check("a wrong zone is explained beside the input", (await error.innerText()).includes("not a time zone I know"));
    await form.locator('input[name="time_zone"]').fill("Europe/Berlin");
    await form.locator('button[type="submit"]').click();
    await page.locator('.message[data-template="profile.card"]').nth(1).waitFor({ timeout: 10000 });
    const saved = await page.locator('.message[data-template="profile.card"]').nth(1).innerText();
    check("the corrected profile is saved", saved.includes("Saved, Ana Lima.") && saved.includes("Europe/Berlin"));

    await page.screenshot({ path: path.join(artifacts, "console.png"), fullPage: true });
    console.log("screenshot: " + path.join(artifacts, "console.png"));

    // A reload keeps the conversation: the page restores the person and the transcript.
    await page.reload();
    await page.locator('.message[data-template="join.confirmed"]').waitFor({ timeout: 10000 });
    check("a reload shows the earlier conversation",
          (await page.locator('.message[data-template="profile.card"]').count()) === 2);
  } catch (e) {
    console.error(e);
    failures++;
  } finally {
    if (browser) await browser.close();
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(failures === 0 ? "browser test passed" : `${failures} check(s) failed`);
  process.exit(failures === 0 ? 0 : 1);
})();
