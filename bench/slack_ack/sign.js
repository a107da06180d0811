#!/usr/bin/env node
// Checks a target before the benchmark loads it, signing with Node's own crypto (an independent check
// of what signed.lua does in wrk):
//
//   node sign.js probe URL
//       Sends one validly signed `/flipside help` slash command to URL and wants 200; then one with a
//       wrong signature and wants a refusal (a target that skipped verification would not be a fair
//       comparison). Exit 0 when both hold; otherwise prints what came back and exits 1.
//
// Environment: BENCH_SIGNING_SECRET (required), BENCH_RESPONSE_URL_BASE (where response_url points;
// default a loopback address that answers nothing, so no benchmark traffic ever leaves the machine).
'use strict';

const crypto = require('node:crypto');

const secret = process.env.BENCH_SIGNING_SECRET;
if (!secret) {
  console.error('sign.js: BENCH_SIGNING_SECRET is not set');
  process.exit(2);
}
const responseUrlBase = process.env.BENCH_RESPONSE_URL_BASE || 'http://127.0.0.1:9/commands';

function sign(ts, body, key = secret) {
  return 'v0=' + crypto.createHmac('sha256', key).update(`v0:${ts}:${body}`).digest('hex');
}

// A body shaped like the ones Slack sends (as signed.lua builds them).
function commandBody(u) {
  const random = crypto.randomBytes(16).toString('hex');
  const params = new URLSearchParams({
    token: 'b3nchVerificationT0ken0001',
    team_id: 'T0BENCH01',
    team_domain: 'flipside-bench',
    channel_id: 'C0BENCH01',
    channel_name: 'reverse-mentoring',
    user_id: 'U0B' + String(u).padStart(6, '0'),
    user_name: `bench.user${u}`,
    command: '/flipside',
    text: 'help',
    api_app_id: 'A0BENCH01',
    response_url: `${responseUrlBase}/T0BENCH01/probe/${random.slice(0, 24)}`,
    trigger_id: `1.probe.${random}`,
  });
  return params.toString();
}

async function post(url, ts, signature, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': ts,
      'X-Slack-Signature': signature,
    },
    body,
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, type: res.headers.get('content-type') || '', text: await res.text() };
}

async function probe(url) {
  const ts = String(Math.floor(Date.now() / 1000));
  const body = commandBody(Math.floor(Math.random() * 500));
  let good;
  try {
    good = await post(url, ts, sign(ts, body), body);
  } catch (e) {
    console.error(`probe: POST ${url}: ${e.cause ? e.cause.message || e.cause.code : e.message}`);
    return 1;
  }
  if (good.status !== 200) {
    console.error(`probe: a validly signed /flipside help got ${good.status} from ${url}, wanted 200.`);
    console.error(`probe: body: ${good.text.slice(0, 300)}`);
    return 1;
  }
  let json = true;
  try { JSON.parse(good.text); } catch { json = false; }
  const bad = await post(url, ts, sign(ts, body, secret + 'x'), body);
  if (bad.status >= 200 && bad.status < 300) {
    console.error(`probe: a command with a WRONG signature got ${bad.status} from ${url}: the target does not verify signatures.`);
    return 1;
  }
  console.log(`probe: ok: signed -> 200 (${json ? 'JSON' : 'not JSON!'} ${good.type}, ${good.text.length} bytes), ` +
    `wrong signature -> ${bad.status}`);
  return 0;
}

async function main() {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'probe' && args[0]) return probe(args[0]);
  console.error('usage: node sign.js probe URL');
  return 2;
}

main().then((code) => process.exit(code));
