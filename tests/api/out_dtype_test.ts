/**
 * The `out` dtype audit: every declared op with an np or torch face whose
 * overload has an `out` parameter (the overloads, samples and call form of
 * tests/api/out_test.ts: the function form, the positional parameters
 * before `out` positionally, the rest in the options object) is called
 * with an `out` of the result's shape and each dtype of OUT_DTYPES, here
 * and in NumPy / PyTorch (one Python process per face, through
 * tests/helpers/oracle.py; Python's `out` has the shape of Python's own
 * result). Each side's answer is recorded: accepted (and what `out` then
 * holds) or rejected (the error's class and message). The report lists
 * every divergence by op, with the dtype rule each side follows, then the
 * ops by pattern; rejections on both sides with other messages, and
 * divergences that come from a result dtype dendrite lacks (NumPy's
 * float16 / int8), are listed apart.
 *
 * An optional `dtype` argument of the samples is left out (it changes the
 * result's dtype and NumPy's concatenate refuses it with `out`) unless the
 * calls without it fail; OUT_AUDIT_KEEP_DTYPE=1 keeps it. `requiresGrad`
 * is left out too (PyTorch then refuses any out but a float one).
 *
 * Run: deno test -A tests/api/out_dtype_test.ts (it fails on a divergence
 * not in KNOWN, and prints the whole report then). OUT_AUDIT_ONLY=regex
 * limits it to the op labels matching; OUT_AUDIT_VERBOSE=1 adds the Python
 * call to each example and prints the report always; OUT_AUDIT_JSON=path
 * writes every op's findings.
 */
import assert from "node:assert/strict";

/**
 * The divergences left on purpose, by op label, with why: `out` accepted
 * where the real library has none or refuses a dtype it cannot compute in
 * (a superset, no wrong value), and NumPy corner cases.
 */
const KNOWN: Record<string, string> = {
  // NumPy writes the sum into out, then divides there: a uint8 out wraps before the division
  "np.mean (mean#0) [np]": "NumPy's uint8 wrap-around before the division",
  "np.var (var#0) [np]": "NumPy's uint8 wrap-around before the division",
  // NumPy checks out's dtype against the input's (safe), then writes unsafely
  "np.take (take#0) [np]": "NumPy's reversed out rule for take",
  // PyTorch has no bool kernel for these factories; ours writes the cast values
  "torch.arange (arange#0) [torch]": "no bool kernel in PyTorch",
  "torch.linspace (linspace#0) [torch]": "no bool kernel in PyTorch",
  "torch.logspace (logspace#0) [torch]": "no bool kernel in PyTorch",
  "torch.randint (randint#0) [torch]": "no bool kernel in PyTorch",
  "torch.randint (randint#1) [torch]": "no bool kernel in PyTorch",
  "torch.randperm (randperm#0) [torch]": "no bool kernel in PyTorch",
};
import { np, torch } from "../../mod.ts";
import { type Case, type Encoded, ERROR_MAP, numpy, type OracleResult } from "../helpers/oracle.ts";
import {
  type Bound,
  type Call,
  type Face,
  faces,
  functionCall,
  overrideOf,
  raw,
  sampleDtypes,
  sampleOf,
  type V,
} from "./registry.ts";

/** The dtypes of `out` tried on every sample (dendrite's dtypes). */
const OUT_DTYPES = ["float64", "float32", "int64", "int32", "bool", "uint8"] as const;
/** Result dtypes the casting tables cover: dendrite's and those NumPy / PyTorch may give that it lacks. */
const FROM_DTYPES = [...OUT_DTYPES, "float16", "int8", "int16", "uint16", "uint32", "uint64"] as const;

const env = (name: string) => Deno.env.get(name) ?? "";
const KEEP_DTYPE = !!env("OUT_AUDIT_KEEP_DTYPE");
const VERBOSE = !!env("OUT_AUDIT_VERBOSE");
const ONLY = env("OUT_AUDIT_ONLY") ? new RegExp(env("OUT_AUDIT_ONLY")) : null;

type Arrayish = np.NDArray | torch.Tensor;
const isArrayObj = (v: unknown): v is Arrayish => v instanceof np.NDArray || v instanceof torch.Tensor;

