/**
 * `deno task test`: prepares what the test suite compares against, then runs
 * it. The oracles are Python packages (NumPy, PyTorch, TensorBoard,
 * safetensors, Pillow, torchvision): when the system Python lacks them, a virtual
 * environment under the dendrite cache folder gets them (once), and the
 * tests run with its `python3` first on PATH. What a script cannot install
 * (system packages) stops the run at once with the command that installs it,
 * rather than failing a hundred tests later.
 *
 * Arguments are passed to `deno test` (e.g. a test file to run alone); with
 * none, the doc examples are type-checked too, alongside the tests.
 * DENDRITE_TEST_ALLOW_MISSING=1 runs anyway, with the tests that need a
 * missing package skipped.
 */
import { preferredCacheDir } from "../ffi/cache.ts";

/** The Python modules the oracles import, and the pip requirement giving each. */
const PYTHON_PACKAGES: [module: string, requirement: string][] = [
  ["numpy", "numpy"],
  ["torch", "torch==2.13.0+cpu"],
  ["tensorboard", "tensorboard"],
  ["safetensors", "safetensors"],
  ["PIL", "pillow"],
  // the vision oracle; without its dependencies (the CPU torch above is the one it must use), and only looked up,
  // not imported (tests/vision/tv_oracle.py imports it past its CUDA build's failing ops)
  ["torchvision", "torchvision==0.28.0"],
];
/** Modules checked by lookup and installed with --no-deps (see above). */
const LOOKUP_ONLY = new Set(["torchvision"]);

/** System packages the suite needs: a check, and the Debian package that satisfies it. */
const SYSTEM_PACKAGES: [what: string, present: () => Promise<boolean>, apt: string][] = [
  ["a C compiler", () => succeeds("cc", ["--version"]), "gcc"],
  ["Chromium (renders plots)", async () => await onPath("chromium") || await onPath("chromium-browser"), "chromium"],
  ["Fashion-MNIST (data and demo tests)", () => exists("/usr/share/datasets/fashion-mnist"), "dataset-fashion-mnist"],
];

async function succeeds(cmd: string, args: string[], env?: Record<string, string>): Promise<boolean> {
  try {
    const r = await new Deno.Command(cmd, { args, env, stdout: "null", stderr: "null" }).output();
    return r.success;
  } catch {
    return false;
  }
}

const onPath = (name: string) => succeeds("sh", ["-c", `command -v ${name}`]);

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The Python modules `python` cannot import. */
async function missingModules(python: string): Promise<string[]> {
  const missing: string[] = [];
  for (const [module] of PYTHON_PACKAGES) {
    const probe = LOOKUP_ONLY.has(module)
      ? `import importlib.util, sys; sys.exit(importlib.util.find_spec("${module}") is None)`
      : `import ${module}`;
    if (!await succeeds(python, ["-c", probe])) missing.push(module);
  }
  return missing;
}

function stop(message: string): never {
  console.error(`deno task test: ${message}`);
  Deno.exit(2);
}

/** A bin folder whose python3 has every oracle module; null when the system one does. */
async function oraclePython(): Promise<string | null> {
  if (!await succeeds("python3", ["--version"])) {
    stop("the test oracles need Python 3; install it with: apt-get install -y python3 python3-venv");
  }
  if ((await missingModules("python3")).length === 0) return null;
  const cache = preferredCacheDir() ?? `${Deno.cwd()}/.cache/dendrite`;
  const venv = `${cache}/test-venv`;
  const python = `${venv}/bin/python3`;
  if (!await exists(python)) {
    console.error(`deno task test: creating a Python environment for the test oracles in ${venv} (first run only)`);
    // system site packages: a NumPy or PyTorch the machine already has is reused, not downloaded again
    if (!await succeeds("python3", ["-m", "venv", "--system-site-packages", venv])) {
      stop(`could not create ${venv}; install venv support with: apt-get install -y python3-venv`);
    }
  }
  let missing = await missingModules(python);
  if (missing.length === 0) return `${venv}/bin`;
  const wanted = PYTHON_PACKAGES.filter(([m]) => missing.includes(m));
  const reqs = wanted.map(([, r]) => r);
  console.error(`deno task test: installing ${reqs.join(", ")} into ${venv}`);
  const install = (args: string[]) => new Deno.Command(python, { args: ["-m", "pip", "install", ...args] }).output();
  const plain = wanted.filter(([m]) => !LOOKUP_ONLY.has(m)).map(([, r]) => r);
  const noDeps = wanted.filter(([m]) => LOOKUP_ONLY.has(m)).map(([, r]) => r);
  const pip = {
    success: (plain.length === 0 || (await install(plain)).success) &&
      (noDeps.length === 0 || (await install(["--no-deps", ...noDeps])).success),
  };
  missing = await missingModules(python);
  if (!pip.success || missing.length > 0) {
    stop(
      `could not install the Python oracles (${missing.join(", ")}); run: ${python} -m pip install ${reqs.join(" ")}`,
    );
  }
  return `${venv}/bin`;
}

