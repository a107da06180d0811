#!/usr/bin/env node
// End to end with Microsoft's offline Teams client: Flipside (`flipside serve`) talks to the
// Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground), which plays Teams and the Bot
// Connector on loopback. No browser: the Playground is driven through its REST API, and what Flipside
// sent back is read from the Playground's own events recording (every request it received on its
// /_connector routes, with the answer it gave).
//
//   node tests/teams_playground/playground.test.js <path-to-flipside>      (CTest: teams.playground)
//
// Steps: install the bot in the personal chat (installationUpdate + conversationUpdate), type `help`,
// type `join`, press the join card's "mentor" button (Action.Submit), then an Action.Execute invoke for
// the profile. Flipside answers through its outbox, asynchronously, so each step waits (at most 15 s)
// until the Playground has recorded Flipside's answer to the activity and Flipside's outbox is empty.
// One ok/FAIL line per check; exit code 1 on any failure; both processes are always stopped.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const here = __dirname;
const root = path.resolve(here, '..', '..');
const playgroundCli = path.join(here, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
const manifestFile = path.join(root, 'manifest', 'teams', 'manifest.json');
const userId = 'user-id-0'; // the Playground's default signed-in user (Alex Wilber)
const conversationId = 'a:1flipside-e2e-personal-chat'; // shaped like a Teams personal chat id
const cardType = 'application/vnd.microsoft.card.adaptive';
const stepTimeoutMs = 15000;
const overallTimeoutMs = 100000; // below CTest's TIMEOUT 120, so the processes are still ours to stop

const { ok, bad, check, failures } = require('../support/report.js');
// Stops the test; `reported` when the FAIL line is already printed.
class Abort extends Error {
  constructor(message, reported = false) {
    super(message);
    this.reported = reported;
  }
}
function must(condition, what, detail) {
  if (!check(condition, what, detail)) throw new Abort(what, true);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, probe, timeoutMs = stepTimeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      if (e instanceof Abort) throw e;
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Abort(`${what}: not within ${timeoutMs / 1000} s${last instanceof Error ? ` (${last.message})` : ''}`);
    }
    await sleep(100);
  }
}

// Two different free loopback ports (both held until both are known).
async function freePorts(n) {
  const servers = [];
  try {
    for (let i = 0; i < n; i++) {
      const s = net.createServer();
      await new Promise((resolve, reject) => s.once('error', reject).listen(0, '127.0.0.1', resolve));
      servers.push(s);
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

// ---------------------------------------------------------------------------------------------
// Child processes: each in its own process group, output kept for the failure report.

const children = [];
let tmpDir = null; // removed at the end, also when interrupted

function start(name, command, args, options) {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const entry = { name, child, output: '', exited: null };
  const keep = (chunk) => {
    entry.output = (entry.output + chunk.toString('utf8')).slice(-20000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', (code, signal) => {
    entry.exited = { code, signal };
  });
  child.on('error', (e) => {
    entry.exited = { code: null, signal: null, error: e.message };
  });
  children.push(entry);
  return entry;
}

function signalGroup(entry, signal) {
  if (entry.exited || !entry.child.pid) return;
  try {
    process.kill(-entry.child.pid, signal);
  } catch {
    // already gone
  }
}

async function stopAll() {
  for (const entry of children) signalGroup(entry, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (children.some((e) => !e.exited) && Date.now() < deadline) await sleep(50);
  for (const entry of children) signalGroup(entry, 'SIGKILL');
  while (children.some((e) => !e.exited) && Date.now() < deadline + 2000) await sleep(50);
}

// Last resort if the test itself is interrupted: nothing may outlive it.
process.on('exit', () => {
  for (const entry of children) signalGroup(entry, 'SIGKILL');
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.log(`FAIL  interrupted by ${sig}`);
    process.exit(1);
  });
}

function childEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // A developer's own Flipside or Playground settings must not leak into the test.
    if (/^(FLIPSIDE_|M365_AGENTS_PLAYGROUND_|TEAMSAPPTESTER_)/.test(k)) continue;
    env[k] = v;
  }
  // Both sides talk over loopback: never through a proxy a CI machine may define.
  const noProxy = [process.env.NO_PROXY || process.env.no_proxy, '127.0.0.1', 'localhost', '::1'].filter(Boolean).join(',');
  return { ...env, NO_PROXY: noProxy, no_proxy: noProxy, ...extra };
}

// ---------------------------------------------------------------------------------------------
// HTTP and the Playground's recording.

async function http(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

// The recording file holds one pretty-printed JSON object per exchange, separated by "\n---\n"
// (JSON.stringify escapes newlines inside strings, so the separator cannot occur in one).
function readRecording(file) {
  if (!fs.existsSync(file)) return [];
  const items = [];
  for (const part of fs.readFileSync(file, 'utf8').split('\n---\n')) {
    if (!part.trim()) continue;
    try {
      items.push(JSON.parse(part));
    } catch {
      // the last item may be half written
    }
  }
  return items;
}

// Everything text-like in a card (TextBlock text, FactSet titles/values, button titles).
function cardText(node) {
  if (Array.isArray(node)) return node.map(cardText).join('\n');
  if (!node || typeof node !== 'object') return '';
  let out = '';
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'text' || k === 'title' || k === 'value') && typeof v === 'string') out += `${v}\n`;
    else if (typeof v === 'object' && k !== 'data') out += cardText(v);
  }
  return out;
}

