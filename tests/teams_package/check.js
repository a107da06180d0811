#!/usr/bin/env node
// Builds the Teams app package with scripts/teams-package.js into a temporary folder, reads its own
// zip back (parsed here, entries inflated with zlib) and checks what Teams checks on upload:
//   - the zip holds exactly manifest.json, color.png and outline.png, at its root (CRC-32s verified);
//   - manifest.json passes the Teams JSON schema it names ($schema), through Microsoft's
//     @microsoft/app-manifest (AppManifestUtils.validateAgainstSchema, offline: the schemas ship in it);
//   - color.png is 192x192 and outline.png 32x32 (from IHDR), and every pixel of outline.png is white or
//     fully transparent (IDAT inflated and unfiltered, filter types 0-4);
//   - the bot's command list is exactly help, join, intake, goals, session, profile, leave, each a real command of the bot
//     (a help.command.<verb> template), and FLIPSIDE_TEAMS_APP_ID replaces the placeholder id.
//
//   node tests/teams_package/check.js         (CTest: teams.package_check)
//
// Prints one ok/FAIL line per check; exit code 1 on any failure.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const here = __dirname;
const root = path.resolve(here, '..', '..');
const packager = path.join(root, 'scripts', 'teams-package.js');
const templatesFile = path.join(root, 'templates', 'messages', 'core.json');
const placeholderId = '00000000-0000-0000-0000-000000000000';
const expectedCommands = ['help', 'join', 'intake', 'goals', 'session', 'profile', 'leave'];

const { ok, bad, check, failures } = require('../support/report.js');

let AppManifestUtils;
try {
  ({ AppManifestUtils } = require(path.join(here, 'node_modules', '@microsoft', 'app-manifest')));
  require(path.join(here, 'node_modules', 'fs-extra'));
} catch (e) {
  console.error(`teams package check: missing ${path.join(here, 'node_modules')}; run \`npm ci\` there (scripts/install-deps.sh does): ${e.message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// CRC-32, zip reader, PNG reader: independent of the packager's own code.

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// Returns [{name, data}] from the central directory; throws on anything malformed.
function readZip(buf) {
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('no end-of-central-directory record');
  const count = buf.readUInt16LE(end + 10);
  const dirSize = buf.readUInt32LE(end + 12);
  let p = buf.readUInt32LE(end + 16);
  if (p + dirSize !== end) throw new Error(`central directory at ${p} + ${dirSize} does not end at the end record (${end})`);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory signature at ${p}`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localAt = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;

    if (flags & 1) throw new Error(`${name}: encrypted`);
    if (buf.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`${name}: bad local header signature`);
    const localName = buf.toString('utf8', localAt + 30, localAt + 30 + buf.readUInt16LE(localAt + 26));
    if (localName !== name) throw new Error(`${name}: local header names "${localName}"`);
    const dataAt = localAt + 30 + buf.readUInt16LE(localAt + 26) + buf.readUInt16LE(localAt + 28);
    const raw = buf.subarray(dataAt, dataAt + compressed);
    let data;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = zlib.inflateRawSync(raw);
    else throw new Error(`${name}: compression method ${method}`);
    if (data.length !== size) throw new Error(`${name}: ${data.length} bytes, directory says ${size}`);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC-32 mismatch`);
    entries.push({ name, data });
  }
  return entries;
}

// Returns {width, height, colorType, pixels: RGBA Buffer}; supports 8-bit gray/RGB/gray+alpha/RGBA.
function readPng(buf) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!buf.subarray(0, 8).equals(signature)) throw new Error('not a PNG (signature)');
  let p = 8;
  let ihdr = null;
  const idat = [];
  let sawEnd = false;
  while (p < buf.length && !sawEnd) {
    const len = buf.readUInt32BE(p);
    const type = buf.toString('ascii', p + 4, p + 8);
    const data = buf.subarray(p + 8, p + 8 + len);
    if (crc32(buf.subarray(p + 4, p + 8 + len)) !== buf.readUInt32BE(p + 8 + len)) throw new Error(`${type}: CRC-32 mismatch`);
    if (type === 'IHDR') {
      ihdr = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        bitDepth: data[8],
        colorType: data[9],
        interlace: data[12],
      };
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') sawEnd = true;
    p += 12 + len;
  }
  if (!ihdr) throw new Error('no IHDR');
  if (!sawEnd) throw new Error('no IEND');
  if (idat.length === 0) throw new Error('no IDAT');
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[ihdr.colorType];
  if (ihdr.bitDepth !== 8 || !channels || ihdr.interlace !== 0) {
    throw new Error(`unsupported here: bit depth ${ihdr.bitDepth}, colour type ${ihdr.colorType}, interlace ${ihdr.interlace}`);
  }
  const { width, height } = ihdr;
  const stride = width * channels;
  const filtered = zlib.inflateSync(Buffer.concat(idat));
  if (filtered.length !== height * (stride + 1)) throw new Error(`IDAT inflates to ${filtered.length} bytes, expected ${height * (stride + 1)}`);
  const raw = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const type = filtered[y * (stride + 1)];
    const line = filtered.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? raw[y * stride + i - channels] : 0;
      const b = y > 0 ? raw[(y - 1) * stride + i] : 0;
      const c = i >= channels && y > 0 ? raw[(y - 1) * stride + i - channels] : 0;
      let predictor;
      switch (type) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >> 1; break;
        case 4: {
          const q = a + b - c;
          const pa = Math.abs(q - a);
          const pb = Math.abs(q - b);
          const pc = Math.abs(q - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`row ${y}: unknown filter type ${type}`);
      }
      raw[y * stride + i] = (line[i] + predictor) & 0xff;
    }
  }
  const pixels = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = raw.subarray(i * channels, (i + 1) * channels);
    const [r, g, b] = channels >= 3 ? [s[0], s[1], s[2]] : [s[0], s[0], s[0]];
    const alpha = channels === 4 ? s[3] : channels === 2 ? s[1] : 255;
    pixels.set([r, g, b, alpha], i * 4);
  }
  return { width, height, colorType: ihdr.colorType, pixels };
}

// ---------------------------------------------------------------------------------------------

function runPackager(outDir, env) {
  const cleanEnv = { ...process.env, ...env };
  for (const k of ['FLIPSIDE_TEAMS_APP_ID', 'FLIPSIDE_PUBLIC_URL']) if (!(k in env)) delete cleanEnv[k];
  // The working directory is the empty temp folder, so a developer's ./.env is not read.
  const r = spawnSync(process.execPath, [packager, outDir], { cwd: path.dirname(outDir), env: cleanEnv, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/teams-package.js exited ${r.status}: ${r.stderr || r.stdout}`);
  const zipPath = path.join(outDir, 'flipside-teams.zip');
  if (!fs.existsSync(zipPath)) throw new Error(`no ${zipPath}`);
  return readZip(fs.readFileSync(zipPath));
}

