/**
 * The native library loader: source list, cache key, search order, and
 * the ways users start dendrite: from a checkout (cold, concurrent,
 * interrupted, with an unwritable cache, with missing permissions, with a
 * broken compiler), imported by URL (online, then offline) and as a
 * standalone binary. Starts run as subprocesses in a copy of the checkout
 * without build/, each with its own cache; builds use -O0 and leave out
 * the optional libraries (DENDRITE_CFLAGS, DENDRITE_NO_*) so each takes
 * seconds, and the -O0 build doubles as the test of the no-OpenBLAS path.
 */
import assert from "node:assert/strict";
import { cpSync, existsSync } from "node:fs";
import { configHash, libName, libraryFolders } from "../../ffi/build.ts";
import { readSources, sourceHash } from "../../ffi/kernel_sources.ts";
import { KERNEL_SOURCES } from "../../ffi/sources.ts";
import { type BuildConfig, detectConfig, OPTIONAL_LIBRARIES } from "../../ffi/toolchain.ts";

const ROOT = new URL("../../", import.meta.url);

Deno.test("the source list names every kernel file", () => {
  const found: string[] = [];
  for (const dir of ["kernels/include", "kernels/cpu"]) {
    for (const e of Deno.readDirSync(new URL(dir, ROOT))) if (/\.(c|h)$/.test(e.name)) found.push(`${dir}/${e.name}`);
  }
  assert.deepEqual([...KERNEL_SOURCES].sort(), found.sort());
});

const BASE_CONFIG: BuildConfig = {
  cc: "cc",
  compiler: "cc (Debian 12.2.0-14) 12.2.0",
  arch: "x86_64",
  flags: ["-O3"],
  userFlags: [],
  libraries: ["openblas"],
};

Deno.test("the library name carries the source hash and the build configuration's", async () => {
  const src = await readSources(ROOT);
  const h = await sourceHash(src);
  assert.match(h, /^[0-9a-f]{16}$/);
  const changed = new Map(src);
  changed.set("kernels/cpu/common.c", src.get("kernels/cpu/common.c") + "\n");
  assert.notEqual(await sourceHash(changed), h);
  // a build without OpenBLAS, by another compiler or with other flags is another library
  const base = await configHash(BASE_CONFIG);
  for (
    const change of [
      { libraries: [] },
      { compiler: "cc (Debian 13.1.0-1) 13.1.0" },
      { cc: "clang" },
      { userFlags: ["-O0"], flags: ["-O3", "-O0"] },
    ]
  ) {
    assert.notEqual(await configHash({ ...BASE_CONFIG, ...change }), base, JSON.stringify(change));
  }
  assert.match(libName(h, base), /^libdendrite-[0-9a-f]{16}-[0-9a-f]{8}\.so$/);
});

/** Runs `fn` with every optional library's switch set to `value` (or unset for null), then restores them. */
async function withSwitches<T>(value: string | null, fn: () => Promise<T>): Promise<T> {
  const saved = OPTIONAL_LIBRARIES.map((l) => Deno.env.get(l.disable));
  const put = (name: string, v: string | null | undefined) => v == null ? Deno.env.delete(name) : Deno.env.set(name, v);
  try {
    for (const l of OPTIONAL_LIBRARIES) put(l.disable, value);
    return await fn();
  } finally {
    OPTIONAL_LIBRARIES.forEach((l, i) => put(l.disable, saved[i]));
  }
}

/** The optional libraries this machine's compiler finds. */
const optionalLibrariesHere = () => withSwitches(null, async () => (await detectConfig()).config?.libraries ?? []);

Deno.test("optional libraries are probed, each with a switch that leaves it out", async () => {
  assert.deepEqual(OPTIONAL_LIBRARIES.map((l) => [l.link, l.disable]), [
    ["openblas", "DENDRITE_NO_BLAS"],
    ["dnnl", "DENDRITE_NO_DNNL"],
  ]);
  const { config } = await detectConfig();
  assert.ok(config, "no C compiler on this machine");
  for (const lib of OPTIONAL_LIBRARIES) {
    const defined: boolean = lib.defines.every((d) => config.flags.includes(`-D${d}`));
    assert.equal(defined, config.libraries.includes(lib.link), lib.name);
  }
  const off = await withSwitches("1", detectConfig);
  assert.deepEqual(off.config?.libraries, []);
  assert.ok(!off.config?.flags.some((f) => f.startsWith("-DDK_HAVE")), off.config?.flags.join(" "));
});

