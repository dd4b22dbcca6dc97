import "server-only";
import { constants, crc32, deflateRaw, gzipSync } from "node:zlib";
import { promisify } from "node:util";

const deflateRawAsync = promisify(deflateRaw);

/**
 * A large JSON body compressed once and sent to every client with a few fresh bytes in front.
 * A gzip member may hold several deflate blocks: the fresh prefix goes in a stored (uncompressed)
 * block, the unchanging rest is the shared deflate stream that ends with the final block, and the
 * trailer's CRC-32 is combined from the two parts' CRCs. So an answer costs no compression, no
 * copy of the shared part and no pass over it: 15 bytes of header, the prefix, the shared bytes
 * as they are, 8 bytes of trailer.
 */

/** A gzip member's fixed header: deflate, no name, no time, unknown OS. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);

export interface DeflatedTail {
  /** The shared part, raw deflate ending with the final block. */
  deflated: Buffer;
  /** CRC-32 and length of the shared part before compression. */
  crc: number;
  length: number;
  /** The CRC operator for `length` zero bytes: combines a prefix's CRC with the part's in 32 steps. */
  shift: Uint32Array;
}

/** Compresses the shared part once, in zlib's thread pool, at the best level. */
export async function deflateTail(raw: Buffer): Promise<DeflatedTail> {
  // Z_FILTERED: JSON of random ids compresses ~3 % smaller with fewer literal-heavy blocks.
  const deflated = await deflateRawAsync(raw, { level: constants.Z_BEST_COMPRESSION, memLevel: 9, strategy: constants.Z_FILTERED });
  return { deflated, crc: crc32(raw), length: raw.length, shift: zerosOperator(raw.length) };
}

/** The answer's pieces, in order: header and prefix, the shared part, the trailer. */
export function gzipParts(prefix: Buffer, tail: DeflatedTail): Buffer[] {
  if (prefix.length > 0xffff) throw new Error("a stored block holds at most 65,535 bytes");
  const head = Buffer.alloc(GZIP_HEADER.length + 5 + prefix.length);
  GZIP_HEADER.copy(head, 0);
  let at = GZIP_HEADER.length;
  // A stored block that is not the last: BFINAL 0, BTYPE 00, padded to the byte; LEN, then ~LEN.
  head[at++] = 0x00;
  head.writeUInt16LE(prefix.length, at);
  head.writeUInt16LE(~prefix.length & 0xffff, at + 2);
  prefix.copy(head, at + 4);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE((times(tail.shift, crc32(prefix)) ^ tail.crc) >>> 0, 0);
  trailer.writeUInt32LE((prefix.length + tail.length) % 2 ** 32, 4);
  return [head, tail.deflated, trailer];
}

/** 32 × 32 matrices over GF(2), as zlib's crc32_combine uses them. */
function times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let i = 0; vector !== 0; i++, vector >>>= 1) if (vector & 1) sum ^= matrix[i]!;
  return sum >>> 0;
}

function square(out: Uint32Array, matrix: Uint32Array): void {
  for (let n = 0; n < 32; n++) out[n] = times(matrix, matrix[n]!);
}

/**
 * The operator that appends `bytes` zero bytes to a CRC-32 register (zlib's crc32_combine, as a
 * matrix): crc(A + B) = operator · crc(A) ⊕ crc(B), with `bytes` the length of B.
 */
function zerosOperator(bytes: number): Uint32Array {
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  // One zero bit, then squared to two and to four bits.
  odd[0] = 0xedb88320;
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row >>> 0;
  square(even, odd);
  square(odd, even);
  let result = Uint32Array.from({ length: 32 }, (_, n) => (1 << n) >>> 0);
  const compose = (op: Uint32Array) => (result = result.map((column) => times(op, column)));
  // Each step squares the operator (8 bits, 16, 32…) and applies it where the length has a bit.
  for (let length = bytes; length > 0; ) {
    square(even, odd);
    if (length & 1) compose(even);
    length = Math.floor(length / 2);
    if (length === 0) break;
    square(odd, even);
    if (length & 1) compose(odd);
    length = Math.floor(length / 2);
  }
  return result;
}


/** The one path whose answers Floorview gzips itself (app/api/agents, lib/server/serve/agents-endpoint.ts). */
const OWN_GZIP_PATH = "/api/agents";

/**
 * Whether this request's answer is Floorview's own gzip. Next.js drops a route's Content-Encoding
 * and compresses every body again, per request: for a 1 MB snapshot and hundreds of screens that
 * is the server's whole CPU. So next.config.js marks every answer on this path to a client that
 * accepts gzip as gzip, whatever the method, before the route runs (Next's compression then
 * leaves it alone), and every answer there, errors included, must be gzip then. The rule in
 * next.config.js and this test must agree.
 */
export function ownGzip(req: Request): boolean {
  return new URL(req.url).pathname === OWN_GZIP_PATH && /\bgzip\b/.test(req.headers.get("accept-encoding") ?? "");
}

/** A small body for a request on the path that serves its own gzip: gzipped when the request said so. */
export function encodeFor(req: Request, text: string): { body: Uint8Array<ArrayBuffer> | string; gzip: boolean } {
  const gzip = ownGzip(req);
  return { body: gzip ? new Uint8Array(gzipSync(text)) : text, gzip };
}
