/**
 * Every example runs to the end in its small-size mode
 * (DENDRITE_EXAMPLE_QUICK=1, plus the arguments below), in an empty
 * temporary folder (they write logs/, plots/, runs/ there), two at a time.
 * A new example is picked up by being in examples/; one that throws or
 * exits non-zero fails its test with its stderr.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url).pathname;
const DEMO_ARGS: Record<string, string[]> = {
  "optimizers_compared.ts": ["--epochs", "3", "--out", "curves.html"],
  "ddp_fashion_mnist.ts": ["--epochs", "1", "--limit", "512"],
};
/** Helpers imported by the examples, not examples themselves. */
const NOT_EXAMPLES = new Set(["quick.ts"]);
const CONCURRENCY = 2;

const onPath = async (cmd: string) =>
  (await new Deno.Command("sh", { args: ["-c", `command -v ${cmd}`], stdout: "null" }).output()).success;
const hasMpirun = await onPath("mpirun");

const names = [...Deno.readDirSync(`${ROOT}examples`)]
  .map((e) => e.name)
  .filter((n) => n.endsWith(".ts") && !NOT_EXAMPLES.has(n))
  .sort();

interface Outcome {
  code: number;
  out: string;
  err: string;
  seconds: number;
}

async function runExample(name: string): Promise<Outcome> {
  const cwd = await Deno.makeTempDir({ prefix: `example-${name.slice(0, -3)}-` });
  try {
    const script = [Deno.execPath(), "run", "-A", `${ROOT}examples/${name}`, ...(DEMO_ARGS[name] ?? [])];
    // the data-parallel example needs its processes started by mpirun
    const cmd = name.startsWith("ddp_")
      ? ["mpirun", "-np", "2", "--oversubscribe", "--allow-run-as-root", ...script]
      : script;
    const t0 = performance.now();
    const r = await new Deno.Command(cmd[0], {
      args: cmd.slice(1),
      cwd,
      env: { DENDRITE_EXAMPLE_QUICK: "1", NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return {
      code: r.code,
      out: dec.decode(r.stdout),
      err: dec.decode(r.stderr),
      seconds: (performance.now() - t0) / 1e3,
    };
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
}

// started together, CONCURRENCY at a time; each test awaits its own
const runnable = names.filter((n) => !n.startsWith("ddp_") || hasMpirun);
const outcomes = new Map<string, Promise<Outcome>>();
{
  let next = 0;
  const resolvers = new Map<string, (o: Outcome | Error) => void>();
  for (const n of runnable) {
    outcomes.set(n, new Promise((res, rej) => resolvers.set(n, (o) => (o instanceof Error ? rej(o) : res(o)))));
    outcomes.get(n)!.catch(() => {}); // reported by the example's test
  }
  const worker = async () => {
    while (next < runnable.length) {
      const n = runnable[next++];
      try {
        resolvers.get(n)!(await runExample(n));
      } catch (e) {
        resolvers.get(n)!(e as Error);
      }
    }
  };
  for (let i = 0; i < CONCURRENCY; i++) worker();
}

Deno.test("the tutorial's examples are all there", () => {
  for (
    const n of [
      "numpy_basics",
      "numpy_batching",
      "numpy_broadcasting",
      "tensor_basics",
      "tensor_indexing",
      "tensor_reductions",
      "tensor_linalg",
      "autograd_basics",
      "nn_module_and_functional",
      "optimizers_compared",
      "data_loading",
      "vision_transforms",
      "tensorboard_logging",
      "linear_regression",
      "fashion_mnist_mlp",
      "fashion_mnist_cnn",
    ]
  ) assert.ok(names.includes(`${n}.ts`), `examples/${n}.ts is missing`);
});

for (const name of names) {
  const ignore = name.startsWith("ddp_") && !hasMpirun;
  Deno.test({
    name: `examples/${name} runs${ignore ? " (skipped: no mpirun on PATH; apt-get install openmpi-bin)" : ""}`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      const o = await outcomes.get(name)!;
      assert.equal(o.code, 0, `exit code ${o.code} after ${o.seconds.toFixed(1)} s\n${o.err.slice(-3000)}`);
      assert.ok(o.out.trim().length > 0, "printed nothing");
      assert.doesNotMatch(o.err, /Uncaught|error:/, o.err.slice(-3000));
    },
  });
}