Deno.test("search order: build/ (what deno compile embeds), then the caches", () => {
  assert.deepEqual(libraryFolders(new URL("file:///opt/app/"), ["/c", "/tmp/dendrite-cache-0"]), [
    "/opt/app/build",
    "/c",
    "/tmp/dendrite-cache-0",
  ]);
  // imported by URL: no local build/ folder to look in
  assert.deepEqual(libraryFolders(new URL("https://example.test/d/"), ["/c"]), ["/c"]);
});

/** A quick build: -O0 and no optional libraries; DENDRITE_LIB emptied so the caller's cannot short-cut the search. */
const FAST = { DENDRITE_CFLAGS: "-O0", DENDRITE_NO_BLAS: "1", DENDRITE_NO_DNNL: "1", DENDRITE_LIB: "" };
const NOTICE = /dendrite: compiling kernels without OpenBLAS or oneDNN \(first run only, ~20 s\)\.\.\./;
const WAITING = /waiting for another process compiling the kernels/;

/**
 * The test's program: a matmul through the built-in GEMM (threaded: above
 * GEMM_PAR_MIN; B transposed: strided) checked against a JS loop, and
 * np.linalg.inv's message.
 */
const CHECK = `import { np } from "./mod.ts";
import { K, LIBRARY_PATH } from "./ffi/lib.ts";
const a = np.sin(np.arange(200 * 300)).reshape(200, 300), b = np.cos(np.arange(150 * 300)).reshape(150, 300);
const got = np.matmul(a, b.T).tolist() as number[][];
const A = a.tolist() as number[][], B = b.tolist() as number[][];
let err = 0;
for (let i = 0; i < 200; i++) {
  for (let j = 0; j < 150; j++) {
    let s = 0;
    for (let k = 0; k < 300; k++) s += A[i][k] * B[j][k];
    err = Math.max(err, Math.abs(s - got[i][j]));
  }
}
let inv = "no error";
try {
  np.linalg.inv(np.eye(2));
} catch (e) {
  inv = (e as Error).message;
}
console.log(JSON.stringify({ lib: LIBRARY_PATH, blas: K.dk_have_blas(), lapack: K.dk_have_lapack(), err, inv }));
`;

/** Loads the library alone: the loader's tests need nothing from src/. */
const LOAD = `import { LIBRARY_PATH } from "./ffi/lib.ts";\nconsole.log(LIBRARY_PATH);\n`;

/** Every folder the tests make lives here, removed when the file's tests end. */
const TEMP = await Deno.makeTempDir({ prefix: "dendrite-build-test-" });
globalThis.addEventListener("unload", () => Deno.removeSync(TEMP, { recursive: true }));
const tempDir = (prefix: string) => Deno.makeTempDir({ dir: TEMP, prefix: `${prefix}-` });

/** A copy of the checkout without build/, plus check.ts and load.ts, in a fresh temp folder. */
async function checkout(): Promise<string> {
  const dir = await tempDir("checkout");
  for (const p of ["mod.ts", "deno.json", "deno.lock", "src", "ffi", "kernels"]) {
    cpSync(new URL(p, ROOT), `${dir}/${p}`, { recursive: true });
  }
  await Deno.writeTextFile(`${dir}/check.ts`, CHECK);
  await Deno.writeTextFile(`${dir}/load.ts`, LOAD);
  return dir;
}

interface Result {
  ok: boolean;
  out: string;
  err: string;
}

