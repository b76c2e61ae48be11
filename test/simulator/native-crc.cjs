// yazl 3.3.1 checksums every stored byte with buffer-crc32, a pure-JS loop (~200-350 MB/s), which caps a
// simulated 1 GiB download far below loopback speed. Node 20 ships the same CRC-32 natively (zlib.crc32,
// same polynomial and the same "continue from previous" argument), so swap it in on the very module object
// yazl calls. This file is CommonJS on purpose: buffer-crc32 is a dual package, and only `require` reaches
// the copy yazl uses, both under Node and inside an esbuild bundle.
'use strict';
const zlib = require('node:zlib');
const crc32 = require('buffer-crc32');

function previousValue(previous) {
  if (Buffer.isBuffer(previous)) return previous.readUInt32BE(0);
  return typeof previous === 'number' ? previous >>> 0 : 0;
}

const installed = typeof zlib.crc32 === 'function';
if (installed) {
  crc32.unsigned = (input, previous) => zlib.crc32(input, previousValue(previous));
  crc32.signed = (input, previous) => zlib.crc32(input, previousValue(previous)) | 0;
}

module.exports = { installed, crc32 };
