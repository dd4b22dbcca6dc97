import "server-only";

/**
 * A large answer sent as it is written, never built whole: the parts are drawn from `parts` as
 * the client reads, about 64 KB at a time, so a half-million-row report holds no 120 MB string,
 * and between two pieces whatever else waits (a screen's `/api/agents`) is answered.
 */
export function textStream(parts: Iterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        let chunk = "";
        while (chunk.length < 64 * 1024) {
          const next = parts.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += next.value;
        }
        controller.enqueue(encoder.encode(chunk));
      },
    },
    { highWaterMark: 1 },
  );
}

/** `value` as JSON, with the arrays named in `streamed` written element by element (the keys in the object's order). */
export function* jsonParts(value: object, streamed: readonly string[]): Generator<string> {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  yield "{";
  for (const [i, [key, v]] of entries.entries()) {
    yield `${i > 0 ? "," : ""}${JSON.stringify(key)}:`;
    if (streamed.includes(key) && Array.isArray(v)) {
      yield "[";
      for (const [j, item] of v.entries()) yield `${j > 0 ? "," : ""}${JSON.stringify(item)}`;
      yield "]";
    } else yield JSON.stringify(v ?? null);
  }
  yield "}";
}