function commandVerbs() {
  const templates = JSON.parse(fs.readFileSync(templatesFile, 'utf8'));
  return new Set(Object.keys(templates).filter((k) => k.startsWith('help.command.')).map((k) => k.slice('help.command.'.length)));
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flipside-teams-package-'));
  try {
    let entries;
    try {
      entries = runPackager(path.join(tmp, 'default'), {});
      ok('scripts/teams-package.js wrote flipside-teams.zip, and it reads back (CRC-32s match)');
    } catch (e) {
      bad('scripts/teams-package.js wrote a readable flipside-teams.zip', e.message);
      return;
    }
    const names = entries.map((e) => e.name);
    check(
      JSON.stringify([...names].sort()) === JSON.stringify(['color.png', 'manifest.json', 'outline.png']),
      'the zip holds exactly manifest.json, color.png and outline.png at its root',
      `entries: ${JSON.stringify(names)}`);
    const file = (name) => entries.find((e) => e.name === name)?.data;

    // manifest.json
    let manifest = null;
    try {
      manifest = JSON.parse(file('manifest.json').toString('utf8'));
      ok('manifest.json is JSON');
    } catch (e) {
      bad('manifest.json is JSON', e.message);
    }
    if (manifest) {
      try {
        const messages = await AppManifestUtils.validateAgainstSchema(manifest);
        check(messages.length === 0, `manifest.json is valid against ${manifest.$schema}`, messages.join('\n'));
      } catch (e) {
        bad(`manifest.json is valid against ${manifest.$schema}`, e.message);
      }
      const bot = (manifest.bots || [])[0] || {};
      check(manifest.id === placeholderId && bot.botId === placeholderId,
        'without FLIPSIDE_TEAMS_APP_ID, id and bots[0].botId keep the placeholder GUID',
        `id ${manifest.id}, botId ${bot.botId}`);
      check(['personal', 'team', 'groupChat'].every((s) => (bot.scopes || []).includes(s)),
        'the bot is in the personal, team and groupChat scopes', JSON.stringify(bot.scopes));
      check(bot.supportsFiles === false && bot.isNotificationOnly === false,
        'supportsFiles and isNotificationOnly are false', JSON.stringify({ supportsFiles: bot.supportsFiles, isNotificationOnly: bot.isNotificationOnly }));
      check(manifest.icons && manifest.icons.color === 'color.png' && manifest.icons.outline === 'outline.png',
        'icons name color.png and outline.png', JSON.stringify(manifest.icons));
      const lists = bot.commandLists || [];
      const wanted = JSON.stringify([...expectedCommands].sort());
      const wrong = lists.filter((l) => JSON.stringify((l.commands || []).map((c) => c.title).sort()) !== wanted);
      check(lists.length > 0 && wrong.length === 0,
        `every commandList is exactly ${expectedCommands.join(', ')}`,
        JSON.stringify(lists.map((l) => (l.commands || []).map((c) => c.title))));
      const verbs = commandVerbs();
      const unknown = lists.flatMap((l) => l.commands || []).map((c) => c.title).filter((t) => !verbs.has(t));
      check(unknown.length === 0, 'each listed command is one the bot answers (help.command.<verb> in templates/messages/core.json)',
        `unknown: ${unknown.join(', ')}; the bot's: ${[...verbs].join(', ')}`);
    }

    // Icons
    const icons = {};
    for (const [name, size] of [['color.png', 192], ['outline.png', 32]]) {
      const data = file(name);
      if (!data) continue;
      try {
        icons[name] = readPng(data);
        const { width, height } = icons[name];
        check(width === size && height === size, `${name} is ${size}x${size} (IHDR)`, `IHDR says ${width}x${height}`);
      } catch (e) {
        bad(`${name} is a readable PNG`, e.message);
      }
    }
    if (icons['outline.png']) {
      const { width, pixels } = icons['outline.png'];
      const offending = [];
      let white = 0;
      for (let i = 0; i < pixels.length / 4; i++) {
        const [r, g, b, a] = pixels.subarray(i * 4, i * 4 + 4);
        if (a === 0) continue;
        if (r === 255 && g === 255 && b === 255) white++;
        else offending.push(`(${i % width},${Math.floor(i / width)}) rgba(${r},${g},${b},${a})`);
      }
      check(offending.length === 0, 'outline.png has only white or fully transparent pixels',
        `${offending.length} other pixels, e.g. ${offending.slice(0, 5).join(' ')}`);
      check(white > 0 && white < pixels.length / 4, 'outline.png draws something (some white, some transparent)', `${white} white pixels`);
    }
    if (icons['color.png']) {
      const { pixels } = icons['color.png'];
      const corner = [...pixels.subarray(0, 3)].map((v) => v.toString(16).padStart(2, '0')).join('');
      const opaque = pixels.every((v, i) => i % 4 !== 3 || v === 255);
      let white = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i] === 255 && pixels[i + 1] === 255 && pixels[i + 2] === 255) white++;
      check(opaque && `#${corner}`.toUpperCase() === (manifest?.accentColor || '#4F46E5').toUpperCase() && white > 0,
        'color.png is opaque, accent-coloured, with a white glyph', `corner #${corner}, opaque ${opaque}, ${white} white pixels`);
    }

    // The app id from the environment replaces both placeholders, and a malformed one is refused.
    const appId = '1f2e3d4c-5b6a-4789-8abc-def012345678';
    try {
      const withId = JSON.parse(runPackager(path.join(tmp, 'with-id'), { FLIPSIDE_TEAMS_APP_ID: appId })
        .find((e) => e.name === 'manifest.json').data.toString('utf8'));
      check(withId.id === appId && withId.bots[0].botId === appId, 'FLIPSIDE_TEAMS_APP_ID replaces id and bots[0].botId',
        `id ${withId.id}, botId ${withId.bots[0].botId}`);
    } catch (e) {
      bad('FLIPSIDE_TEAMS_APP_ID replaces id and bots[0].botId', e.message);
    }
    let refused = false;
    try {
      runPackager(path.join(tmp, 'bad-id'), { FLIPSIDE_TEAMS_APP_ID: 'not-a-guid' });
    } catch {
      refused = true;
    }
    check(refused, 'a FLIPSIDE_TEAMS_APP_ID that is not a GUID is refused');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main()
  .catch((e) => bad('the check ran to the end', e.stack || e.message))
  .finally(() => {
    console.log(failures() === 0 ? 'teams package check: all ok' : `teams package check: ${failures()} failed`);
    process.exitCode = failures() === 0 ? 0 : 1;
  });
