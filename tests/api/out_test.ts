/**
 * The `out` test: every declared op with an np or torch face (np.linalg and
 * torch.linalg included) whose overload has an `out` parameter is called as
 * a function with the registry's sample arguments (tests/api/registry.ts),
 * once without `out` and then with `out` given in the options object:
 *
 * - an `out` of exactly the result's shape and dtype must be returned
 *   itself and hold the result's values;
 * - (torch) an empty `out` of the result's dtype must be resized to the
 *   result's shape, returned itself, and hold the result's values.
 *
 * The full sample is used, or the required-only one where the full one
 * fails or does not return one array. Overloads where neither call
 * succeeds without `out` and returns one array (rather than a tuple, a
 * list or a JS scalar) are not checked (they are listed in the output).
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import type { Overload } from "../../src/api/define.ts";
import {
  type Bound,
  type Face,
  faces,
  lookup,
  type Override,
  overrideOf,
  sampleDtypes,
  sampleOf,
  sampleValue,
} from "./registry.ts";

type Arrayish = np.NDArray | torch.Tensor;
const isArrayObj = (v: unknown): v is Arrayish => v instanceof np.NDArray || v instanceof torch.Tensor;

/** The first line of an error's message. */
function errLine(e: unknown): string {
  const err = e as Error;
  return `${err?.constructor?.name ?? typeof e}: ${String(err?.message ?? e).split("\n")[0]}`;
}

function describe(v: unknown): string {
  if (isArrayObj(v)) return `${v.constructor.name}(${v.dtype} [${v.shape}])`;
  if (Array.isArray(v)) return `list(${v.length})`;
  return `${typeof v} ${String(v)}`;
}

/** Whether two `tolist()` values are equal (NaN equals NaN, floats within 1e-6 relative). */
function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => same(x, b[i]));
  }
  if (typeof a === "number" && typeof b === "number") {
    if (Object.is(a, b) || a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
    return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b)) + 1e-300;
  }
  return a === b;
}

