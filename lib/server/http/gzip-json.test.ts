import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { deflateTail, gzipParts } from "./gzip-json";

describe("gzip made of a fresh prefix and a part compressed once", () => {
  it("decodes to the prefix followed by the part, its CRC and length checked by zlib", async () => {
    for (const [prefix, rest] of [
      ['{"asOf":"2026-11-27T10:00:00.000Z",', '"agents":[]}'],
      ["", "x"],
      ["é", "ü".repeat(70_000)],
      ['{"asOf":1,', `"agents":[${'{"agentId":"a-1","name":"Ana"},'.repeat(40_000)}{}]}`],
    ]) {
      const tail = await deflateTail(Buffer.from(rest!, "utf8"));
      const parts = gzipParts(Buffer.from(prefix!, "utf8"), tail);
      // gunzip throws if the combined CRC or the length in the trailer is wrong.
      expect(gunzipSync(Buffer.concat(parts)).toString("utf8")).toBe(prefix! + rest!);
      expect(parts[1]).toBe(tail.deflated);
    }
  });

  it("refuses a prefix too long for one stored block", async () => {
    const tail = await deflateTail(Buffer.from("}"));
    expect(() => gzipParts(Buffer.alloc(70_000, 32), tail)).toThrow(/65,535/);
  });
});