/**
 * Starts tests/helpers/py_server.py, the oracles' fork server (NumPy and PyTorch imported once for the few hundred
 * oracle runs, each of which imported them anew: seconds apiece), with its socket in `dir`; null, with a notice,
 * when it does not come up (the tests then start their own Python processes).
 */
async function startPythonServer(
  dir: string,
  env: Record<string, string>,
): Promise<{ socket: string; process: Deno.ChildProcess } | null> {
  const socket = `${dir}/py_server.sock`;
  const script = new URL("../tests/helpers/py_server.py", import.meta.url).pathname;
  const process = new Deno.Command("python3", { args: [script, socket], env, stdout: "null", stderr: "inherit" })
    .spawn();
  let exited = false;
  process.status.then(() => exited = true);
  // the socket is bound (and listening) once the imports are done; one that never comes leaves the tests to start
  // their own
  for (let waited = 0; waited < 60_000 && !exited; waited += 100) {
    if (await exists(socket)) return { socket, process };
    await new Promise((r) => setTimeout(r, 100));
  }
  console.error("deno task test: the Python oracle server did not start; each oracle run starts its own Python");
  try {
    process.kill();
  } catch { /* exited already */ }
  return null;
}

async function main(): Promise<void> {
  const absent: string[] = [];
  for (const [what, present, apt] of SYSTEM_PACKAGES) {
    if (!await present()) {
      console.error(`deno task test: missing ${what}`);
      absent.push(apt);
    }
  }
  if (absent.length > 0 && Deno.env.get("DENDRITE_TEST_ALLOW_MISSING") !== "1") {
    stop(
      `install the missing system packages first:\n  sudo apt-get update && sudo apt-get install -y ${
        absent.join(" ")
      }\n` +
        "(or set DENDRITE_TEST_ALLOW_MISSING=1 to run with the tests that need them skipped)",
    );
  }
  const bin = await oraclePython();
  // one temporary folder for the whole run (TMPDIR: Deno's, Python's and Chromium's temporary files land in it),
  // removed afterwards: what a test leaves behind, or a test killed midway, does not pile up in /tmp
  const tmp = await Deno.makeTempDir({ prefix: "dendrite-tests-" });
  const env: Record<string, string> = { TMPDIR: tmp };
  if (bin) env.PATH = `${bin}:${Deno.env.get("PATH") ?? ""}`;
  // the doc examples run in tests/doc_examples_test.ts, one isolate for all of them (`--doc` started a process per
  // example, more than half the suite's time); when the whole suite runs they are type-checked here, as `--doc` did,
  // alongside the tests' own type-check (one thread each)
  const docCheck = Deno.args.length > 0 ? null : new Deno.Command(Deno.execPath(), {
    args: ["check", "--doc-only", ".", "README.md"],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  const server = await startPythonServer(tmp, env);
  if (server) env.DENDRITE_PY_SERVER = server.socket;
  const test = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--parallel", ...Deno.args],
    env,
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  });
  let code = 1;
  try {
    code = (await test.output()).code;
    if (docCheck && !(await docCheck).success) {
      console.error("deno task test: the doc examples do not type-check (deno check --doc-only . README.md)");
      code ||= 1;
    }
  } finally {
    if (server) {
      try {
        server.process.kill();
      } catch { /* it exited already */ }
      await server.process.status;
    }
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
  Deno.exit(code);
}

await main();
