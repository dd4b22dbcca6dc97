import "server-only";

/**
 * A large answer sent as it is written, never built whole: the parts are drawn from `parts` as
 * the client reads, about 64 KB at a time, so a half-million-row report holds no 120 MB string,
 * and between two pieces whatever else waits (a screen's `/api/agents`) is answered. With an
 * async source (a report made agent by agent), nothing is made before the client asks for it.
 */
export function textStream(parts: Iterator<string> | AsyncIterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk = "";
        while (chunk.length < 64 * 1024) {
          const next = await parts.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += next.value;
        }
        controller.enqueue(encoder.encode(chunk));
      },
      async cancel() {
        await parts.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}