async function run(cmd: string, args: string[], env: Record<string, string> = {}, cwd?: string): Promise<Result> {
  const out = await new Deno.Command(cmd, { args, env, cwd, stdout: "piped", stderr: "piped" }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { ok: out.success, out: text(out.stdout), err: text(out.stderr) };
}

/** Runs a script of the checkout copy `dir` (all permissions unless `flags` says otherwise). */
const start = (script: string) => (dir: string, env: Record<string, string>, flags = ["-A"]) =>
  run(Deno.execPath(), ["run", ...flags, script], { ...FAST, ...env }, dir);
const check = start("check.ts");
const load = start("load.ts");

/** The path load.ts printed. */
function loaded(r: Result): string {
  assert.ok(r.ok, r.err);
  return r.out.trim();
}

/** What check.ts printed. */
function checkResult(r: Result): { lib: string; blas: number; lapack: number; err: number; inv: string } {
  assert.ok(r.ok, r.err);
  return JSON.parse(r.out);
}

/** Starts load.ts and kills it with `signal` once its compile notice is out; returns its exit code. */
async function killMidBuild(dir: string, env: Record<string, string>, signal: Deno.Signal): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "load.ts"],
    env: { ...FAST, ...env },
    cwd: dir,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!NOTICE.test(text)) {
    const { value, done } = await reader.read();
    assert.ok(!done, `exited before compiling: ${text}`);
    text += value;
  }
  child.kill(signal);
  await reader.cancel();
  return (await child.status).code;
}

const leftovers = (cache: string) => [...Deno.readDirSync(cache)].filter((e) => e.name.startsWith(".build-"));
const libraries = (cache: string) => [...Deno.readDirSync(cache)].filter((e) => e.name.endsWith(".so"));

/** The checkout copy and the cache the cold-start test fills, which the URL and binary tests reuse. */
const shared = await checkout();
const sharedCache = await tempDir("cache");

Deno.test("cold starts without OpenBLAS: interrupted builds, one build for concurrent starts, then the cached library", async (t) => {
  const dir = shared;
  const env = { DENDRITE_CACHE: sharedCache };

  await t.step("SIGTERM mid-build removes its build folder", async () => {
    assert.equal(await killMidBuild(dir, env, "SIGTERM"), 128 + 15);
    assert.deepEqual(leftovers(sharedCache), []);
  });

  await t.step("SIGKILL leaves a build folder, for the next build to remove", async () => {
    await killMidBuild(dir, env, "SIGKILL");
    assert.equal(leftovers(sharedCache).length, 1);
  });

  await t.step("three concurrent cold starts: one compiles, the others wait", async () => {
    const t0 = performance.now();
    const rs = await Promise.all([0, 1, 2].map(() => check(dir, env)));
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    const results = rs.map(checkResult);
    const builders = rs.filter((r) => NOTICE.test(r.err)).length;
    const waiters = rs.filter((r) => WAITING.test(r.err)).length;
    assert.equal(builders, 1, rs.map((r) => r.err).join("\n---\n"));
    assert.ok(waiters >= 1, `no start waited (${seconds} s): ${rs.map((r) => r.err).join("\n---\n")}`);
    assert.equal(new Set(results.map((r) => r.lib)).size, 1);
    assert.deepEqual(leftovers(sharedCache), [], "the dead builder's folder was not removed");
    assert.equal(libraries(sharedCache).length, 1);
    // the built-in GEMM, and a clear message where LAPACK is needed
    const r = results[0];
    const source = await sourceHash(await readSources(new URL(`file://${dir}/`)));
    assert.match(r.lib, new RegExp(`^${sharedCache}/libdendrite-${source}-[0-9a-f]{8}\\.so$`));
    assert.deepEqual([r.blas, r.lapack], [0, 0]);
    assert.ok(r.err < 1e-9, `matmul off by ${r.err}`);
    assert.match(r.inv, /needs LAPACK/);
    assert.match(r.inv, /libopenblas-dev/);
  });

  await t.step("a cached library loads silently, and without --allow-run or --allow-write", async () => {
    const r = await load(dir, env);
    const lib = loaded(r);
    assert.equal(r.err, "");
    // the compiler's answers are saved, so its configuration is known without running it: a newer
    // library of another configuration (what a start that cannot tell would take) is passed over
    const other = lib.replace(/-[0-9a-f]{8}\.so$/, "-00000000.so");
    Deno.copyFileSync(lib, other);
    try {
      assert.equal(loaded(await load(dir, env, ["--allow-read", "--allow-env", "--allow-ffi"])), lib);
    } finally {
      Deno.removeSync(other);
    }
  });

  await t.step("it is not reused once OpenBLAS or oneDNN may be linked", async () => {
    const withLibraries = { ...env, DENDRITE_NO_BLAS: "", DENDRITE_NO_DNNL: "" };
    const r = await load(dir, withLibraries, ["--allow-read", "--allow-env", "--allow-ffi", "--allow-run"]);
    if ((await optionalLibrariesHere()).length) {
      // another library is wanted, and building it needs these
      assert.ok(!r.ok);
      assert.match(r.err, /missing permission --allow-write\./);
    } else loaded(r);
  });
});

