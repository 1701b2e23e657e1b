/**
 * Parity with PyTorch for nn modules and functions: each case runs here and
 * in PyTorch (tests/nn/nn_oracle.py) on the same weights (dendrite's state
 * dict, loaded by name into the PyTorch module) and the same inputs
 * (exchanged as a safetensors file), forward in train or eval mode (both
 * sides seeded), then backward from sum_k (out_k * w_k) with
 * w_k = cos(0.37 i + k). Outputs, input and parameter gradients, buffers
 * after the forward (running statistics) and, with `initSeed`, the initial
 * weights for that seed are compared.
 */
import { type nn, torch } from "../../mod.ts";
import { deserialize, serialize } from "../../src/serialize/safetensors.ts";
import type { Operand } from "../../src/core/storage.ts";
import { pythonJson } from "../helpers/python.ts";

type Tensor = torch.Tensor;

/** One parity case. */
export interface ParityCase {
  id: string;
  /** PyTorch: a module expression (`nn.Conv2d(3, 4, 3, padding=1)`), or with `fn` a function (`lambda x0: F.pad(x0, (1, 1))`). */
  py: string;
  /** Ours: the module. */
  make?: () => nn.Module;
  /** Ours: the function (instead of a module). */
  fn?: (...xs: Tensor[]) => unknown;
  /** How the module is called on both sides (default m(x0, x1, ...)). */
  call?: { py: string; ts: (m: nn.Module, xs: Tensor[]) => unknown };
  /** The inputs (made by the test). */
  inputs: () => Tensor[];
  /** Which inputs require grad (default: the floating point ones). */
  grad?: boolean[];
  /** Training mode (default true). */
  train?: boolean;
  /** The seed both sides set right before the forward (dropout). */
  seed?: number;
  /** Also compare the initial weights of a module built after manualSeed(initSeed). */
  initSeed?: number;
  /** float64 module (PyTorch's m.double()). */
  double?: boolean;
  tol?: { rtol?: number; atol?: number };
}

/** The largest differences of one case. */
export interface ParityRow {
  id: string;
  /** max |ours - theirs| / max(1, |theirs|) over the outputs. */
  out: number;
  /** The same over every gradient (inputs and parameters). */
  grad: number;
  /** The same over the initial weights (NaN when not compared). */
  init: number;
  failures: string[];
}

const flatten = (o: unknown): Tensor[] =>
  o instanceof torch.Tensor ? [o] : Array.isArray(o) ? o.flatMap((x) => flatten(x)) : [];

function values(t: Tensor | Operand): Float64Array {
  const x = t instanceof torch.Tensor ? t : torch.Tensor._wrap(t as never);
  return new Float64Array((x.detach().to("float64").contiguous().reshape(-1).tolist() as number[]).map(Number));
}

/** Compares two tensors; returns the scaled max difference and an error text when out of tolerance. */
function compare(
  what: string,
  ours: Tensor | null | undefined,
  ref: Operand | undefined,
  tol: { rtol?: number; atol?: number } | undefined,
): [number, string | null] {
  if (!ref) return ours ? [0, `${what}: PyTorch has none`] : [0, null];
  if (!ours) return [0, `${what}: missing on our side`];
  const rs = [...ref.layout.shape];
  if (ours.shape.join() !== rs.join()) return [Infinity, `${what}: shape [${ours.shape}] vs [${rs}]`];
  const f64 = ref.storage.dtype === "float64";
  const a = values(ours), b = values(ref);
  let scale = 1;
  for (const v of b) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const atol = (tol?.atol ?? (f64 ? 1e-10 : 2e-5)) * scale, rtol = tol?.rtol ?? (f64 ? 1e-8 : 1e-4);
  let worst = 0, bad = -1;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y))) continue;
    const d = Math.abs(x - y);
    const rel = d / Math.max(1, Math.abs(y));
    if (!(rel <= worst)) worst = Number.isNaN(rel) ? Infinity : rel;
    if (!(d <= atol + rtol * Math.abs(y)) && bad < 0) bad = i;
  }
  return [
    worst,
    bad >= 0 ? `${what}: element ${bad}: ${a[bad]} vs ${b[bad]} (max rel ${worst.toExponential(2)})` : null,
  ];
}

function lossWeights(t: Tensor, k: number): Tensor {
  return torch.arange(t.numel(), { dtype: "float64" }).mul(0.37).add(k).cos().to(t.dtype).reshape(t.shape);
}

