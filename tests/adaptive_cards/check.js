#!/usr/bin/env node
// Parses and validates the Teams golden cards (tests/golden/teams/card_*.json, written by
// teams_golden_test.cpp) with Microsoft's own Adaptive Cards SDK (the `adaptivecards` package).
//
//   node tests/adaptive_cards/check.js [golden-dir]
//
// For every golden card:
//   - the top level is an AdaptiveCard whose `version` is 1.5 or lower (Teams renders <= 1.5);
//   - card.parse(json, ctx) with a SerializationContext targeting 1.5 reports no events
//     (unknown element or action types, invalid property values, features newer than 1.5, ...);
//   - card.validateProperties() reports no validation events (duplicate input ids, ...).
// Parse and validation need no DOM: nothing is rendered. The exit code is 1 on any problem.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;
const goldenDir = path.resolve(process.argv[2] || path.join(here, '..', 'golden', 'teams'));
// `require("adaptivecards")` does not resolve in Node 20 (its package entry is browser-only).
const sdkPath = path.join(here, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.js');

function fail(message) {
  console.error(`adaptive cards check: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(sdkPath)) {
  fail(`missing ${path.relative(process.cwd(), sdkPath)}; run \`npm ci\` in ${here} (scripts/install-deps.sh does)`);
}
if (!fs.existsSync(goldenDir)) fail(`no golden directory ${goldenDir}`);

const AC = require(sdkPath);
const maxVersion = AC.Versions.v1_5;
const sdkVersion = JSON.parse(fs.readFileSync(path.join(here, 'node_modules', 'adaptivecards', 'package.json'), 'utf8')).version;

const files = fs.readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort();
if (files.length === 0) fail(`no golden files in ${goldenDir}`);

function describe(event) {
  const kind = AC.ValidationEvent[event.event] || `event ${event.event}`;
  const phase = AC.ValidationPhase[event.phase] || `phase ${event.phase}`;
  const source = event.source && event.source.getJsonTypeName ? ` in ${event.source.getJsonTypeName()}` : '';
  const id = event.source && event.source.id ? ` "${event.source.id}"` : '';
  return `${phase} ${kind}${source}${id}: ${event.message}`;
}

let problems = 0;
let elements = 0;
for (const file of files) {
  const where = path.join(goldenDir, file);
  const report = (message) => {
    console.error(`${where}: ${message}`);
    problems += 1;
  };
  if (!file.startsWith('card_')) {
    report('name must start with card_');
    continue;
  }
  let json;
  try {
    json = JSON.parse(fs.readFileSync(where, 'utf8'));
  } catch (e) {
    report(`not valid JSON: ${e.message}`);
    continue;
  }
  if (json === null || typeof json !== 'object' || json.type !== 'AdaptiveCard') {
    report('top level must be an object with "type": "AdaptiveCard"');
    continue;
  }
  const version = typeof json.version === 'string' ? AC.Version.parse(json.version, new AC.SerializationContext()) : undefined;
  if (!version || !version.isValid) {
    report(`"version" must be a string like "1.5", got ${JSON.stringify(json.version)}`);
  } else if (version.compareTo(maxVersion) > 0) {
    report(`"version" is ${json.version}; Teams renders Adaptive Cards ${maxVersion.toString()} or lower`);
  }

  const card = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext(maxVersion);
  card.parse(json, ctx);
  for (let i = 0; i < ctx.eventCount; i++) report(describe(ctx.getEventAt(i)));
  const validation = card.validateProperties();
  for (const event of validation.validationEvents) report(describe(event));
  elements += card.getItemCount();
}

if (problems === 0) {
  console.log(`adaptive cards check: ${files.length} golden cards (${elements} top-level elements) parse and validate with adaptivecards ${sdkVersion} as Adaptive Cards <= ${maxVersion.toString()}`);
  process.exit(0);
}
console.error(`adaptive cards check: ${problems} problem(s) in the golden cards in ${goldenDir}`);
process.exit(1);