/** What one side did with one `out`. */
type Outcome =
  | {
    readonly ok: true;
    /** `out`'s values afterwards (flat). */
    readonly values: unknown[];
    /** Irregularities: the call returned something else than `out`, `out`'s dtype or shape changed. */
    readonly notes: string[];
  }
  | { readonly ok: false; readonly error: string; readonly message: string; readonly thrown?: unknown };

/** One overload called by one name with one sample dtype. */
interface Sample {
  readonly face: Face;
  readonly i: number;
  readonly name: string;
  readonly label: string;
  /** The sample dtype (of the first array argument), with a note when `dtype` was kept. */
  readonly dt: string;
  /** Our result's dtype without `out`. */
  readonly rdtype: string;
  readonly shapeOnly: boolean;
  /** Our outcome for each of OUT_DTYPES. */
  readonly ours: Outcome[];
  /** The Python cases: the call without `out`, then one per OUT_DTYPES. */
  readonly cases: Case[];
  /** The Python call with `out` (OUT). */
  readonly pyExpr: string;
}

/** The first line of an error's message. */
const firstLine = (s: unknown) => String(s).split("\n")[0];

/** The flat `tolist()` of an array (bigints as numbers). */
function flat(v: unknown, into: unknown[] = []): unknown[] {
  if (Array.isArray(v)) v.forEach((x) => flat(x, into));
  else into.push(typeof v === "bigint" ? Number(v) : v);
  return into;
}

/** An empty array of a shape and dtype on a face. */
function fresh(fe: "np" | "torch", shape: readonly number[], dtype: string): Arrayish {
  return fe === "np" ? np.empty([...shape], { dtype }) : torch.empty([...shape], { dtype });
}

/**
 * The argument lists of out_test's call form: the positional parameters before `out` (up to the last
 * supplied one; unsupplied ones as their default) positionally, every other supplied parameter in the
 * options object; with `out` there too when `outV` is given.
 */
function split(bs: Bound[], outV?: V): { positional: Bound[]; options: Bound[] } {
  const outAt = bs.findIndex((b) => b.p.kind === "out");
  const before = bs.filter((b, j) => b.pos && j < outAt);
  let last = -1;
  before.forEach((b, j) => b.supplied && (last = j));
  const prefix = before.slice(0, last + 1);
  const positional = prefix.map((b) => (b.supplied ? b : { ...b, v: (b.p.default ?? null) as V }));
  const options = bs.filter((b) => b.supplied && !prefix.includes(b));
  if (outV !== undefined) options.push({ p: bs[outAt].p, pos: false, v: outV, supplied: true });
  return { positional, options };
}

/** Python's empty `out` of `dtype` with the shape of R (Python's result without `out`). */
const pyOut = (fe: string, dtype: string) =>
  fe === "np" ? `np.empty(np.shape(R), dtype="${dtype}")` : `torch.empty(tuple(R.shape), dtype=torch.${dtype})`;

