import zlib from 'node:zlib';

// Hand-written zips, because the hostile ones are exactly what a zip library refuses to write: entries
// sharing one compressed stream, sizes that lie, more entries than any backup has.

interface RawEntry {
  name: string;
  /** Offset of the local header this central-directory entry points to. */
  offset: number;
  crc: number;
  compressed: number;
  uncompressed: number;
}

function localHeader(name: Buffer, crc: number, compressed: number, uncompressed: number): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(0, 6);
  h.writeUInt16LE(8, 8); // deflate
  h.writeUInt16LE(0, 10);
  h.writeUInt16LE(0x21, 12); // 1980-01-01
  h.writeUInt32LE(crc >>> 0, 14);
  h.writeUInt32LE(compressed, 18);
  h.writeUInt32LE(uncompressed, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  return Buffer.concat([h, name]);
}

function centralHeader(e: RawEntry): Buffer {
  const name = Buffer.from(e.name);
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(0, 8);
  h.writeUInt16LE(8, 10);
  h.writeUInt16LE(0, 12);
  h.writeUInt16LE(0x21, 14);
  h.writeUInt32LE(e.crc >>> 0, 16);
  h.writeUInt32LE(e.compressed, 20);
  h.writeUInt32LE(e.uncompressed, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE(e.offset, 42);
  return Buffer.concat([h, name]);
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(0x06054b50, 0);
  h.writeUInt16LE(count, 8);
  h.writeUInt16LE(count, 10);
  h.writeUInt32LE(size, 12);
  h.writeUInt32LE(offset, 16);
  return h;
}

function assemble(locals: Buffer[], entries: RawEntry[]): Buffer {
  const body = Buffer.concat(locals);
  const central = Buffer.concat(entries.map(centralHeader));
  return Buffer.concat([body, central, endOfCentralDirectory(entries.length, central.length, body.length)]);
}

/**
 * The overlapping-entries bomb: one deflate stream of `mib` MiB of zeros, and `copies` directory entries
 * that all point at it. Small on the wire; the declared total (copies × mib) is what reading it all costs.
 */
export function overlappingBomb(copies: number, mib: number): Buffer {
  const plain = Buffer.alloc(mib * 1024 * 1024);
  const data = zlib.deflateRawSync(plain, { level: 9 });
  const crc = zlib.crc32(plain);
  const local = Buffer.concat([localHeader(Buffer.from('a'), crc, data.length, plain.length), data]);
  const entries = Array.from({ length: copies }, (_, i) => ({
    name: `GFX/${i}.bin`,
    offset: 0,
    crc,
    compressed: data.length,
    uncompressed: plain.length,
  }));
  return assemble([local], entries);
}

/** One entry that declares `declared` bytes but inflates to `mib` MiB: sizes that lie. */
export function lyingSizeBomb(mib: number, declared = 1000): Buffer {
  const plain = Buffer.alloc(mib * 1024 * 1024);
  const data = zlib.deflateRawSync(plain, { level: 9 });
  const crc = zlib.crc32(plain);
  const local = Buffer.concat([localHeader(Buffer.from('DB/points.db'), crc, data.length, declared), data]);
  return assemble([local], [{ name: 'DB/points.db', offset: 0, crc, compressed: data.length, uncompressed: declared }]);
}

/** `count` tiny distinct entries (each a real one-byte file): more entries than a limit allows. */
export function manyEntriesZip(count: number): Buffer {
  const locals: Buffer[] = [];
  const entries: RawEntry[] = [];
  const data = zlib.deflateRawSync(Buffer.from('x'));
  const crc = zlib.crc32(Buffer.from('x'));
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const name = `f/${i}`;
    const local = Buffer.concat([localHeader(Buffer.from(name), crc, data.length, 1), data]);
    entries.push({ name, offset, crc, compressed: data.length, uncompressed: 1 });
    locals.push(local);
    offset += local.length;
  }
  return assemble(locals, entries);
}
