#!/usr/bin/env node
// A stand-in for Slack's Web API (and for response_url posts) on 127.0.0.1, so the outbox's
// background deliveries during the benchmark never leave the machine.
//
//   FAKE_API_PORT=PORT [FAKE_API_DELAY_MS=0] node fake_slack_api.js
//
// /api/<method>: answers {"ok":true,...} (conversations.open, users.info (for the user asked about)
// and auth.test get the shape their callers read; anything else gets {"ok":true,"channel":"D1","ts":"1.2"}).
// /commands/...: a response_url post; answers {"ok":true}.
// GET /__stats: {"total":N,"by_path":{"chat.postMessage":N,...}} — the calls counted so far.
'use strict';

const http = require('node:http');

const port = Number(process.env.FAKE_API_PORT);
const delayMs = Number(process.env.FAKE_API_DELAY_MS || 0);
if (!Number.isInteger(port) || port <= 0) {
  console.error('fake_slack_api.js: FAKE_API_PORT is not set');
  process.exit(2);
}

let total = 0;
const byPath = Object.create(null);

// The `user` argument of a call, wherever the client put it (query, form or JSON body).
function userArg(query, body) {
  const fromQuery = new URLSearchParams(query).get('user');
  if (fromQuery) return fromQuery;
  try {
    const json = JSON.parse(body);
    if (json && typeof json.user === 'string') return json.user;
  } catch { /* a form body */ }
  return new URLSearchParams(body).get('user') || 'U1';
}

function answerFor(method, user) {
  switch (method) {
    case 'conversations.open':
      return { ok: true, channel: { id: 'D1' } };
    case 'users.info':
      return {
        ok: true,
        user: {
          id: user, name: 'bench.user', real_name: 'Bench User', tz: 'Europe/London',
          tz_label: 'Greenwich Mean Time', tz_offset: 0,
          profile: { real_name: 'Bench User', display_name: 'bench.user', email: 'bench@example.invalid' },
        },
      };
    case 'auth.test':
      return { ok: true, url: 'https://flipside-bench.slack.invalid/', team: 'Bench', user: 'flipside',
        team_id: 'T0BENCH01', user_id: 'U0BENCHBOT', bot_id: 'B0BENCH01' };
    default:
      return { ok: true, channel: 'D1', ts: '1.2' };
  }
}

const server = http.createServer((req, res) => {
  const [path, query = ''] = req.url.split('?');
  if (req.method === 'GET' && path === '/__stats') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ total, by_path: byPath }));
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let key;
    let answer;
    if (path.startsWith('/api/')) {
      key = path.slice('/api/'.length) || '(none)';
      answer = answerFor(key, key === 'users.info' ? userArg(query, Buffer.concat(chunks).toString()) : '');
    } else {
      key = path.startsWith('/commands/') ? 'response_url' : `other:${path}`;
      answer = { ok: true };
    }
    total++;
    byPath[key] = (byPath[key] || 0) + 1;
    const send = () => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer));
    };
    if (delayMs > 0) setTimeout(send, delayMs); else send();
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`fake Slack Web API on http://127.0.0.1:${port}/api/`);
});
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => { server.close(); server.closeAllConnections(); process.exit(0); });
}