/** Builds one sample (or the reason why no call without `out` returns one array here). */
function makeSample(f: Face, i: number, name: string, dt: string): Sample | string {
  const ov = overrideOf(f, i);
  const o = f.surface.overloads[i];
  let why = "";
  // the full sample, then the required-only one (as out_test), first without an optional `dtype`
  const tries = [[false, !KEEP_DTYPE], [true, !KEEP_DTYPE], [false, false], [true, false]] as const;
  for (const [k, [requiredOnly, dropDtype]] of tries.entries()) {
    // requiresGrad: true (the generic sample) makes PyTorch refuse every out but a float one
    const drop = (b: Bound) => (dropDtype && b.p.kind === "dtype" && b.p.optional) || b.p.name === "requiresGrad";
    const bs = sampleOf(f, o, ov, dt, requiredOnly).map((b) => drop(b) ? { ...b, v: undefined, supplied: false } : b);
    const dtypeArg = bs.find((b) => b.p.kind === "dtype" && b.supplied);
    // the tries with `dtype` kept (when it was dropped): only where the sample has one
    if (k >= 2 && (KEEP_DTYPE || !dtypeArg)) continue;
    const plain = split(bs);
    const noOut = functionCall(f, i, name, bs, plain.positional, plain.options);
    let want: unknown;
    try {
      want = noOut.ours();
    } catch (e) {
      why ||= `sample call failed: ${(e as Error).constructor.name}: ${firstLine((e as Error).message)}`;
      continue;
    }
    if (!isArrayObj(want)) {
      why ||= `result is not one array`;
      continue;
    }
    const holder: { out: Arrayish | null } = { out: null };
    const withOut: Call = (() => {
      const s = split(bs, raw(() => holder.out, "OUT"));
      return functionCall(f, i, name, bs, s.positional, s.options);
    })();
    const shape = [...want.shape], rdtype = String(want.dtype);
    const ours = OUT_DTYPES.map((odt): Outcome => {
      const out = fresh(f.fe, shape, odt);
      holder.out = out;
      let got: unknown;
      try {
        got = withOut.ours();
      } catch (e) {
        const error = (e as Error)?.constructor?.name ?? typeof e;
        return { ok: false, error, message: firstLine((e as Error)?.message ?? e), thrown: e };
      }
      const notes: string[] = [];
      if (got !== out) notes.push(`returned ${isArrayObj(got) ? `another array (${got.dtype})` : typeof got}`);
      if (String(out.dtype) !== odt) notes.push(`out's dtype became ${out.dtype}`);
      if (JSON.stringify([...out.shape]) !== JSON.stringify(shape)) notes.push(`out's shape became [${out.shape}]`);
      return { ok: true, values: flat(out.tolist()), notes };
    });
    const setup = (noOut.c.setup ?? "").trim();
    const pyExpr = withOut.c.expr;
    const cases: Case[] = [
      noOut.c,
      ...OUT_DTYPES.map((odt) => ({
        expr: `(lambda r: (str(r is OUT), OUT))(${pyExpr})`,
        inputs: withOut.c.inputs,
        setup: [setup, `R = ${noOut.c.expr}`, `OUT = ${pyOut(f.fe, odt)}`, setup].filter(Boolean).join("\n"),
        torch: f.fe === "torch",
      })),
    ];
    return {
      face: f,
      i,
      name,
      label: labelOf(f, i, name),
      dt: dtypeArg && !KEEP_DTYPE ? `${dt} (dtype=${dtypeArg.v} kept)` : dt,
      rdtype,
      shapeOnly: ov.shapeOnly ?? false,
      ours,
      cases,
      pyExpr,
    };
  }
  return why;
}

const labelOf = (f: Face, i: number, name: string) => `${f.ns}.${name} (${f.decl.name}#${i}) [${f.fe}]`;

/** The casting tables of both libraries (computed by them): np.can_cast's same_kind and safe, torch.can_cast. */
function castCases(): { rule: string; from: string; to: string; c: Case }[] {
  const out: { rule: string; from: string; to: string; c: Case }[] = [];
  for (const from of FROM_DTYPES) {
    for (const to of OUT_DTYPES) {
      for (const rule of ["same_kind", "safe"]) {
        out.push({ rule, from, to, c: { expr: `str(np.can_cast("${from}", "${to}", "${rule}"))` } });
      }
      const c = { expr: `str(torch.can_cast(torch.${from}, torch.${to}))`, torch: true };
      out.push({ rule: "canCast", from, to, c });
    }
  }
  return out;
}

const decode = (v: unknown): unknown =>
  typeof v === "string" ? (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : Number(v)) : v;

/** Whether two flat value lists agree (floats within rtol 1e-5 / atol 1e-6, NaN equal to NaN). */
function sameValues(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, k) => {
    const y = b[k];
    if (typeof x === "number" && typeof y === "number") {
      if (Object.is(x, y) || x === y || (Number.isNaN(x) && Number.isNaN(y))) return true;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
      return Math.abs(x - y) <= 1e-6 + 1e-5 * Math.abs(y);
    }
    return x === y;
  });
}

