/**
 * The native library loader: source list, hashing, search order, and the
 * three ways users run dendrite (checkout, import by URL, standalone binary).
 */
import assert from "node:assert/strict";
import { cacheDir, libName, libraryCandidates, readSources, sourceHash } from "../../ffi/build.ts";
import { KERNEL_SOURCES } from "../../ffi/sources.ts";
import { LIBRARY_PATH } from "../../ffi/lib.ts";

const ROOT = new URL("../../", import.meta.url);

Deno.test("the source list names every kernel file", () => {
  const found: string[] = [];
  for (const dir of ["kernels/include", "kernels/cpu"]) {
    for (const e of Deno.readDirSync(new URL(dir, ROOT))) if (/\.(c|h)$/.test(e.name)) found.push(`${dir}/${e.name}`);
  }
  assert.deepEqual([...KERNEL_SOURCES].sort(), found.sort());
});

Deno.test("the library name carries the source hash, and changes with the sources", async () => {
  const src = await readSources();
  const h = await sourceHash(src);
  assert.match(h, /^[0-9a-f]{16}$/);
  assert.ok(LIBRARY_PATH.endsWith(libName(h)) || Deno.env.get("DENDRITE_LIB"), LIBRARY_PATH);
  const changed = new Map(src);
  changed.set("kernels/cpu/common.c", src.get("kernels/cpu/common.c") + "\n");
  assert.notEqual(await sourceHash(changed), h);
});

Deno.test("search order: $DENDRITE_LIB, build/ (what deno compile embeds), then the cache", () => {
  const root = new URL("file:///opt/app/");
  assert.deepEqual(libraryCandidates("abc", { envLib: "/x/lib.so", root, cache: "/c" }), [
    "/x/lib.so",
    "/opt/app/build/libdendrite-abc.so",
    "/c/libdendrite-abc.so",
  ]);
  // imported by URL: no local build/ folder to look in
  assert.deepEqual(libraryCandidates("abc", { root: new URL("https://example.test/d/"), cache: "/c" }), [
    "/c/libdendrite-abc.so",
  ]);
  assert.ok(cacheDir().length > 0);
});

async function run(cmd: string, args: string[], env: Record<string, string> = {}, cwd?: string) {
  const out = await new Deno.Command(cmd, { args, env, cwd, stdout: "piped", stderr: "piped" }).output();
  return { ok: out.success, out: new TextDecoder().decode(out.stdout), err: new TextDecoder().decode(out.stderr) };
}

Deno.test("imported by URL: sources are fetched, built into a fresh cache and run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dendrite-url-" });
  const ac = new AbortController();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: () => {} }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    try {
      const body = await Deno.readFile(new URL(`.${path}`, ROOT));
      return new Response(body, {
        headers: { "content-type": path.endsWith(".ts") ? "application/typescript" : "text/plain" },
      });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  try {
    const script = `${dir}/main.ts`;
    await Deno.writeTextFile(
      script,
      `import { np } from "http://127.0.0.1:${server.addr.port}/mod.ts";\nconsole.log(np.arange(10).reshape(2, 5).sum({ axis: 1 }).tolist().join(","));\n`,
    );
    const r = await run(Deno.execPath(), ["run", "-A", "--no-config", script], {
      DENO_DIR: `${dir}/deno`,
      DENDRITE_CACHE: `${dir}/kernels`,
    });
    assert.ok(r.ok, r.err);
    assert.equal(r.out.trim(), "10,35");
    const built = [...Deno.readDirSync(`${dir}/kernels`)].map((e) => e.name);
    assert.ok(built.some((n) => /^libdendrite-[0-9a-f]{16}\.so$/.test(n)), built.join(" "));
  } finally {
    ac.abort();
    await server.finished;
  }
});

Deno.test("standalone binary: deno compile embeds build/ and the binary finds it", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "dendrite-compile-" });
  const build = await run(Deno.execPath(), ["task", "build"], {}, ROOT.pathname);
  assert.ok(build.ok, build.err);
  const exe = `${dir}/basics`;
  const env: Record<string, string> = { NO_COLOR: "1" };
  const denort = Deno.env.get("DENORT_BIN");
  if (denort) env.DENORT_BIN = denort;
  const c = await run(
    Deno.execPath(),
    [
      "compile",
      "-A",
      "--include",
      "build",
      "--include",
      "kernels",
      "-o",
      exe,
      "examples/numpy_broadcasting.ts",
    ],
    env,
    ROOT.pathname,
  );
  if (!c.ok && /denort|download|dl\.deno\.land|error sending request/i.test(c.err)) {
    // this network cannot reach the runtime base deno compile downloads
    const why = c.err.split("\n").find((l) => /Download|error/.test(l))?.trim();
    await t.step({ name: `skipped: deno compile could not get its runtime base (${why})`, ignore: true, fn: () => {} });
    return;
  }
  assert.ok(c.ok, c.err);
  const r = await run(exe, [], { DENDRITE_CACHE: `${dir}/empty-cache` });
  assert.ok(r.ok, r.err);
  assert.match(r.out, /C shape: \[ 4, 3 \]/);
  // it used the embedded library, not a fresh build
  assert.throws(() => Deno.statSync(`${dir}/empty-cache`));
});
