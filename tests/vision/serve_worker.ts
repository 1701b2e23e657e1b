/**
 * A test HTTP server on 127.0.0.1 in a Web Worker (dataset constructors
 * block the main thread while a child process downloads, so the server
 * needs its own thread). Routes: /files/<name> serves the posted bytes,
 * /corrupt/<name> serves them with one byte changed, /drop/<name> sends
 * half and closes the connection.
 */
/// <reference lib="deno.worker" />
let files: Record<string, Uint8Array> = {};
self.onmessage = (e: MessageEvent<{ files: Record<string, Uint8Array> } | "stop">) => {
  if (e.data === "stop") {
    server?.shutdown();
    return;
  }
  files = e.data.files;
};
const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => self.postMessage({ port }) },
  (req) => {
    const [, route, name] = new URL(req.url).pathname.split("/");
    const body = files[name];
    if (!body) return new Response("not found", { status: 404 });
    if (route === "files") return new Response(body.slice().buffer);
    if (route === "corrupt") {
      const c = body.slice();
      c[c.length >> 1] ^= 0xff;
      return new Response(c.buffer);
    }
    if (route === "drop") {
      const stream = new ReadableStream<Uint8Array>({
        start(ctl) {
          ctl.enqueue(body.subarray(0, body.length >> 1));
          setTimeout(() => ctl.error(new Error("dropped")), 20);
        },
      });
      return new Response(stream, { headers: { "content-length": String(body.length) } });
    }
    return new Response("bad route", { status: 400 });
  },
);
