#!/usr/bin/env node
// Type-checks the Slack golden files (tests/golden/slack/*.json, written by slack_golden_test.cpp)
// against Slack's own TypeScript definitions (@slack/types) with the locally installed tsc.
//
//   node tests/slack_types/check.js [golden-dir]
//
// Each golden becomes one annotated object literal in a generated .ts file, so a wrong literal
// (a button style "loud", a header of type "mrkdwn") and any unknown property are errors:
//   message_<name>_<part>.json -> { blocks: KnownBlock[]; text: string }
//   modal_<name>.json          -> ModalView
//   home_<name>.json           -> HomeView
// tsc's diagnostics are printed against the golden file and line; the exit code is 1 on any
// error. Plain Node, no dependencies beyond the two packages in package.json.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const here = __dirname;
const goldenDir = path.resolve(process.argv[2] || path.join(here, '..', 'golden', 'slack'));
const tscScript = path.join(here, 'node_modules', 'typescript', 'bin', 'tsc');
const slackTypes = path.join(here, 'node_modules', '@slack', 'types');

const kinds = [
  { prefix: 'message_', type: 'FlipsideMessage' },
  { prefix: 'modal_', type: 'ModalView' },
  { prefix: 'home_', type: 'HomeView' },
];

function fail(message) {
  console.error(`slack types check: ${message}`);
  process.exit(1);
}

if (!fs.existsSync(tscScript) || !fs.existsSync(slackTypes)) {
  fail(`missing ${path.relative(process.cwd(), path.join(here, 'node_modules'))}; run \`npm ci\` in ${here} (scripts/install-deps.sh does)`);
}
if (!fs.existsSync(goldenDir)) fail(`no golden directory ${goldenDir}`);

const files = fs.readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort();
if (files.length === 0) fail(`no golden files in ${goldenDir}`);

// The generated source; `regions` maps its lines back to golden files (1-based, inclusive).
const lines = [
  "import type { HomeView, KnownBlock, ModalView } from '@slack/types';",
  '',
  '// What flipside::slack::render_messages returns for one chat.postMessage.',
  'type FlipsideMessage = { blocks: KnownBlock[]; text: string };',
  '',
];
const regions = [];
const counts = {};
files.forEach((file, i) => {
  const kind = kinds.find((k) => file.startsWith(k.prefix));
  if (!kind) fail(`${file}: name must start with ${kinds.map((k) => k.prefix).join(', ')}`);
  const text = fs.readFileSync(path.join(goldenDir, file), 'utf8').trimEnd();
  try {
    JSON.parse(text);
  } catch (e) {
    fail(`${path.join(goldenDir, file)}: not valid JSON: ${e.message}`);
  }
  counts[kind.type] = (counts[kind.type] || 0) + 1;
  lines.push(`// ${file}`);
  lines.push(`export const golden${i}: ${kind.type} =`);
  const body = text.split('\n');
  regions.push({ file, first: lines.length + 1, last: lines.length + body.length });
  lines.push(...body);
  lines[lines.length - 1] += ';';
  lines.push('');
});

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flipside-slack-types-'));
let status = 1;
try {
  const source = path.join(work, 'goldens.ts');
  fs.writeFileSync(source, lines.join('\n'));
  const tsconfig = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'es2022',
      lib: ['es2022'],
      module: 'esnext',
      moduleResolution: 'bundler',
      // The generated file lives in a temp directory: resolve packages from this folder.
      paths: { '@slack/types': [slackTypes] },
      types: [],
      skipLibCheck: true,
      noErrorTruncation: true,
    },
    files: [source],
  };
  fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));

  const tsc = spawnSync(process.execPath, [tscScript, '--project', path.join(work, 'tsconfig.json'), '--pretty', 'false'], {
    encoding: 'utf8',
  });
  if (tsc.error) throw new Error(`could not run tsc: ${tsc.error.message}`);
  const output = `${tsc.stdout || ''}${tsc.stderr || ''}`.trim();

  // "<file>(line,col): error TS…" -> "<golden>:line:col: error TS…" where the line is a golden's.
  const located = output.split('\n').map((line) => {
    const m = /^(.*?)\((\d+),(\d+)\): (.*)$/.exec(line);
    if (!m || path.resolve(work, m[1]) !== source) return line;
    const at = Number(m[2]);
    const region = regions.find((r) => at >= r.first && at <= r.last);
    if (!region) return `${source}:${at}:${m[3]}: ${m[4]}`;
    return `${path.join(goldenDir, region.file)}:${at - region.first + 1}:${m[3]}: ${m[4]}`;
  });
  if (output) console.log(located.join('\n'));

  const summary = Object.entries(counts).map(([type, n]) => `${n} ${type}`).join(', ');
  if (tsc.status === 0 && !/error TS\d+/.test(output)) {
    console.log(`slack types check: ${files.length} golden files type-check against @slack/types (${summary})`);
    status = 0;
  } else {
    const errors = (output.match(/error TS\d+/g) || []).length;
    console.error(`slack types check: tsc rejected the golden files in ${goldenDir} (${errors} error(s), exit ${tsc.status})`);
  }
} finally {
  if (process.env.FLIPSIDE_KEEP_TS) console.log(`slack types check: generated files kept in ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
process.exit(status);
