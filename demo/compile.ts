/**
 * `deno task compile-demo [--output PATH]`: builds the demo as one
 * executable (default ./dendrite-demo) with the kernel library embedded:
 * the library is compiled into build/ first (what the loader looks for
 * first), and `deno compile` includes build/ and the kernel sources (whose
 * hash names the library). The executable then needs neither Deno nor a C
 * compiler: `./dendrite-demo --quick`.
 *
 * `deno compile` downloads its runtime base (denort) once; where the
 * network cannot reach it, point DENORT_BIN at a copy.
 */
import { parseArgs } from "node:util";
import { buildInto } from "../ffi/build.ts";

/** Builds the executable at `output`; returns deno compile's exit status and stderr. */
export async function compileDemo(output: string): Promise<{ ok: boolean; err: string }> {
  const root = new URL("..", import.meta.url).pathname;
  console.error(`kernel library: ${await buildInto(`${root}build`)}`);
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["compile", "-A", "--include", "build", "--include", "kernels", "-o", output, "demo/fashion_mnist.ts"],
    cwd: root,
    stdout: "inherit",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(r.stderr);
  return { ok: r.success, err };
}

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, strict: true, options: { output: { type: "string", short: "o" } } });
  const out = values.output ?? "dendrite-demo";
  const { ok, err } = await compileDemo(out);
  if (!ok) {
    console.error(err);
    Deno.exit(1);
  }
  console.log(`built ${out}: run it with ./${out.replace(/^\.\//, "")} --quick`);
}
