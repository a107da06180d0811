#!/usr/bin/env node
// Background traffic during a measured run: signed Events API `message.im` events ("help" in a DM),
// at a steady rate. The bot answers them later through the Web API (Flipside: its outbox), so the
// slash-command acknowledgements are measured while deliveries happen in the background.
//
//   BENCH_SIGNING_SECRET=... node background_events.js URL RATE_PER_S SECONDS [USERS]
//
// Prints one line when done:
//   BACKGROUND sent=.. ok=.. non2xx=.. errors=.. late=.. p50_ms=.. p99_ms=.. max_ms=..
// (late: answered after Slack's 3 s deadline). Stops early, printing the same line, on SIGTERM.
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');

const secret = process.env.BENCH_SIGNING_SECRET;
const [urlArg, rateArg, secondsArg, usersArg] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const users = Number(usersArg || 500);
if (!secret || !urlArg || !(rate > 0) || !(seconds > 0)) {
  console.error('usage: BENCH_SIGNING_SECRET=... node background_events.js URL RATE_PER_S SECONDS [USERS]');
  process.exit(2);
}
const url = new URL(urlArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const run = crypto.randomBytes(4).toString('hex');

let sent = 0;
let ok = 0;
let non2xx = 0;
let errors = 0;
let late = 0;
let inFlight = 0;
const latencies = [];

function send() {
  const n = ++sent;
  const u = (n * 7) % users;
  const id = String(u).padStart(6, '0');
  const now = Date.now() / 1000;
  const ts = String(Math.floor(now));
  const body = JSON.stringify({
    token: 'b3nchVerificationT0ken0001',
    team_id: 'T0BENCH01',
    api_app_id: 'A0BENCH01',
    type: 'event_callback',
    event_id: `Ev0B${run}${n}`,
    event_time: Math.floor(now),
    event: {
      type: 'message',
      channel_type: 'im',
      channel: `D0B${id}`,
      user: `U0B${id}`,
      text: 'help',
      ts: `${now.toFixed(6)}`,
      event_ts: `${now.toFixed(6)}`,
    },
  });
  const signature = 'v0=' + crypto.createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  const start = process.hrtime.bigint();
  inFlight++;
  let finished = false;
  const finish = (status) => {
    if (finished) return;
    finished = true;
    inFlight--;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (status === 0) { errors++; return; }
    latencies.push(ms);
    if (status >= 200 && status < 300) ok++; else non2xx++;
    if (ms > 3000) late++;
  };
  const req = http.request({
    host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent,
    headers: {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'X-Slack-Request-Timestamp': ts,
      'X-Slack-Signature': signature,
    },
  }, (res) => {
    res.resume();
    res.on('end', () => finish(res.statusCode));
    res.on('error', () => finish(0));
  });
  req.setTimeout(10000, () => req.destroy(new Error('timeout')));
  req.on('error', () => finish(0));
  req.end(body);
}

function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

let stopping = false;
function report() {
  if (stopping) return;
  stopping = true;
  clearInterval(ticker);
  const wait = setInterval(() => {
    if (inFlight > 0 && Date.now() < stopAt + 11000) return;
    clearInterval(wait);
    errors += inFlight; // never answered
    const sorted = latencies.sort((a, b) => a - b);
    console.log(`BACKGROUND sent=${sent} ok=${ok} non2xx=${non2xx} errors=${errors} late=${late} ` +
      `p50_ms=${percentile(sorted, 50).toFixed(3)} p99_ms=${percentile(sorted, 99).toFixed(3)} ` +
      `max_ms=${(sorted.length ? sorted[sorted.length - 1] : 0).toFixed(3)}`);
    agent.destroy();
    process.exit(0);
  }, 20);
}

// A steady rate: every 10 ms, send what is due since the start.
const startedAt = Date.now();
let stopAt = startedAt + seconds * 1000;
const ticker = setInterval(() => {
  const now = Date.now();
  if (now >= stopAt) { report(); return; }
  const due = Math.floor(((now - startedAt) / 1000) * rate);
  while (sent < due) send();
}, 10);
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => { stopAt = Date.now(); report(); });
}
