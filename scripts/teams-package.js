#!/usr/bin/env node
// Builds the Microsoft Teams app package for Flipside: manifest.json + color.png + outline.png,
// zipped at the root of flipside-teams.zip, ready for Teams -> Apps -> Manage your apps -> Upload a
// custom app (see manifest/teams/README.md).
//
//   node scripts/teams-package.js [output-dir]          (default: build/teams-package; `make teams-package`)
//
// manifest/teams/manifest.json carries the placeholder GUID 00000000-0000-0000-0000-000000000000 in
// `id` and `bots[0].botId`: replace it with your Azure Bot's Microsoft App ID by setting
// FLIPSIDE_TEAMS_APP_ID (the same variable Flipside reads; a KEY=VALUE line in ./.env works too).
// FLIPSIDE_PUBLIC_URL, when it is an https URL, replaces the placeholder host in `validDomains`.
//
// Plain Node, built-ins only: the icons are drawn here and written as PNGs (IHDR, IDAT via zlib,
// IEND, CRC-32 below), and the zip (local headers, central directory, end record) is written here too,
// so no image tool or zip binary is needed. tests/teams_package/check.js validates the result.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const root = path.resolve(__dirname, '..');
const manifestSource = path.join(root, 'manifest', 'teams', 'manifest.json');
const placeholderId = '00000000-0000-0000-0000-000000000000';
const placeholderDomain = 'flipside.example.com';
const accent = [0x4f, 0x46, 0xe5]; // #4F46E5, the manifest's accentColor

