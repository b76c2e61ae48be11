// Encoders for the app icon files, in plain Node: PNG (for Linux and as the source), ICO (Windows) and ICNS
// (macOS). Hand-made so the icons can be regenerated on a build machine without ImageMagick or Xcode.
import { crc32, deflateSync } from 'node:zlib';

/** @typedef {{ size: number, pixels: Uint8Array }} Image  square RGBA, rows top to bottom, not premultiplied */

/** A PNG file (8-bit RGBA, no interlace) of a square image. */
export function encodePng({ size, pixels }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, adaptive filters, no interlace
  // Each row starts with its filter byte; 0 (none) is plenty for an icon.
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * An ICO file. The 256 px image is stored as PNG (as Windows expects for that size); smaller ones as 32-bit
 * bitmaps, which every consumer reads, NSIS's installer icon and rcedit included.
 */
export function encodeIco(images) {
  const payloads = images.map((image) => (image.size >= 256 ? encodePng(image) : icoBitmap(image)));
  const directory = Buffer.alloc(6 + 16 * images.length);
  directory.writeUInt16LE(0, 0);
  directory.writeUInt16LE(1, 2); // 1 = icon
  directory.writeUInt16LE(images.length, 4);
  let offset = directory.length;
  images.forEach((image, i) => {
    const entry = 6 + 16 * i;
    directory.writeUInt8(image.size >= 256 ? 0 : image.size, entry); // 0 means 256
    directory.writeUInt8(image.size >= 256 ? 0 : image.size, entry + 1);
    directory.writeUInt16LE(1, entry + 4); // colour planes
    directory.writeUInt16LE(32, entry + 6); // bits per pixel
    directory.writeUInt32LE(payloads[i].length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += payloads[i].length;
  });
  return Buffer.concat([directory, ...payloads]);
}

// A BITMAPINFOHEADER, BGRA rows bottom to top, then the 1-bit AND mask (all zero: alpha does the work).
function icoBitmap({ size, pixels }) {
  const maskRow = Math.ceil(size / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour image plus mask, as ICO requires
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(size * size * 4 + maskRow * size, 20);
  const bgra = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      bgra[to] = pixels[from + 2];
      bgra[to + 1] = pixels[from + 1];
      bgra[to + 2] = pixels[from];
      bgra[to + 3] = pixels[from + 3];
    }
  }
  return Buffer.concat([header, bgra, Buffer.alloc(maskRow * size)]);
}

// ICNS element types that hold a PNG, by pixel size (several sizes serve as @1x and @2x).
const ICNS_TYPES = {
  16: ['icp4'],
  32: ['icp5', 'ic11'],
  64: ['icp6', 'ic12'],
  128: ['ic07'],
  256: ['ic08', 'ic13'],
  512: ['ic09', 'ic14'],
  1024: ['ic10'],
};

/** An ICNS file made of PNG elements. */
export function encodeIcns(images) {
  const elements = [];
  for (const image of images) {
    const png = encodePng(image);
    for (const type of ICNS_TYPES[image.size] ?? []) {
      const head = Buffer.alloc(8);
      head.write(type, 0, 'latin1');
      head.writeUInt32BE(png.length + 8, 4);
      elements.push(head, png);
    }
  }
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + elements.reduce((sum, b) => sum + b.length, 0), 4);
  return Buffer.concat([head, ...elements]);
}
