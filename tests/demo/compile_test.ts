/**
 * `deno task compile-demo`: the demo as one executable with the kernel
 * library embedded, run with --quick in an empty folder with an empty
 * dendrite cache (so it cannot have compiled the kernels itself). Skipped,
 * with the reason, where `deno compile` cannot get its runtime base (no
 * network to dl.deno.land and no DENORT_BIN).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";

const ROOT = new URL("../../", import.meta.url).pathname;
const dec = new TextDecoder();

Deno.test("compile-demo: a standalone demo runs --quick in an empty folder", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "compile-demo-" });
  try {
    // first a one-line program, unchecked: where the runtime base cannot be had, that fails in a second, while the
    // demo's compile type-checks the whole library (about a minute) before it finds out
    Deno.writeTextFileSync(`${dir}/probe.ts`, "console.log(1);\n");
    const probe = await new Deno.Command(Deno.execPath(), {
      args: ["compile", "--no-check", "-o", `${dir}/probe`, `${dir}/probe.ts`],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const exe = `${dir}/dendrite-demo`;
    const c = probe.success
      ? await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", `${ROOT}demo/compile.ts`, "--output", exe],
        cwd: ROOT,
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output()
      : probe;
    const err = dec.decode(c.stderr);
    if (!c.success && /denort|download|dl\.deno\.land|error sending request/i.test(err)) {
      // the same rule as tests/ffi/build_test.ts's standalone binary test
      const why = err.split("\n").find((l) => /Download|error/.test(l))?.trim();
      await t.step({
        name: `skipped: deno compile could not get its runtime base (${why})`,
        ignore: true,
        fn: () => {},
      });
      return;
    }
    assert.ok(c.success, err);
    const work = `${dir}/work`, cache = `${dir}/empty-cache`;
    Deno.mkdirSync(work);
    const r = await new Deno.Command(exe, {
      args: ["--quick", "--epochs", "1", "--logdir", "runs/q"],
      cwd: work,
      env: { NO_COLOR: "1", DENDRITE_CACHE: cache },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const out = dec.decode(r.stdout);
    assert.ok(r.success, dec.decode(r.stderr));
    assert.match(out.trim().split("\n").at(-1)!, /^test accuracy \d+\.\d\d% after 1 epoch, wall time/);
    assert.ok(existsSync(`${work}/runs/q/model.safetensors`));
    // the embedded library was used: nothing was compiled into the empty cache
    assert.deepEqual(existsSync(cache) ? [...Deno.readDirSync(cache)].filter((e) => e.name.endsWith(".so")) : [], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
