#!/usr/bin/env node
// Writes build/icon.png: Authdesk's 512x512 app icon (a white key on an indigo rounded square), drawn with signed
// distance functions and 4x4 supersampling, encoded as an RGBA PNG (PNG spec, W3C 2003: signature, IHDR, IDAT of
// zlib-deflated filter-0 scanlines, IEND, each chunk with a CRC-32) using only node:zlib. Usage: node scripts/make-icon.mjs [out]
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4;
const BACKGROUND = [79, 70, 229]; // indigo
const GLYPH = [255, 255, 255];

/** Signed distance to a rounded box centred at (cx, cy) with half sizes (hx, hy) and corner radius r. */
function roundedBox(x, y, cx, cy, hx, hy, r) {
  const qx = Math.abs(x - cx) - hx + r;
  const qy = Math.abs(y - cy) - hy + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Signed distance to the key glyph: a ring (the bow), a shaft and two teeth, drawn diagonally. */
function key(px, py) {
  const angle = -Math.PI / 4;
  const dx = px - 256;
  const dy = py - 256;
  const x = 256 + dx * Math.cos(angle) - dy * Math.sin(angle);
  const y = 256 + dx * Math.sin(angle) + dy * Math.cos(angle);
  const ring = Math.abs(Math.hypot(x - 150, y - 256) - 68) - 28;
  const shaft = roundedBox(x, y, 300, 256, 110, 22, 8);
  const tooth1 = roundedBox(x, y, 350, 296, 16, 30, 6);
  const tooth2 = roundedBox(x, y, 395, 288, 14, 22, 6);
  return Math.min(ring, shaft, tooth1, tooth2);
}

/** The RGBA colour of one pixel, averaging SAMPLES x SAMPLES sub-pixel samples for anti-aliased edges. */
function pixel(px, py) {
  let inside = 0;
  let glyph = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = px + (sx + 0.5) / SAMPLES;
      const y = py + (sy + 0.5) / SAMPLES;
      if (roundedBox(x, y, 256, 256, 240, 240, 96) > 0) continue;
      inside++;
      if (key(x, y) <= 0) glyph++;
    }
  }
  if (inside === 0) return [0, 0, 0, 0];
  const t = glyph / inside;
  const mix = (i) => Math.round(BACKGROUND[i] * (1 - t) + GLYPH[i] * t);
  return [mix(0), mix(1), mix(2), Math.round((255 * inside) / (SAMPLES * SAMPLES))];
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png() {
  const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (1 + SIZE * 4);
    raw[row] = 0; // filter type None
    for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit depth, RGBA, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = process.argv[2] ?? new URL('../build/icon.png', import.meta.url);
writeFileSync(out, png());
