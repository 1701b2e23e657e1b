/**
 * Hostile-argument fuzz (issue 13): junk values of every JS type passed as
 * every argument of every public function and method of np and torch
 * (tests/hardening/fuzz_child.ts walks NP_OPS / TORCH_OPS, np.linalg /
 * torch.linalg and the namespaces). The calls run in a child Deno process,
 * so a segfault or an abort fails this test instead of killing the runner;
 * the child may write only in a scratch folder (a junk path cannot escape
 * it) and its data segment is capped (a junk size that happens to be
 * allocatable fails as a RangeError instead of filling the machine's RAM).
 * Every call must return or throw an Error subclass.
 *
 * FUZZ_SEED varies the run (default 1); FUZZ_CALLS sets its length
 * (default 4000, a few seconds); FUZZ_EXHAUSTIVE=1 runs every junk value in
 * every parameter of every generated overload (minutes).
 */
import assert from "node:assert/strict";
import { LIBRARY_PATH } from "../../ffi/lib.ts";

const SEED = Deno.env.get("FUZZ_SEED") ?? "1";
const CALLS = Deno.env.get("FUZZ_CALLS") ?? "4000";
const EXHAUSTIVE = Deno.env.get("FUZZ_EXHAUSTIVE") === "1";
/** The child's data-segment cap (ulimit -d, KiB): far above what the calls need, far below the machine. */
const DATA_LIMIT_KB = 3 * 1024 * 1024;

interface Summary {
  calls: number;
  targets: number;
  generatedTargets: number;
  freeTargets: number;
  junkValues: number;
  targetsCalled: number;
  ok: number;
  errors: Record<string, number>;
  seconds: number;
  slowest: { label: string; args: string; ms: number }[];
  failures: { label: string; args: string; problem: string }[];
}

function hasBash(): boolean {
  try {
    return Deno.statSync("/bin/bash").isFile;
  } catch {
    return false;
  }
}

Deno.test(`fuzz: every public np/torch function and method with junk arguments returns or throws an Error (FUZZ_SEED=${SEED})`, async () => {
  const dir = Deno.makeTempDirSync({ prefix: "dendrite-fuzz-" });
  try {
    const child = new URL("./fuzz_child.ts", import.meta.url).pathname;
    const deno = [
      Deno.execPath(),
      "run",
      "--no-lock",
      "--allow-read",
      "--allow-env",
      "--allow-ffi",
      `--allow-write=${dir}`,
      child,
    ];
    // ulimit -d caps anonymous memory (V8's reservations are not counted); `exec` keeps one process
    const [cmd, ...args] = hasBash()
      ? ["/bin/bash", "-c", `ulimit -d ${DATA_LIMIT_KB} && exec "$@"`, "fuzz", ...deno]
      : deno;
    const proc = new Deno.Command(cmd, {
      args,
      cwd: dir,
      env: {
        FUZZ_SEED: SEED,
        FUZZ_CALLS: CALLS,
        FUZZ_EXHAUSTIVE: EXHAUSTIVE ? "1" : "0",
        FUZZ_OUT: `${dir}/summary.json`,
        // the library this process loaded: the child must not build (it may not write outside `dir`)
        DENDRITE_LIB: LIBRARY_PATH,
        NO_COLOR: "1",
      },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const timeoutMs = EXHAUSTIVE ? 3_600_000 : 240_000;
    const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
    const out = await proc.output();
    clearTimeout(timer);
    const stderr = new TextDecoder().decode(out.stderr);
    const lastCalls = stderr.split("\n").filter((l) => l.startsWith("CALL ")).slice(-3).join("\n");
    const other = stderr.split("\n").filter((l) => l && !l.startsWith("CALL ")).slice(0, 40).join("\n");
    assert.ok(
      out.success,
      `the fuzz child died (code ${out.code}, signal ${out.signal ?? "none"}) during:\n${lastCalls}\n${other}`,
    );
    const s: Summary = JSON.parse(Deno.readTextFileSync(`${dir}/summary.json`));
    console.log(
      `fuzz: ${s.calls} calls, ${s.targets} targets (${s.generatedTargets} generated overloads as functions/methods, ` +
        `${s.freeTargets} other functions, classes, methods, getters and setters) x ${s.junkValues} junk values; ` +
        `${s.targetsCalled} targets called; ${s.ok} returned; errors ${JSON.stringify(s.errors)}; ${
          s.seconds.toFixed(1)
        } s`,
    );
    assert.deepEqual(
      s.failures,
      [],
      `calls that threw a non-Error or corrupted memory:\n${
        s.failures.slice(0, 20).map((f) => `${f.label}(${f.args}): ${f.problem}`).join("\n")
      }`,
    );
    assert.equal(s.targetsCalled, Math.min(s.targets, s.calls), "every target was called");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