function fail(message) {
  console.error(`teams-package: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// CRC-32 (IEEE 802.3, the one PNG and zip use).

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(...buffers) {
  let c = 0xffffffff;
  for (const buf of buffers) {
    for (let i = 0; i < buf.length; i++) c = crcTable[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// The glyph: two opposed arrows ("flip"), in a unit square. Each shape answers whether (x, y) is inside.

const glyph = [
  // top arrow, pointing right
  { kind: 'rect', x0: 0.0, x1: 0.6, y0: 0.2, y1: 0.36 },
  { kind: 'head', base: 0.56, tip: 1.0, yc: 0.28, half: 0.26 },
  // bottom arrow, pointing left
  { kind: 'rect', x0: 0.4, x1: 1.0, y0: 0.64, y1: 0.8 },
  { kind: 'head', base: 0.44, tip: 0.0, yc: 0.72, half: 0.26 },
];

function insideGlyph(x, y) {
  for (const s of glyph) {
    if (s.kind === 'rect') {
      if (x >= s.x0 && x <= s.x1 && y >= s.y0 && y <= s.y1) return true;
    } else {
      const along = (x - s.base) / (s.tip - s.base); // 0 at the base, 1 at the tip
      if (along >= 0 && along <= 1 && Math.abs(y - s.yc) <= s.half * (1 - along)) return true;
    }
  }
  return false;
}

// Fraction of pixel (px, py) covered by the glyph placed in the box [offset, offset + extent)^2,
// estimated with samples x samples points.
function coverage(px, py, offset, extent, samples) {
  let hits = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const x = (px + (sx + 0.5) / samples - offset) / extent;
      const y = (py + (sy + 0.5) / samples - offset) / extent;
      if (insideGlyph(x, y)) hits++;
    }
  }
  return hits / (samples * samples);
}

// 192x192, opaque: the accent colour with the glyph in white, anti-aliased, in the central 112 px.
function colorIcon() {
  const size = 192;
  const channels = 3;
  const pixels = Buffer.alloc(size * size * channels);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = coverage(x, y, 40, 112, 4);
      const i = (y * size + x) * channels;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(accent[c] + (255 - accent[c]) * a);
    }
  }
  return png(size, size, 2, channels, pixels);
}

// 32x32: white where the glyph is, fully transparent elsewhere (Teams accepts nothing else), so
// no anti-aliasing: a pixel is white when the glyph covers at least half of it.
function outlineIcon() {
  const size = 32;
  const channels = 4;
  const pixels = Buffer.alloc(size * size * channels);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * channels;
      pixels[i] = pixels[i + 1] = pixels[i + 2] = 255;
      pixels[i + 3] = coverage(x, y, 2, 28, 4) >= 0.5 ? 255 : 0;
    }
  }
  return png(size, size, 6, channels, pixels);
}

// ---------------------------------------------------------------------------------------------
// PNG writer: 8-bit truecolour (type 2) or truecolour + alpha (type 6), non-interlaced. Each row gets
// the filter (None, Sub, Up, Average, Paeth) with the smallest sum of absolute values, as libpng does.

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function filterRows(width, height, bpp, pixels) {
  const stride = width * bpp;
  const out = Buffer.alloc(height * (stride + 1));
  const zero = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : zero;
    let best = null;
    let bestScore = Infinity;
    for (let type = 0; type <= 4; type++) {
      const f = Buffer.alloc(stride);
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const a = i >= bpp ? row[i - bpp] : 0;
        const b = prev[i];
        const c = i >= bpp ? prev[i - bpp] : 0;
        const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][type];
        f[i] = (row[i] - predictor) & 0xff;
        score += f[i] < 128 ? f[i] : 256 - f[i];
      }
      if (score < bestScore) {
        bestScore = score;
        best = { type, f };
      }
    }
    out[y * (stride + 1)] = best.type;
    best.f.copy(out, y * (stride + 1) + 1);
  }
  return out;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(head.subarray(4), data), 0);
  return Buffer.concat([head, data, tail]);
}

function png(width, height, colorType, bpp, pixels) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colorType;
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // not interlaced
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(filterRows(width, height, bpp, pixels), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Zip writer: one local header + data per file, then the central directory and the end record.
// Entries are deflated (raw deflate, method 8) unless that does not make them smaller (stored, 0).

function dosDateTime(date) {
  const year = Math.max(date.getFullYear(), 1980);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

function zip(files, when) {
  const { time, date } = dosDateTime(when);
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const method = deflated.length < data.length ? 8 : 0;
    const body = method === 8 ? deflated : data;
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28); // extra length
    locals.push(local, nameBuf, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt16LE(0, 30); // extra length
    central.writeUInt16LE(0, 32); // comment length
    central.writeUInt16LE(0, 34); // disk number
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external: regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);

    offset += local.length + nameBuf.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20); // comment length
  return Buffer.concat([...locals, directory, end]);
}

// ---------------------------------------------------------------------------------------------
// The manifest, with the placeholders replaced from the environment (or ./.env, like Flipside).

function setting(name) {
  if (process.env[name]) return process.env[name].trim();
  const dotenv = path.resolve('.env');
  if (!fs.existsSync(dotenv)) return '';
  for (const line of fs.readFileSync(dotenv, 'utf8').split(/\r?\n/)) {
    const m = line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/);
    if (m && m[1] === name) return m[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return '';
}

function buildManifest() {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestSource, 'utf8'));
  } catch (e) {
    fail(`cannot read ${path.relative(process.cwd(), manifestSource)}: ${e.message}`);
  }
  const appId = setting('FLIPSIDE_TEAMS_APP_ID');
  if (appId) {
    if (!/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/.test(appId)) {
      fail(`FLIPSIDE_TEAMS_APP_ID: expected the Azure Bot's Microsoft App ID (a GUID), got "${appId}"`);
    }
    manifest.id = appId;
    for (const bot of manifest.bots || []) bot.botId = appId;
  } else {
    console.warn(
      `teams-package: FLIPSIDE_TEAMS_APP_ID is not set; the package keeps the placeholder id ${placeholderId}` +
        " (set it to your Azure Bot's Microsoft App ID before uploading to Teams)");
  }
  const publicUrl = setting('FLIPSIDE_PUBLIC_URL');
  if (publicUrl.startsWith('https://') && Array.isArray(manifest.validDomains)) {
    const host = new URL(publicUrl).host;
    manifest.validDomains = manifest.validDomains.map((d) => (d === placeholderDomain ? host : d));
  }
  return Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
}

function main() {
  const outDir = path.resolve(process.argv[2] || path.join(root, 'build', 'teams-package'));
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const when = Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : new Date();
  const files = [
    { name: 'manifest.json', data: buildManifest() },
    { name: 'color.png', data: colorIcon() },
    { name: 'outline.png', data: outlineIcon() },
  ];
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of files) fs.writeFileSync(path.join(outDir, f.name), f.data);
  const zipPath = path.join(outDir, 'flipside-teams.zip');
  fs.writeFileSync(zipPath, zip(files, when));
  const shown = path.relative(process.cwd(), zipPath);
  console.log(`teams-package: wrote ${shown.startsWith('..') ? zipPath : shown}`);
}

main();