/** A short text of a value list. */
function short(v: unknown[]): string {
  const s = JSON.stringify(v, (_, x) => (Number.isNaN(x) ? "NaN" : x));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Python's outcome of one `out` case. */
function theirOutcome(r: OracleResult): Outcome {
  if ("error" in r) return { ok: false, error: r.error, message: firstLine(r.message) };
  const v = r.value as { tuple: Encoded[] };
  const [same, arr] = v.tuple as [{ str: string }, { data: unknown[] }];
  return { ok: true, values: arr.data.map(decode), notes: same.str === "True" ? [] : ["did not return out"] };
}

/** The rules an accepted set of out dtypes fits, given the result's dtype. */
function rulesOf(
  rdtype: string,
  accepted: readonly string[],
  cast: (rule: string, from: string, to: string) => boolean | undefined,
): string[] {
  const eq = (xs: readonly string[]) => xs.length === accepted.length && xs.every((x) => accepted.includes(x));
  if (accepted.length === 0) return ["none"];
  const names: string[] = [];
  if (eq([rdtype])) names.push("exact");
  if (accepted.length === 1 && accepted[0] !== rdtype) names.push(`${accepted[0]} only`);
  for (const rule of ["same_kind", "safe", "canCast"]) {
    if (eq(OUT_DTYPES.filter((d) => cast(rule, rdtype, d)))) names.push(rule);
  }
  if (accepted.length === OUT_DTYPES.length) names.push("any");
  return names.length ? names : [`{${accepted.join(",")}}`];
}

/** A difference between our outcome and theirs on one out dtype. */
interface Divergence {
  readonly kind: string;
  readonly dt: string;
  readonly odt: string;
  readonly ours: string;
  readonly theirs: string;
  readonly expr: string;
}

const text = (o: Outcome) => (o.ok ? `accepted ${short(o.values)}` : `${o.error}: ${o.message}`);

/** The difference on one out dtype (null: none); `minor` when both reject with other messages. */
function divergence(
  s: Sample,
  k: number,
  ours: Outcome,
  theirs: Outcome,
  lib: string,
): (Divergence & { minor: boolean }) | null {
  const base = { dt: s.dt, odt: OUT_DTYPES[k], ours: text(ours), theirs: text(theirs), expr: s.pyExpr };
  const major = (kind: string) => ({ kind, minor: false, ...base });
  if (ours.ok && !theirs.ok) return major(`we accept, ${lib} rejects`);
  if (!ours.ok && theirs.ok) return major(`we reject, ${lib} accepts`);
  if (ours.ok && theirs.ok) {
    if (ours.notes.length) return major(`ours accepted but ${ours.notes.join(", ")}`);
    if (theirs.notes.length) return major(`${lib}: ${theirs.notes.join(", ")}`);
    if (!s.shapeOnly && !sameValues(ours.values, theirs.values)) return major("values differ");
    return null;
  }
  if (!ours.ok && !theirs.ok) {
    const classes = ERROR_MAP[theirs.error] ?? [Error];
    if (!classes.some((C) => ours.thrown instanceof C)) {
      return major(`both reject, error class ${ours.error} for ${lib}'s ${theirs.error}`);
    }
    if (ours.message !== theirs.message) return { kind: "both reject, other messages", minor: true, ...base };
  }
  return null;
}

/** What the audit found for one op name (face, overload, name). */
interface OpReport {
  readonly label: string;
  readonly lib: string;
  readonly divs: Divergence[];
  /** Both sides reject with other messages. */
  readonly msgs: Divergence[];
  /** Divergences on samples whose Python result has a dtype dendrite lacks. */
  readonly lacking: Divergence[];
  /** Each side's rules per sample dtype (`in->result`), samples with a lacking dtype apart. */
  readonly theirRules: Map<string, string[]>;
  readonly ourRules: Map<string, string[]>;
  /** Python's result dtype per sample dtype, where it differs from ours. */
  readonly dtypeDiffs: string[];
}

/** The rule across sample dtypes: the names every one fits, else each dtype's. */
function summary(rules: Map<string, string[]>): string {
  const all = [...rules.values()];
  const common = all[0]?.filter((r) => all.every((rs) => rs.includes(r))) ?? [];
  return common.length ? common.join("|") : [...rules].map(([dt, rs]) => `${dt}: ${rs.join("|")}`).join("; ");
}

/** Lines for a list of divergences: by kind, the (in -> out) pairs, then one example. */
function describeDivs(ds: readonly Divergence[], lib: string): string[] {
  const byKind = new Map<string, Divergence[]>();
  for (const d of ds) {
    if (!byKind.has(d.kind)) byKind.set(d.kind, []);
    byKind.get(d.kind)!.push(d);
  }
  const lines: string[] = [];
  for (const [kind, xs] of byKind) {
    const e = xs[0];
    lines.push(`    ${kind}: ${xs.map((d) => `${d.dt}->${d.odt}`).join(", ")}`);
    lines.push(`        e.g. ${e.dt}->${e.odt}: ours ${e.ours} | ${lib} ${e.theirs}`);
    if (VERBOSE) lines.push(`        ${e.expr}`);
  }
  return lines;
}

Deno.test("out dtype audit: every op's `out` of every dtype, accepted or rejected as NumPy / PyTorch", async () => {
  const t0 = performance.now();
  const samples: Sample[] = [];
  const unchecked: string[] = [];
  for (const f of faces()) {
    f.surface.overloads.forEach((o, i) => {
      // an `out=` parameter (np.copyto's dst and np.put's a are written arrays, not outs)
      if (![...o.sig.pos, ...o.sig.kw].some((p) => p.kind === "out" && p.name === "out")) return;
      const ov = overrideOf(f, i);
      if (ov.exclude || f.surface.names.length === 0) return;
      // every sample dtype on the first name; the main dtype on the other names (aliases), as out_test
      const dts = sampleDtypes(f, ov);
      const runs = [
        ...dts.map((dt) => [f.surface.names[0], dt] as const),
        ...f.surface.names.slice(1).map((n) => [n, dts[0]] as const),
      ];
      for (const [name, dt] of runs) {
        if (ONLY && !ONLY.test(labelOf(f, i, name))) continue;
        const s = makeSample(f, i, name, dt);
        if (typeof s === "string") unchecked.push(`${labelOf(f, i, name)} ${dt}: ${s}`);
        else samples.push(s);
      }
    });
  }
  const tOurs = performance.now();
  // the Python side: one process per face, each with its casting tables
  const casts = castCases();
  const npS = samples.filter((s) => s.face.fe === "np"), tS = samples.filter((s) => s.face.fe === "torch");
  const npCasts = casts.filter((c) => !c.c.torch), tCasts = casts.filter((c) => c.c.torch);
  const [npRes, tRes] = await Promise.all([
    numpy([...npS.flatMap((s) => s.cases), ...npCasts.map((c) => c.c)]),
    numpy([...tS.flatMap((s) => s.cases), ...tCasts.map((c) => c.c)]),
  ]);
  const per = OUT_DTYPES.length + 1;
  const table = new Map<string, boolean>();
  const takeCasts = (cs: typeof casts, res: OracleResult[]) =>
    cs.forEach((c, k) => {
      const r = res[k];
      if ("value" in r) table.set(`${c.rule} ${c.from} ${c.to}`, (r.value as { str: string }).str === "True");
    });
  takeCasts(npCasts, npRes.slice(npS.length * per));
  takeCasts(tCasts, tRes.slice(tS.length * per));
  const cast = (rule: string, from: string, to: string) => table.get(`${rule} ${from} ${to}`);

  const ops = new Map<string, OpReport>();
  const pyFailed: string[] = [];
  const analyse = (group: Sample[], res: OracleResult[]) =>
    group.forEach((s, n) => {
      const rs = res.slice(n * per, (n + 1) * per);
      const lib = s.face.fe === "np" ? "NumPy" : "PyTorch";
      const r0 = rs[0];
      if ("error" in r0 || !("dtype" in r0.value)) {
        const why = "error" in r0 ? `${r0.error}: ${firstLine(r0.message)}` : "Python's result is not one array";
        pyFailed.push(`${s.label} ${s.dt}: ${why}\n      ${s.cases[0].expr}`);
        return;
      }
      const theirDtype = r0.value.dtype;
      const lacking = !(OUT_DTYPES as readonly string[]).includes(theirDtype);
      const rep: OpReport = ops.get(s.label) ?? {
        label: s.label,
        lib,
        divs: [],
        msgs: [],
        lacking: [],
        theirRules: new Map(),
        ourRules: new Map(),
        dtypeDiffs: [],
      };
      ops.set(s.label, rep);
      if (theirDtype !== s.rdtype) rep.dtypeDiffs.push(`${s.dt}: ours ${s.rdtype}, ${lib} ${theirDtype}`);
      const theirs = rs.slice(1).map(theirOutcome);
      theirs.forEach((t, k) => {
        const d = divergence(s, k, s.ours[k], t, lib);
        // (where Python's result has a dtype dendrite lacks, the messages name it: those are not listed)
        if (d && !(lacking && d.minor)) (lacking ? rep.lacking : d.minor ? rep.msgs : rep.divs).push(d);
      });
      const acc = (os: Outcome[]) => OUT_DTYPES.filter((_, k) => os[k].ok);
      // samples whose Python result dtype dendrite lacks keep their rules out of the op's summary
      if (!lacking) {
        rep.theirRules.set(`${s.dt}->${theirDtype}`, rulesOf(theirDtype, acc(theirs), cast));
        rep.ourRules.set(`${s.dt}->${s.rdtype}`, rulesOf(s.rdtype, acc(s.ours), cast));
      }
    });
  analyse(npS, npRes);
  analyse(tS, tRes);

  const lines: string[] = [], msgLines: string[] = [], lackLines: string[] = [];
  const patterns = new Map<string, string[]>();
  let divCount = 0, msgCount = 0, lackCount = 0;
  const unexpected: string[] = [];
  for (const rep of ops.values()) {
    const theirs = summary(rep.theirRules), ours = summary(rep.ourRules);
    const head = `${rep.label}: ${rep.lib} ${theirs}; ours ${ours}`;
    if (rep.divs.length) {
      divCount += rep.divs.length;
      if (!(rep.label in KNOWN)) unexpected.push(rep.label);
      const pattern = `[${rep.lib}] ${rep.lib} ${theirs} / ours ${ours}`;
      if (!patterns.has(pattern)) patterns.set(pattern, []);
      patterns.get(pattern)!.push(rep.label.replace(/ \[\w+\]$/, ""));
      lines.push(head);
      if (rep.dtypeDiffs.length) lines.push(`    result dtypes differ: ${rep.dtypeDiffs.join(", ")}`);
      lines.push(...describeDivs(rep.divs, rep.lib));
    }
    if (rep.msgs.length) {
      msgCount += rep.msgs.length;
      msgLines.push(`${rep.label}:`, ...describeDivs(rep.msgs, rep.lib).slice(0, 3));
    }
    if (rep.lacking.length) {
      lackCount += rep.lacking.length;
      lackLines.push(`${rep.label}: ${rep.dtypeDiffs.join(", ")}`, ...describeDivs(rep.lacking, rep.lib));
    }
  }
  const agreeing = [...ops.values()].filter((r) => r.divs.length === 0);
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  const report = [
    `out dtype audit: ${samples.length} samples (${ops.size} op names) x ${OUT_DTYPES.length} out dtypes` +
    `${KEEP_DTYPE ? " (dtype kept)" : ""}; ${divCount} divergences in ${lines.length ? patterns.size : 0} patterns, ` +
    `${msgCount} rejections with other messages, ${lackCount} from dtypes dendrite lacks; ` +
    `${unchecked.length} samples not run here, ${pyFailed.length} not run in Python; ` +
    `ours ${((tOurs - t0) / 1000).toFixed(1)} s, total ${secs} s`,
    "",
    `== agreeing (${agreeing.length} op names; rule of PyTorch / NumPy) ==`,
    ...agreeing.map((r) => `  ${r.label}: ${summary(r.theirRules)}`),
    "",
    "== not run here (no call without out returns one array) ==",
    ...unchecked.map((u) => `  ${u}`),
    "",
    "== not run in Python (the call without out fails there) ==",
    ...pyFailed.map((u) => `  ${u}`),
    "",
    `== both reject, other messages (${msgCount}) ==`,
    ...msgLines,
    "",
    `== from result dtypes dendrite lacks (${lackCount}) ==`,
    ...lackLines,
    "",
    `== divergences (${divCount}; rules fitted over the sample dtypes: exact = the result's dtype only; ` +
    "same_kind/safe: np.can_cast's; canCast: torch.can_cast's; any: every out dtype tried) ==",
    ...lines,
    "",
    "== divergences by pattern ==",
    ...[...patterns].map(([p, labels]) => `  ${p}:\n      ${labels.join(", ")}`),
  ];
  const json = env("OUT_AUDIT_JSON");
  if (json) {
    const dump = [...ops.values()].map((r) => ({
      ...r,
      theirRules: Object.fromEntries(r.theirRules),
      ourRules: Object.fromEntries(r.ourRules),
    }));
    Deno.writeTextFileSync(json, JSON.stringify({ ops: dump, unchecked, pyFailed }, null, 1));
  }
  if (unexpected.length || env("OUT_AUDIT_VERBOSE")) console.log(report.join("\n"));
  else console.log(report[0]);
  assert.deepEqual(unexpected, [], `out dtype divergences beyond KNOWN (the report above lists them all)`);
});