/** Runs the cases on both sides and returns one row per case (failures listed in it). */
export async function runParity(cases: ParityCase[]): Promise<ParityRow[]> {
  const dir = await Deno.makeTempDir({ prefix: "nn_parity_" });
  try {
    const tensors: Record<string, Operand> = {};
    const prepared = cases.map((c) => {
      const xs = c.inputs();
      xs.forEach((x, i) => (tensors[`${c.id}.in.${i}`] = x.detach().contiguous()));
      let m: nn.Module | null = null;
      if (c.make) {
        if (c.initSeed !== undefined) torch.manualSeed(c.initSeed);
        m = c.make();
        if (c.double) m.double();
        for (const [k, v] of Object.entries(m.stateDict())) tensors[`${c.id}.state.${k}`] = v.contiguous();
      }
      const grad = c.grad ?? xs.map((x) => x.isFloatingPoint());
      return { c, xs, m, grad };
    });
    const inPath = `${dir}/in.safetensors`, outPath = `${dir}/out.safetensors`;
    await Deno.writeFile(inPath, serialize(tensors));
    const req = {
      inputs: inPath,
      output: outPath,
      cases: prepared.map(({ c, xs, grad }) => ({
        id: c.id,
        kind: c.make ? "module" : "fn",
        py: c.py,
        call: c.call?.py ?? null,
        nin: xs.length,
        grad,
        train: c.train ?? true,
        seed: c.seed ?? 0,
        initSeed: c.initSeed ?? null,
        double: c.double ?? false,
      })),
    };
    const script = new URL("./nn_oracle.py", import.meta.url).pathname;
    const errors: Record<string, string> = await pythonJson([script], { stdin: JSON.stringify(req) });
    const ref = deserialize(await Deno.readFile(outPath)).tensors;
    return prepared.map(({ c, xs, m, grad }) => runOurs(c, xs, m, grad, ref, errors[c.id]));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function runOurs(
  c: ParityCase,
  inputs: Tensor[],
  m: nn.Module | null,
  grad: boolean[],
  ref: Record<string, Operand>,
  pyError: string | undefined,
): ParityRow {
  const row: ParityRow = { id: c.id, out: 0, grad: 0, init: NaN, failures: [] };
  if (pyError) {
    row.failures.push(`PyTorch raised ${pyError}`);
    return row;
  }
  const note = (r: [number, string | null], key: "out" | "grad" | "init") => {
    row[key] = Number.isNaN(row[key]) ? r[0] : Math.max(row[key], r[0]);
    if (r[1]) row.failures.push(r[1]);
  };
  if (m && c.initSeed !== undefined) {
    // the weights we built after manualSeed(initSeed) against PyTorch's
    for (const [k, v] of Object.entries(m.stateDict())) {
      note(compare(`init ${k}`, v, ref[`${c.id}.init.${k}`], c.tol), "init");
    }
  }
  try {
    const xs = inputs.map((x, i) => (grad[i] ? x.detach().requiresGrad_(true) : x));
    torch.manualSeed(c.seed ?? 0);
    let o: unknown;
    if (m) {
      m.train(c.train ?? true);
      o = c.call ? c.call.ts(m, xs) : m.forward(...xs);
    } else o = c.fn!(...xs);
    const outs = flatten(o);
    let loss: Tensor | null = null;
    outs.forEach((t, k) => {
      note(compare(`out ${k}`, t, ref[`${c.id}.out.${k}`], c.tol), "out");
      if (t.requiresGrad) {
        const term = t.mul(lossWeights(t, k)).sum();
        loss = loss ? loss.add(term) : term;
      }
    });
    if (ref[`${c.id}.out.${outs.length}`]) row.failures.push(`PyTorch returned more than ${outs.length} outputs`);
    if (loss) {
      (loss as Tensor).backward();
      xs.forEach((x, i) => {
        if (grad[i]) note(compare(`grad input ${i}`, x.grad, ref[`${c.id}.gin.${i}`], c.tol), "grad");
      });
      if (m) {
        for (const [n, p] of m.namedParameters()) {
          note(compare(`grad ${n}`, p.grad, ref[`${c.id}.gparam.${n}`], c.tol), "grad");
        }
      }
    }
    if (m) {
      for (const [n, b] of m.namedBuffers()) note(compare(`buffer ${n}`, b, ref[`${c.id}.buf.${n}`], c.tol), "out");
    }
  } catch (e) {
    row.failures.push(`dendrite raised ${(e as Error).stack ?? e}`);
  }
  return row;
}

/** Prints the rows as a table and throws listing every failing case. */
export function report(title: string, rows: ParityRow[]): void {
  const fmt = (x: number) => (Number.isNaN(x) ? "-" : x.toExponential(1));
  const lines = [`${title}: max |ours - PyTorch| / max(1, |PyTorch|)`, "case | output | gradients | init"];
  for (const r of rows) lines.push(`${r.id} | ${fmt(r.out)} | ${fmt(r.grad)} | ${fmt(r.init)}`);
  if (Deno.env.get("NN_PARITY_VERBOSE")) console.log(lines.join("\n"));
  const worst = rows.reduce((w, r) => Math.max(w, r.out, r.grad, Number.isNaN(r.init) ? 0 : r.init), 0);
  console.log(`${title}: ${rows.length} cases, largest scaled difference ${worst.toExponential(2)}`);
  const bad = rows.filter((r) => r.failures.length);
  if (bad.length) {
    throw new Error(
      `${bad.length} of ${rows.length} cases differ from PyTorch:\n` +
        bad.map((r) => `  ${r.id}:\n    ${r.failures.slice(0, 4).join("\n    ")}`).join("\n"),
    );
  }
}

/** Seeded random tensors for inputs. */
export function randn(seed: number, shape: number[], dtype: "float32" | "float64" = "float32"): Tensor {
  const g = new torch.Generator().manualSeed(seed);
  return torch.randn(shape, { generator: g, dtype });
}
/** Seeded random integers in [lo, hi). */
export function randint(seed: number, lo: number, hi: number, shape: number[]): Tensor {
  const g = new torch.Generator().manualSeed(seed);
  return torch.randint(lo, hi, shape, { generator: g });
}