/** A short text of a `tolist()` value. */
function short(v: unknown): string {
  const s = JSON.stringify(v, (_, x) => (typeof x === "bigint" ? `${x}n` : Number.isNaN(x) ? "NaN" : x));
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** An empty array of a shape and dtype on a face. */
function fresh(fe: "np" | "torch", shape: readonly number[], dtype: string): Arrayish {
  return fe === "np" ? np.empty([...shape], { dtype }) : torch.empty([...shape], { dtype });
}

/**
 * One call of an overload's function with its sample: the positional parameters before `out` (up to the
 * last supplied one) positionally, every other supplied parameter in the options object, `out` (when
 * given) there too.
 */
function caller(f: Face, name: string, ov: Override, bs: Bound[]): (out?: Arrayish) => unknown {
  const fn = lookup(f, { kind: "function", name });
  const outAt = bs.findIndex((b) => b.p.kind === "out");
  const before = bs.filter((b, j) => b.pos && j < outAt);
  let last = -1;
  before.forEach((b, j) => b.supplied && (last = j));
  const positional = before.slice(0, last + 1);
  // NumPy's concatenate (and stack, through it) takes `dtype` or `out`, not both: those calls go without dtype
  const noDtype = f.fe === "np" && ["concatenate", "concat", "stack"].includes(name);
  const options = bs.filter((b) => b.supplied && !positional.includes(b) && !(noDtype && b.p.name === "dtype"));
  return (out) => {
    const args: unknown[] = positional.map((b) =>
      b.supplied ? sampleValue(f.fe, b.v) : (b.p.default ?? null) as unknown
    );
    const opts: Record<string, unknown> = Object.fromEntries(options.map((b) => [b.p.name, sampleValue(f.fe, b.v)]));
    if (out !== undefined) opts.out = out;
    if (Object.keys(opts).length) args.push(opts);
    if (ov.seeded) torch.manualSeed(0);
    return fn(...args);
  };
}

/** A failure: `key` names the op, the check and the kind of problem (the same across sample dtypes). */
interface Failure {
  readonly key: string;
  readonly detail: string;
}

/** What the checks of one overload found. */
interface Outcome {
  failures: Failure[];
  /** Why it was not checked, when it was not. */
  skipped?: string;
}

/** Checks `out` on one function name of one overload with one sample dtype. */
function checkOne(f: Face, name: string, ov: Override, o: Overload, dtype: string): Outcome {
  const label = `${f.ns}.${name} [${f.fe}]`;
  // the full sample; the required-only one when that fails or does not return one array (a flag such as
  // nonzero's asTuple turned on)
  let call = caller(f, name, ov, sampleOf(f, o, ov, dtype, false));
  let want: unknown, why = "";
  try {
    want = call();
  } catch (e) {
    why = `sample call failed: ${errLine(e)}`;
  }
  if (!isArrayObj(want)) {
    why ||= `result is ${describe(want)}`;
    try {
      call = caller(f, name, ov, sampleOf(f, o, ov, dtype, true));
      want = call();
    } catch {
      return { failures: [], skipped: why };
    }
  }
  if (!isArrayObj(want)) return { failures: [], skipped: why };
  const shape = [...want.shape], rdtype = String(want.dtype), wantList = want.tolist();
  const failures: Failure[] = [];
  const verify = (what: string, out: Arrayish) => {
    const fail = (kind: string, detail: string) => failures.push({ key: `${label} ${what}: ${kind}`, detail });
    const before = `${describe(out)}`;
    let got: unknown;
    try {
      got = call(out);
    } catch (e) {
      fail(`threw ${errLine(e)}`, `out ${before}, result ${rdtype} [${shape}]`);
      return;
    }
    if (got !== out) fail("did not return out", `returned ${describe(got)}, out was ${before}`);
    if (String(out.dtype) !== rdtype) fail("out's dtype changed", `out became ${out.dtype}, the result is ${rdtype}`);
    if (JSON.stringify([...out.shape]) !== JSON.stringify(shape)) {
      fail("out has the wrong shape", `out ${describe(out)}, the result [${shape}]`);
      return;
    }
    if (ov.shapeOnly) return;
    const gotList = out.tolist();
    if (!same(gotList, wantList)) {
      fail("out holds the wrong values", `out holds ${short(gotList)}, the result is ${short(wantList)}`);
    }
  };
  verify("out of the result's shape and dtype", fresh(f.fe, shape, rdtype));
  if (f.fe === "torch") verify("empty out (shape [0]) to resize", torch.empty(0, { dtype: rdtype }));
  return { failures };
}

Deno.test("out: every op's `out` argument is written and returned (np and torch faces)", () => {
  const t0 = performance.now();
  /** failure key -> the sample dtypes it happened with and its first detail */
  const failures = new Map<string, { dtypes: string[]; detail: string }>();
  const skipped: string[] = [];
  let overloads = 0, checked = 0, calls = 0;
  for (const f of faces()) {
    f.surface.overloads.forEach((o, i) => {
      if (![...o.sig.pos, ...o.sig.kw].some((p) => p.kind === "out")) return;
      const ov = overrideOf(f, i);
      if (ov.exclude || f.surface.names.length === 0) return;
      overloads++;
      let any = false;
      const why: string[] = [];
      // every sample dtype on the first name; the main dtype on the other names (aliases)
      const runs = [
        ...sampleDtypes(f, ov).map((dt) => [f.surface.names[0], dt] as const),
        ...f.surface.names.slice(1).map((n) => [n, sampleDtypes(f, ov)[0]] as const),
      ];
      for (const [name, dt] of runs) {
        const r = checkOne(f, name, ov, o, dt);
        if (r.skipped) {
          why.push(`${dt}: ${r.skipped}`);
          continue;
        }
        any = true;
        calls++;
        for (const { key, detail } of r.failures) {
          const seen = failures.get(key) ?? { dtypes: [], detail: `${dt}: ${detail}` };
          if (!seen.dtypes.includes(dt)) seen.dtypes.push(dt);
          failures.set(key, seen);
        }
      }
      if (any) checked++;
      else skipped.push(`${f.ns}.${f.decl.name}#${i} [${f.fe}]: ${why[0]}`);
    });
  }
  const lines = [...failures].map(([key, { dtypes, detail }]) =>
    `${key} (sample dtypes ${dtypes.join(", ")}; e.g. ${detail})`
  );
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    `out: ${overloads} overloads with out, ${checked} checked (${calls} samples), ${skipped.length} not checked, ` +
      `${lines.length} failures, ${secs} s`,
  );
  if (skipped.length) console.log(`not checked:\n  ${skipped.join("\n  ")}`);
  assert.equal(lines.length, 0, `${lines.length} out failures:\n${lines.join("\n")}`);
});
