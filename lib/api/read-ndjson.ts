/** Reads an NDJSON response line by line, calling `onEvent` with each parsed line (our own server's events). */
export async function readNdjson(body: ReadableStream<BufferSource>, onEvent: (event: unknown) => void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.trim() !== '') onEvent(JSON.parse(line));
    }
  }
}