Deno.test("an unwritable cache falls back to a private temp folder at once, or says what to set", async () => {
  const dir = await checkout();
  const tmp = await tempDir("tmp");
  const env = { DENDRITE_CACHE: "/proc/dendrite-cache", TMPDIR: tmp };
  const first = await load(dir, env);
  assert.match(loaded(first), new RegExp(`^${tmp}/dendrite-cache-\\d+/libdendrite-`));
  assert.match(first.err, /cannot write \/proc\/dendrite-cache .*; caching the kernels in .*dendrite-cache-\d+/);
  assert.match(first.err, /set DENDRITE_CACHE/);
  const again = await load(dir, env);
  assert.equal(loaded(again), loaded(first));
  assert.equal(again.err, "", "the fallback is said once, when building");

  const t0 = performance.now();
  const none = await load(dir, { ...env, TMPDIR: "/proc/dendrite-tmp" });
  assert.ok(!none.ok);
  assert.match(none.err, /KernelCacheError: dendrite: cannot write \/proc\/dendrite-cache .*Set DENDRITE_CACHE/);
  assert.doesNotMatch(none.err, NOTICE);
  assert.ok(performance.now() - t0 < 10_000, "failed only after compiling");
});

Deno.test("missing permissions are named, with what each is for", async () => {
  const dir = await checkout();
  const env = { DENDRITE_CACHE: await tempDir("empty") };
  const cases: [string[], RegExp][] = [
    [["--allow-read", "--allow-write", "--allow-run", "--allow-ffi"], /missing permission --allow-env\./],
    [["--allow-read", "--allow-write", "--allow-run", "--allow-env"], /missing permission --allow-ffi\./],
    [["--allow-read", "--allow-env", "--allow-ffi"], /missing permissions --allow-run, --allow-write\./],
    [["--allow-env", "--allow-ffi", "--allow-run", "--allow-write"], /missing permission --allow-read\./],
  ];
  await Promise.all(cases.map(async ([flags, expected]) => {
    const r = await load(dir, env, flags);
    assert.ok(!r.ok, flags.join(" "));
    assert.match(r.err, expected);
    assert.match(r.err, /KernelPermissionError/);
    assert.doesNotMatch(r.err, /Requires \w+ access/);
    assert.doesNotMatch(r.err, NOTICE);
  }));
});

Deno.test("a missing or failing compiler is reported with what to install", async () => {
  const dir = await checkout();
  const cache = await tempDir("cc");
  const none = await load(dir, { DENDRITE_CACHE: cache, CC: `${cache}/no-such-cc` });
  assert.ok(!none.ok);
  assert.match(none.err, /no C compiler found .*apt-get install gcc libopenblas-dev/);

  // answers the probes like a compiler, then fails every compile
  const fake = `${cache}/fake-cc`;
  await Deno.writeTextFile(
    fake,
    `#!/bin/sh\ncase "$1" in\n  --version) echo "fake-cc 1.0";;\n  -print-search-dirs) echo "libraries: =/nonexistent";;\n` +
      `  *) echo "fake-cc: error: no kernels today" >&2; exit 1;;\nesac\n`,
  );
  await Deno.chmod(fake, 0o755);
  const failed = await load(dir, { DENDRITE_CACHE: cache, CC: fake });
  assert.ok(!failed.ok);
  assert.match(failed.err, NOTICE);
  assert.match(
    failed.err,
    /KernelBuildError: dendrite: compiling kernels\/cpu\/\w+\.c failed:\nfake-cc: error: no kernels today/,
  );
  assert.match(failed.err, /apt-get install gcc libopenblas-dev/);
  assert.deepEqual(leftovers(cache), []);
});

