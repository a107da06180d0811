// The managers' dashboard in a real browser: seed a fresh database with `flipside demo-data
// --running` (an organisation ten weeks into its programme), start flipside on a free loopback port
// with a console user as programme manager, ask the bot for a sign-in link in the console, open it
// in Debian's headless Chromium, read the charts and the at-risk table, pause a pair and read the
// flash message. Saves a full-page screenshot to the artifacts folder.
// Usage: node dashboard.test.js <path-to-flipside> <artifacts-dir>
"use strict";
const { chromium } = require("playwright-core");
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const [flipsideArg, artifacts] = process.argv.slice(2);
const flipside = flipsideArg && path.resolve(flipsideArg);  // it runs in a temporary folder
if (!flipsideArg || !artifacts) {
  console.error("usage: node dashboard.test.js <flipside> <artifacts-dir>");
  process.exit(2);
}

// The console names its user by a slug of the name typed: "Pat Manager" is "pat-manager".
const MANAGER_NAME = "Pat Manager";
const MANAGER_ID = "pat-manager";

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
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "flipside-dashboard-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { ...process.env, FLIPSIDE_PORT: String(port), FLIPSIDE_DB: path.join(work, "flipside.db"),
                FLIPSIDE_LOG_LEVEL: "warn", FLIPSIDE_ADMINS: MANAGER_ID };

  // The demo organisation, ten weeks into its programme.
  const seeded = spawnSync(flipside, ["demo-data", "--people", "120", "--running"], { cwd: work, env, encoding: "utf8" });
  check("demo-data --running succeeds", seeded.status === 0);
  if (seeded.status !== 0) console.error(seeded.stdout, seeded.stderr);
  const enrolled = /(\d+) mentors and (\d+) mentees/.exec(seeded.stdout || "");
  const paired = /with (\d+) pairs/.exec(seeded.stdout || "");
  const joined = enrolled ? Number(enrolled[1]) + Number(enrolled[2]) : -1;
  const people_paired = paired ? 2 * Number(paired[1]) : -1;  // every demo pair is two new people

  const child = spawn(flipside, ["serve"], { cwd: work, env, stdio: ["ignore", "inherit", "inherit"] });
  let browser;
  try {
    await waitForHealth(base, child);
    const anonymous = await fetch(base + "/dashboard");
    check("without signing in the dashboard answers 401", anonymous.status === 401);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Everything the dashboard needs comes from flipside itself: no CDN, no external asset.
    const elsewhere = [];
    page.on("request", (r) => { if (!r.url().startsWith(base)) elsewhere.push(r.url()); });

    // Ask the bot for a sign-in link, as a manager types it in the console.
    await page.goto(base + "/console");
    await page.fill("#name", MANAGER_NAME);
    await page.click("#start");
    await page.locator('.message[data-template="help.title"]').waitFor({ timeout: 10000 });
    await page.fill("#text", "dashboard");
    await page.click("#send");
    const reply = page.locator('.message[data-template="dashboard.link"]');
    await reply.waitFor({ timeout: 10000 });
    const link = (/http:\/\/\S+\/dashboard\/login\/[0-9a-f]{48}/.exec(await reply.innerText()) || [])[0];
    check("the bot replies with a single-use sign-in link", !!link);

    // Open it: signed in and redirected to the page.
    await page.goto(link);
    check("the link lands on the dashboard", new URL(page.url()).pathname === "/dashboard");
    check("the page is about the demo programme", (await page.title()).startsWith("Demo programme"));
    check("it says who is signed in", (await page.locator("header.top").innerText()).includes("Signed in as " + MANAGER_NAME));
    const again = await fetch(link, { redirect: "manual" });
    check("the same link does not work twice (410)", again.status === 410);

    // The charts, by their accessible names, each with its numbers in text.
    for (const name of ["Participation funnel", "Sessions per week, held and missed",
                        "Pulse NPS per closed wave", "Goals agreed and done", "Mean progress of agreed goals"]) {
      check(`the "${name}" chart is drawn`, await page.getByRole("img", { name, exact: true }).isVisible());
    }
    const funnel = await page.locator("#funnel-chart-desc").textContent();
    check(`the funnel shows ${joined} joined and ${people_paired} paired`,
          funnel.includes(`Joined: ${joined},`) && funnel.includes(`Paired: ${people_paired},`));
    const bars = await page.locator("#funnel-chart text").allTextContents();
    check("the funnel's numbers are printed next to its bars", bars.includes(String(joined)) && bars.includes(String(people_paired)));
    const weeks = await page.locator("#sessions-chart g.group").count();
    check("the sessions chart has 12 weeks", weeks === 12);
    const pulse = await page.locator("#pulse-chart-desc").textContent();
    check("a pulse wave with too few answers shows no figure", pulse.includes("After 3 sessions (2): not enough answers"));
    check("closed waves with enough answers have a point each", (await page.locator("#pulse-chart circle").count()) >= 2);

    // The at-risk table, and pausing a pair from it.
    const rows = page.locator("#at-risk-heading ~ table tbody tr");
    const before = await rows.count();
    check("the at-risk table lists pairs", before >= 3);
    const first = rows.first();
    const pair = (await first.locator("th").innerText()).split(" & ");
    await first.locator('button[value="pause"]').click();
    await page.waitForURL(/done=paused/, { timeout: 10000 });
    const flash = await page.locator(".flash").innerText();
    check("the flash message says the pair was paused", flash.startsWith(`Paused ${pair[0]} and ${pair[1]}.`));
    check("the paused pair left the at-risk table", (await rows.count()) === before - 1);
    check("nothing was fetched from anywhere else", elsewhere.length === 0);
    if (elsewhere.length) console.error(elsewhere);

    const shot = path.join(artifacts, "dashboard.png");
    await page.screenshot({ path: shot, fullPage: true });
    console.log("screenshot: " + shot);
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
