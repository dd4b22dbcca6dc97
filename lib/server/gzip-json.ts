import "server-only";
import { constants, crc32, deflateRaw, deflateRawSync, gzipSync } from "node:zlib";
import { promisify } from "node:util";

const deflateRawAsync = promisify(deflateRaw);

/** A gzip member's fixed header: deflate, no name, no time, unknown OS. */
const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);

export interface CompressedTail {
  deflated: Buffer;
  raw: Buffer;
}

/**
 * Compresses the unchanging part of a body once (in zlib's thread pool, at the best level), so
 * that each response only deflates its few fresh bytes in front: a gzip stream may be made of
 * deflate blocks compressed separately, when the first part ends on a byte boundary without a
 * final block (a sync flush) and the last part holds the final block.
 */
export async function compressTail(text: string): Promise<CompressedTail> {
  const raw = Buffer.from(text, "utf8");
  // Z_FILTERED: JSON of random ids compresses ~3 % smaller with fewer literal-heavy blocks.
  return { raw, deflated: await deflateRawAsync(raw, { level: constants.Z_BEST_COMPRESSION, memLevel: 9, strategy: constants.Z_FILTERED }) };
}

/** `prefix + tail`, gzipped. */
export function gzipWithPrefix(prefix: string, tail: CompressedTail): Buffer {
  const head = Buffer.from(prefix, "utf8");
  const deflatedHead = deflateRawSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(tail.raw, crc32(head)), 0);
  trailer.writeUInt32LE((head.length + tail.raw.length) % 2 ** 32, 4);
  return Buffer.concat([HEADER, deflatedHead, tail.deflated, trailer]);
}

/**
 * Whether `/api/agents` answers this request with its own gzip. Next.js drops a route's
 * Content-Encoding and compresses every body again, per request: for a 1 MB snapshot and
 * hundreds of screens that is the server's whole CPU. So the proxy marks the response as gzip
 * before the route runs (Next's compression then leaves it alone) and the route sends the body
 * it compressed once. Both sides decide here.
 */
export function servesOwnGzip(method: string, path: string, acceptEncoding: string | null): boolean {
  return method === "GET" && path === "/api/agents" && /\bgzip\b/.test(acceptEncoding ?? "");
}

/** A small JSON answer on a path that serves its own gzip: gzipped when the request said so. */
export function encodedJson(req: Request, status: number, payload: unknown, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(payload);
  const gzip = servesOwnGzip("GET", new URL(req.url).pathname, req.headers.get("accept-encoding"));
  const all = { ...headers, "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store, max-age=0, no-transform" };
  return new Response(gzip ? new Uint8Array(gzipSync(text)) : text, { status, headers: all });
}
