#!/usr/bin/env node
// The baseline: a minimal Bolt for JavaScript app that acknowledges `/flipside` with an ephemeral
// message, on Bolt's default HTTP receiver (Node's http server, the leanest receiver Bolt has), and
// answers "help" in a DM through the Web API (the benchmark's background traffic).
//
//   BOLT_PORT=PORT SLACK_SIGNING_SECRET=... SLACK_API_URL=http://127.0.0.1:P/api/ node bolt_app.js
//
// It verifies every request's signature and timestamp exactly as a production Bolt app does. It makes
// no network call: tokenVerificationEnabled is off and botId/botUserId are given, so Bolt never runs
// auth.test, and its Web API client points at the local fake API anyway.
'use strict';

const { App, LogLevel } = require('@slack/bolt');

const port = Number(process.env.BOLT_PORT);
const signingSecret = process.env.SLACK_SIGNING_SECRET;
if (!Number.isInteger(port) || port <= 0 || !signingSecret) {
  console.error('bolt_app.js: set BOLT_PORT and SLACK_SIGNING_SECRET');
  process.exit(2);
}

const app = new App({
  signingSecret,
  token: 'xoxb-bench',
  botId: 'B0BENCH01',
  botUserId: 'U0BENCHBOT',
  tokenVerificationEnabled: false,
  logLevel: LogLevel.WARN,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL || 'http://127.0.0.1:9/api/' },
});

// About the size and shape of Flipside's `help` answer: header, intro, commands, buttons.
const helpReply = {
  response_type: 'ephemeral',
  text: 'Flipside: reverse mentoring, in chat',
  blocks: [
    { type: 'header', text: { type: 'plain_text', text: 'Flipside: reverse mentoring, in chat' } },
    { type: 'section', text: { type: 'mrkdwn', text: 'Junior colleagues mentor senior leaders on digital skills, new ways of working and culture; leaders share what they have learned in return. I pair people up, keep sessions on track and ask how it is going.' } },
    { type: 'section', text: { type: 'mrkdwn', text: '*What you can type*\n• *help* — this message\n• *join* — join the programme as a mentor or a mentee\n• *profile* — see and edit what I know about you\n• *leave* — leave the programme' } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'Type a command here in our chat, or `/flipside <command>` anywhere.' }] },
    { type: 'actions', elements: [
      { type: 'button', action_id: 'join', text: { type: 'plain_text', text: 'Join the programme' }, style: 'primary', value: 'join' },
      { type: 'button', action_id: 'profile', text: { type: 'plain_text', text: 'My profile' }, value: 'profile' },
    ] },
  ],
};

app.command('/flipside', async ({ ack }) => {
  await ack(helpReply);
});

// The background traffic (background_events.js): "help" in a DM, answered through the Web API (here
// the local fake), as Flipside answers it through its outbox.
app.message('help', async ({ message, say }) => {
  if (message.channel_type !== 'im') return;
  const { response_type: _, ...reply } = helpReply;
  await say(reply);
});

app.error(async (error) => {
  console.error(`bolt_app.js: ${error.code || ''} ${error.message}`);
});

(async () => {
  await app.start({ port, host: '127.0.0.1' });
  console.log(`Bolt app on http://127.0.0.1:${port}/slack/events`);
})().catch((e) => {
  console.error(`bolt_app.js: start failed: ${e.message}`);
  process.exit(1);
});

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    setTimeout(() => process.exit(0), 1000).unref();
    app.stop().catch(() => {}).finally(() => process.exit(0));
  });
}
