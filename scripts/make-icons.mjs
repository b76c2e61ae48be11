// Draws the app icon (a download arrow into a tray, with a check badge: "a verified backup") and writes
// build/icon.png, build/icon.ico and build/icon.icns for electron-builder. Drawn with signed distances, so
// every size is rendered sharp rather than scaled down from one bitmap.
//   usage: node scripts/make-icons.mjs
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeIcns, encodeIco, encodePng } from './icon-formats.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'build');

const NAVY_TOP = [18, 86, 122];
const NAVY_BOTTOM = [8, 52, 80];
const WHITE = [255, 255, 255];
const GREEN = [43, 182, 115];

// Shapes in unit coordinates (0..1, y down); each returns a signed distance (negative inside).
const roundedSquare = (x, y) => roundedBox(x - 0.5, y - 0.5, 0.42, 0.42, 0.1);
const tray = (x, y) =>
  Math.min(
    segment(x, y, 0.26, 0.5, 0.26, 0.74),
    segment(x, y, 0.26, 0.74, 0.74, 0.74),
    segment(x, y, 0.74, 0.74, 0.74, 0.5),
  ) - 0.04;
const arrow = (x, y) =>
  Math.min(segment(x, y, 0.5, 0.2, 0.5, 0.46) - 0.045, triangle(x, y, [0.34, 0.42], [0.66, 0.42], [0.5, 0.62]));
const badgeRing = (x, y) => Math.hypot(x - 0.74, y - 0.74) - 0.16;
const badge = (x, y) => Math.hypot(x - 0.74, y - 0.74) - 0.13;
const check = (x, y) =>
  Math.min(segment(x, y, 0.675, 0.745, 0.72, 0.79), segment(x, y, 0.72, 0.79, 0.805, 0.695)) - 0.022;

/** The icon at `size` pixels, as an RGBA image. */
function draw(size) {
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      // Coverage from the distance in pixels gives anti-aliased edges at every size.
      const cover = (d) => Math.min(1, Math.max(0, 0.5 - d * size));
      const navy = mix(NAVY_TOP, NAVY_BOTTOM, y);
      let rgba = [0, 0, 0, 0];
      rgba = over(rgba, navy, cover(roundedSquare(x, y)));
      rgba = over(rgba, WHITE, cover(Math.max(tray(x, y), -badgeRing(x, y))));
      rgba = over(rgba, WHITE, cover(arrow(x, y)));
      rgba = over(rgba, navy, cover(badgeRing(x, y)));
      rgba = over(rgba, GREEN, cover(badge(x, y)));
      rgba = over(rgba, WHITE, cover(check(x, y)));
      pixels.set(rgba.map(Math.round), (py * size + px) * 4);
    }
  }
  return { size, pixels };
}

function roundedBox(x, y, halfW, halfH, r) {
  const qx = Math.abs(x) - halfW + r;
  const qy = Math.abs(y) - halfH + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segment(x, y, ax, ay, bx, by) {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay));
}

// Largest signed distance to the three edge lines: exact inside, close enough outside for anti-aliasing.
function triangle(x, y, ...corners) {
  let d = -Infinity;
  for (let i = 0; i < 3; i++) {
    const [ax, ay] = corners[i];
    const [bx, by] = corners[(i + 1) % 3];
    const [cx, cy] = corners[(i + 2) % 3];
    const nx = by - ay;
    const ny = ax - bx;
    const length = Math.hypot(nx, ny);
    const side = Math.sign(nx * (cx - ax) + ny * (cy - ay)); // the normal must point away from the inside
    d = Math.max(d, (-side * (nx * (x - ax) + ny * (y - ay))) / length);
  }
  return d;
}

function mix(a, b, t) {
  return a.map((v, i) => v + (b[i] - v) * t);
}

// Source-over compositing of an opaque colour with coverage `alpha` onto a straight-alpha pixel.
function over([r, g, b, a], colour, alpha) {
  const outA = alpha + (a / 255) * (1 - alpha);
  if (outA === 0) return [0, 0, 0, 0];
  const channel = (c, base) => (c * alpha + base * (a / 255) * (1 - alpha)) / outA;
  return [channel(colour[0], r), channel(colour[1], g), channel(colour[2], b), outA * 255];
}

const images = new Map([16, 24, 32, 48, 64, 128, 256, 512, 1024].map((size) => [size, draw(size)]));
const pick = (...sizes) => sizes.map((size) => images.get(size));
await mkdir(out, { recursive: true });
await writeFile(join(out, 'icon.png'), encodePng(images.get(512)));
await writeFile(join(out, 'icon.ico'), encodeIco(pick(16, 24, 32, 48, 64, 128, 256)));
await writeFile(join(out, 'icon.icns'), encodeIcns(pick(16, 32, 64, 128, 256, 512, 1024)));