function cardActions(node, found = []) {
  if (Array.isArray(node)) node.forEach((n) => cardActions(n, found));
  else if (node && typeof node === 'object') {
    if (typeof node.type === 'string' && node.type.startsWith('Action.')) found.push(node);
    for (const v of Object.values(node)) if (typeof v === 'object') cardActions(v, found);
  }
  return found;
}

function card(activity) {
  const a = (activity.attachments || []).find((x) => x.contentType === cardType);
  return a ? a.content : null;
}

function brief(value, limit = 1500) {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > limit ? `${s.slice(0, limit)}…` : s;
}

// ---------------------------------------------------------------------------------------------

async function main(binary) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flipside-teams-playground-'));
  tmpDir = tmp;
  const recording = path.join(tmp, 'playground-recording.log');
  const playgroundLog = path.join(tmp, 'playground.log');
  const [flipsidePort, wantedPlaygroundPort] = await freePorts(2);
  const endpoint = `http://127.0.0.1:${flipsidePort}/api/messages`;
  let playground; // base URL, once known
  let inboundSeen = 0; // inbound exchanges already matched to a step

  try {
    // Flipside, with the development switch that accepts the Playground's unsigned requests.
    const flipside = start('flipside', binary, ['serve'], {
      cwd: tmp,
      env: childEnv({
        FLIPSIDE_BIND: '127.0.0.1',
        FLIPSIDE_PORT: String(flipsidePort),
        FLIPSIDE_DB: path.join(tmp, 'flipside.db'),
        FLIPSIDE_LOG_LEVEL: 'warn',
        FLIPSIDE_TEAMS_ALLOW_UNAUTHENTICATED: 'on',
      }),
    });
    await waitFor('flipside answers /readyz', async () => {
      if (flipside.exited) throw new Abort(`flipside exited: ${JSON.stringify(flipside.exited)}`);
      return (await http('GET', `http://127.0.0.1:${flipsidePort}/readyz`)).status === 200;
    });
    ok(`flipside serve is ready on 127.0.0.1:${flipsidePort}`);

    // The Playground, headless, recording every exchange to a file.
    const pg = start('playground', process.execPath, [
      playgroundCli, '-e', endpoint, '-c', 'msteams', '-p', String(wantedPlaygroundPort),
      '--conversation-id', conversationId, '--enable-events-recording', '--disable-telemetry',
    ], {
      cwd: tmp, // it writes ./devTools there
      env: childEnv({
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_RECORDING_FILE: recording,
        M365_AGENTS_PLAYGROUND_LOGFILE: playgroundLog,
      }),
    });
    // It falls back to a random port if ours was taken meanwhile: believe what it prints.
    const port = await waitFor('the Playground prints "Listening on <port>"', async () => {
      if (pg.exited) throw new Abort(`the Playground exited: ${JSON.stringify(pg.exited)}`);
      const m = pg.output.match(/Listening on (\d+)/);
      return m && Number(m[1]);
    }, 60000);
    if (port !== wantedPlaygroundPort) console.log(`note  port ${wantedPlaygroundPort} was taken; the Playground chose ${port}`);
    playground = `http://127.0.0.1:${port}`;
    await waitFor('the Playground answers /_debug/ping', async () => (await http('GET', `${playground}/_debug/ping`)).text === 'pong');
    ok(`the Agents Playground is ready on port ${port} (bot endpoint ${endpoint})`);

    const inbound = () => readRecording(recording).filter((r) => r.request && r.request.url === endpoint);
    const outbound = () => readRecording(recording).filter((r) => r.request && String(r.request.url).startsWith('/_connector/'));
    const outboxDepth = async () => {
      const m = (await http('GET', `http://127.0.0.1:${flipsidePort}/metrics`)).text.match(/^flipside_outbox_depth (\d+)/m);
      return m ? Number(m[1]) : NaN;
    };

    // Waits until Flipside has answered the given inbound activities and delivered everything it
    // queued; returns the inbound exchanges and what Flipside sent since `since` messages.
    async function settle(what, activityTypes, since) {
      const answered = await waitFor(`Flipside answers ${what}`, async () => {
        // A non-2xx answer is not in the recording; the Playground logs it as a UserBotError.
        if (/UserBotError/.test(readText(playgroundLog))) {
          throw new Abort(`Flipside answers ${what}: the Playground's request to ${endpoint} failed (its log below)`);
        }
        const seen = inbound().slice(inboundSeen);
        const found = activityTypes.map((t) => seen.find((r) => r.request.body && r.request.body.type === t));
        return found.every(Boolean) && found;
      });
      inboundSeen = inbound().length;
      await waitFor(`Flipside's outbox drains after ${what}`, async () => (await outboxDepth()) === 0);
      const sent = outbound().slice(since);
      for (const r of answered) {
        check(r.response.statusCode === 200, `Flipside answers the ${r.request.body.type} activity with 200`,
          () => `HTTP ${r.response.statusCode} ${brief(r.response.body)}\nactivity: ${brief(r.request.body)}`);
      }
      for (const r of sent) {
        check(r.response.statusCode === 201 && r.request.url === `/_connector/v3/conversations/${conversationId}/activities`,
          `Flipside's reply reached the Playground's connector (POST ${r.request.url} -> ${r.response.statusCode})`,
          () => brief(r.response.body));
      }
      return sent;
    }

    const expectedCommands = JSON.parse(fs.readFileSync(manifestFile, 'utf8')).bots[0].commandLists
      .flatMap((l) => l.commands.map((c) => c.title))
      .filter((t, i, all) => all.indexOf(t) === i);
    const isHelpCard = (activity) => {
      const text = cardText(card(activity) || {});
      return expectedCommands.every((c) => text.includes(`\`${c}`));
    };

    // 1. Install the bot in the personal chat: Teams sends installationUpdate and conversationUpdate.
    let res = await http('POST', `${playground}/_debug/conversation/${encodeURIComponent(conversationId)}/installation`, {});
    must(res.status === 200, 'the Playground installs the bot in the personal chat', () => `HTTP ${res.status} ${res.text}`);
    let sent = await settle('the installation', ['installationUpdate', 'conversationUpdate'], 0);
    must(sent.length >= 1 && sent.every((r) => isHelpCard(r.request.body)),
      'on installation Flipside greets the person with the help card',
      () => `sent ${sent.length}: ${sent.map((r) => brief(r.request.body, 400)).join('\n')}`);
    if (sent.length > 1) {
      console.log(`note  the installation produced ${sent.length} welcome messages (installationUpdate and conversationUpdate each send help)`);
    }
    let count = outbound().length;

    // 2. `help`
    res = await http('POST', `${playground}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`,
      { from: { id: userId }, text: 'help', textFormat: 'plain' });
    must(res.status === 200, 'the Playground sends "help"', () => `HTTP ${res.status} ${res.text}`);
    sent = await settle('"help"', ['message'], count);
    count = outbound().length;
    const help = sent.map((r) => r.request.body).find((a) => card(a));
    must(help, 'Flipside answers "help" with an Adaptive Card', () => brief(sent.map((r) => r.request.body)));
    check(isHelpCard(help), `the help card lists the manifest's commands (${expectedCommands.join(', ')})`, () => cardText(card(help)));
    check(cardActions(card(help)).some((a) => a.type === 'Action.Submit' && a.data && a.data.action_id === 'join.start'),
      'the help card offers a "Join the programme" button', () => brief(cardActions(card(help))));

    // 3. `join`
    res = await http('POST', `${playground}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`,
      { from: { id: userId }, text: 'join', textFormat: 'plain' });
    must(res.status === 200, 'the Playground sends "join"', () => `HTTP ${res.status} ${res.text}`);
    sent = await settle('"join"', ['message'], count);
    count = outbound().length;
    const joinReply = sent.find((r) => cardActions(card(r.request.body) || {}).some((a) => a.type === 'Action.Submit'));
    must(joinReply, 'Flipside answers "join" with a card with buttons', () => brief(sent.map((r) => r.request.body)));
    const buttons = cardActions(card(joinReply.request.body));
    const mentor = buttons.find((a) => a.type === 'Action.Submit' && a.data && a.data.action_id === 'join.choose_role' && a.data.value === 'mentor');
    must(mentor, 'the join card has a "mentor" button (Action.Submit join.choose_role/mentor)', () => brief(buttons));
    ok(`the join card's buttons: ${buttons.map((b) => `"${b.title}"`).join(', ')}`);
    const joinMessageId = joinReply.response.body && joinReply.response.body.id;
    must(joinMessageId, 'the Playground gave the join card a message id', () => brief(joinReply.response));

    // 4. Press "mentor": Teams sends a message activity with no text and value = the button's data.
    res = await http('POST', `${playground}/_conversation/v1/submit`, {
      conversation: { id: conversationId }, from: { id: userId }, replyToId: joinMessageId, value: mentor.data,
    });
    must(res.status === 200, 'the Playground submits the "mentor" button', () => `HTTP ${res.status} ${res.text}`);
    sent = await settle('the "mentor" button', ['message'], count);
    count = outbound().length;
    const inText = sent.map((r) => cardText(card(r.request.body) || {}) + (r.request.body.text || '')).join('\n');
    check(/You're in/.test(inText), 'Flipside confirms "You\'re in" after the mentor button', () => inText || brief(sent));
    const confirmation = sent.find((r) => r.response.body && r.response.body.id);

    // 5. Action.Execute: an adaptiveCard/action invoke, answered in the HTTP response with a card.
    if (confirmation) {
      res = await http('POST', `${playground}/_conversation/v1/invoke`, {
        name: 'adaptiveCard/action', conversation: { id: conversationId }, from: { id: userId },
        replyToId: confirmation.response.body.id,
        value: { action: { type: 'Action.Execute', verb: 'profile.show', data: { action_id: 'profile.show', value: '' } }, trigger: 'manual' },
      });
      const body = res.json || {};
      check(res.status === 200 && body.type === cardType && /Mentor/.test(cardText(body.value)),
        'an Action.Execute invoke (profile.show) is answered with a card showing the role Mentor',
        () => `HTTP ${res.status} ${brief(res.text)}`);
    }
  } catch (e) {
    if (!(e instanceof Abort)) bad('the test ran to the end', e.stack || e.message);
    else if (!e.reported) bad(e.message);
  } finally {
    if (failures() > 0) {
      for (const entry of children) {
        console.log(`----- ${entry.name} output (last lines) -----\n${entry.output.split('\n').slice(-30).join('\n')}`);
      }
      const log = readText(playgroundLog).split('\n').slice(-40).map((l) => brief(l, 1500));
      console.log(`----- the Playground's log (${playgroundLog}, last lines) -----\n${log.join('\n')}`);
      const items = readRecording(recording);
      console.log(`----- the Playground's recording: ${items.length} exchanges -----`);
      for (const r of items.slice(-8)) {
        console.log(`${r.request && r.request.method} ${r.request && r.request.url} -> ${r.response && r.response.statusCode}`);
        console.log(`  request:  ${brief(r.request && r.request.body, 1200)}`);
        console.log(`  response: ${brief(r.response && r.response.body, 600)}`);
      }
    }
    await stopAll();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const binary = process.argv[2] && path.resolve(process.argv[2]);
if (!binary || !fs.existsSync(binary)) {
  console.error('usage: node tests/teams_playground/playground.test.js <path-to-flipside-binary>');
  process.exit(2);
}
if (!fs.existsSync(playgroundCli)) {
  console.error(`teams playground test: missing ${playgroundCli}; run \`npm ci\` in ${here} (scripts/install-deps.sh does)`);
  process.exit(1);
}
const overall = setTimeout(() => {
  console.log(`FAIL  the whole test took longer than ${overallTimeoutMs / 1000} s`);
  process.exit(1); // the exit handler kills both process groups
}, overallTimeoutMs);
main(binary).then(() => {
  clearTimeout(overall);
  console.log(failures() === 0 ? 'teams playground test: all ok' : `teams playground test: ${failures()} failed`);
  process.exitCode = failures() === 0 ? 0 : 1;
});