/** Serves the checkout over HTTP on 127.0.0.1 until the returned function is called. */
function serve(root: URL): { url: string; stop: () => Promise<void> } {
  const ac = new AbortController();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: () => {} }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    try {
      const body = await Deno.readFile(new URL(`.${path}`, root));
      return new Response(body, {
        headers: { "content-type": path.endsWith(".ts") ? "application/typescript" : "text/plain" },
      });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/`,
    stop: async () => {
      ac.abort();
      await server.finished;
    },
  };
}

Deno.test("imported by URL: sources are fetched, then used from the cache with the host down", async () => {
  const dir = await tempDir("url");
  const server = serve(new URL(`file://${shared}/`));
  let stopped = false;
  try {
    const script = `${dir}/main.ts`;
    await Deno.writeTextFile(
      script,
      `import { np } from "${server.url}mod.ts";\nconsole.log(np.arange(10).reshape(2, 5).sum({ axis: 1 }).tolist().join(","));\n`,
    );
    const env = { ...FAST, DENO_DIR: `${dir}/deno`, DENDRITE_CACHE: sharedCache };
    const args = ["run", "-A", "--no-config", script];
    const online = await run(Deno.execPath(), args, env);
    assert.ok(online.ok, online.err);
    assert.equal(online.out.trim(), "10,35");
    assert.ok(libraries(sharedCache).length >= 1);
    const saved = [...Deno.readDirSync(`${sharedCache}/sources`)].map((e) => e.name);
    assert.equal(saved.length, 2, `an index file and the sources: ${saved.join(" ")}`);

    await server.stop();
    stopped = true;
    const offline = await run(Deno.execPath(), args, env);
    assert.ok(offline.ok, offline.err);
    assert.equal(offline.out.trim(), "10,35");
    assert.match(offline.err, /cannot fetch the kernel sources \(.*\); using the copy saved on \d{4}-/);
    assert.equal(offline.err.match(/dendrite:/g)?.length, 1, "said once");
  } finally {
    if (!stopped) await server.stop();
  }
});

Deno.test("standalone binary: deno compile embeds build/ and the binary finds it", async (t) => {
  const dir = await checkout();
  // `deno task build` skips a library that is already current: seed build/ with the cold-start test's
  Deno.mkdirSync(`${dir}/build`);
  for (const lib of libraries(sharedCache)) cpSync(`${sharedCache}/${lib.name}`, `${dir}/build/${lib.name}`);
  const build = await run(Deno.execPath(), ["task", "build"], { ...FAST, DENDRITE_CACHE: `${dir}/cache` }, dir);
  assert.ok(build.ok, build.err);
  assert.match(build.out, /build\/libdendrite-[0-9a-f]{16}-[0-9a-f]{8}\.so/);
  const exe = `${dir}/basics`;
  const env: Record<string, string> = { NO_COLOR: "1" };
  const denort = Deno.env.get("DENORT_BIN");
  if (denort) env.DENORT_BIN = denort;
  const c = await run(
    Deno.execPath(),
    ["compile", "-A", "--no-check", "--include", "build", "--include", "kernels", "-o", exe, "load.ts"],
    env,
    dir,
  );
  if (!c.ok && /denort|download|dl\.deno\.land|error sending request/i.test(c.err)) {
    // this network cannot reach the runtime base deno compile downloads
    const why = c.err.split("\n").find((l) => /Download|error/.test(l))?.trim();
    await t.step({ name: `skipped: deno compile could not get its runtime base (${why})`, ignore: true, fn: () => {} });
    return;
  }
  assert.ok(c.ok, c.err);
  const cache = `${dir}/empty-cache`;
  const r = await run(exe, [], { ...FAST, DENDRITE_CACHE: cache });
  assert.match(loaded(r), /build\/libdendrite-/);
  // it used the embedded library, not a fresh build (the cache may hold the compiler probe's answers)
  assert.deepEqual(existsSync(cache) ? libraries(cache) : [], []);
});
