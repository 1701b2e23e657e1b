/**
 * The registry test: every declared op with an np or torch face (np.linalg
 * and torch.linalg included), every overload, in every call form (all
 * positional, all options, each positional prefix with the rest as
 * options, spread varargs), as a function, a method and an in-place twin,
 * compared with NumPy / PyTorch called the same way from Python; plus bad
 * calls (an unknown option, a wrong-typed argument) that must be TypeErrors
 * naming the op and the parameter. A new op is tested by being declared.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import type { Param } from "../../src/api/signature.ts";
import { adaptDtypes, assertMatches, type Encoded, ERROR_MAP, numpy, type OracleResult } from "../helpers/oracle.ts";
import { type Call, callsOf, type Face, faces, lookup, overrideOf } from "./registry.ts";

const isArrayObj = (v: unknown): v is np.NDArray | torch.Tensor => v instanceof np.NDArray || v instanceof torch.Tensor;

/** Compares a result with the oracle's encoding (JS scalars and lists by value). */
function compare(ours: unknown, e: Encoded, label: string, call: Call): void {
  if ("tuple" in e) {
    assert.ok(Array.isArray(ours), `${label}: expected a list, got ${describe(ours)}`);
    assert.equal(ours.length, e.tuple.length, `${label}: list length`);
    e.tuple.forEach((x, i) => compare(ours[i], x, `${label}[${i}]`, call));
    return;
  }
  if ("str" in e) {
    assert.equal(String(ours), e.str, label);
    return;
  }
  if (isArrayObj(ours)) {
    const a = ours instanceof np.NDArray ? ours : (ours as torch.Tensor).detach().numpy();
    const loose = adaptDtypes(e, a);
    if (call.shapeOnly) {
      assert.equal(a.dtype, e.dtype, `${label}: dtype`);
      assert.deepEqual(a.shape, e.shape, `${label}: shape`);
      return;
    }
    assertMatches(a, e, label, loose ? { rtol: 1e-3, atol: 1e-3 } : call.tol ?? tolOf(e.dtype));
    return;
  }
  if (typeof ours === "number" || typeof ours === "bigint" || typeof ours === "boolean") {
    assert.deepEqual(e.shape, [], `${label}: expected an array of shape [${e.shape}], got ${describe(ours)}`);
    const want = e.data[0];
    if (typeof ours === "boolean" || typeof want === "boolean") assert.equal(ours, want, label);
    else {
      const w = typeof want === "string"
        ? Number(want === "inf" ? Infinity : want === "-inf" ? -Infinity : want)
        : want;
      const g = Number(ours);
      assert.ok(Object.is(g, w) || Math.abs(g - w) <= 1e-9 * Math.max(1, Math.abs(w)), `${label}: got ${g}, ${w}`);
    }
    return;
  }
  if (Array.isArray(ours)) {
    compare(np.array(ours), e, label, call);
    return;
  }
  assert.fail(`${label}: unexpected result ${describe(ours)}`);
}

const tolOf = (dtype: string) =>
  dtype === "float32" ? { rtol: 1e-5, atol: 1e-5 } : dtype === "float64" ? { rtol: 1e-9, atol: 1e-10 } : undefined;

function describe(v: unknown): string {
  if (isArrayObj(v)) return `${v.constructor.name}(${v.dtype} [${v.shape}])`;
  if (Array.isArray(v)) return `list(${v.length})`;
  return `${typeof v} ${String(v)}`;
}

/** Checks one call against its oracle result; returns a failure line or null. */
function check(call: Call, res: OracleResult): string | null {
  let ours: unknown, thrown: unknown = undefined;
  try {
    ours = call.ours();
  } catch (e) {
    thrown = e;
  }
  if ("error" in res) {
    if (thrown === undefined) {
      return `${call.label}: Python raised ${res.error}: ${res.message.split("\n")[0]}; dendrite returned ${
        describe(ours)
      }\n    ${call.c.expr}`;
    }
    const ok = (ERROR_MAP[res.error] ?? [Error]).some((C) => thrown instanceof C);
    return ok
      ? null
      : `${call.label}: Python raised ${res.error} (${res.message.split("\n")[0]}), dendrite ${
        (thrown as Error).constructor.name
      }: ${(thrown as Error).message.split("\n")[0]}`;
  }
  if (thrown !== undefined) {
    return `${call.label}: dendrite threw ${(thrown as Error).constructor?.name}: ${
      String((thrown as Error).message ?? thrown).split("\n")[0]
    }\n    ${call.c.expr}`;
  }
  try {
    compare(ours, res.value, call.label, call);
    return null;
  } catch (e) {
    return `${(e as Error).message.split("\n")[0]}\n    ${call.c.expr}`;
  }
}

/** A value of the wrong type for a parameter kind (undefined: none is wrong). */
function wrongValue(p: Param): unknown {
  switch (p.kind) {
    case "any":
    case "index":
      return undefined;
    case "bool":
    case "array":
    case "arrayOrScalar":
    case "int":
    case "ints":
    case "number":
    case "scalar":
    case "fn":
      return "wrong";
    case "dtype":
      return "notADtype";
    default:
      return Symbol("wrong");
  }
}

/** The bad calls of one face: an unknown option and a wrong-typed argument on every function and method. */
function badCalls(f: Face): { calls: number; failures: string[] } {
  const failures: string[] = [];
  let calls = 0;
  const s = f.surface;
  const targets = [
    ...s.names.slice(0, 1).map((name) => ({ kind: "function", name })),
    ...(s.methods ?? []).slice(0, 1).map((name) => ({ kind: "method", name })),
    ...(s.inplace ?? []).slice(0, 1).map((name) => ({ kind: "inplace", name })),
  ];
  const o = s.overloads[0];
  const self = f.fe === "np" ? np.ones([2, 3]) : torch.ones(2, 3);
  for (const t of targets) {
    const fn = lookup(f, t);
    const params = [...o.sig.pos, ...o.sig.kw].slice(t.kind === "function" ? 0 : 1);
    const run = (opts: Record<string, unknown>) => () =>
      t.kind === "function"
        ? fn({ ...opts })
        : fn.call(t.kind === "inplace" ? (self as torch.Tensor).clone() : self, { ...opts });
    const expect = (what: string, thunk: () => unknown, words: string[]) => {
      calls++;
      try {
        thunk();
        failures.push(`${f.ns}.${t.name} (${t.kind}): ${what} was accepted`);
      } catch (e) {
        const msg = (e as Error).message;
        if (!(e instanceof TypeError) || !words.every((w) => msg.includes(w))) {
          failures.push(
            `${f.ns}.${t.name} (${t.kind}): ${what}: expected a TypeError naming ${words.join(" and ")}, got ${
              (e as Error).constructor.name
            }: ${msg.split("\n")[0]}`,
          );
        }
      }
    };
    expect("an unknown option", run({ notAnOption: 1 }), [t.name, "notAnOption"]);
    const p = params.find((q) => wrongValue(q) !== undefined);
    if (p) expect(`a wrong-typed '${p.name}'`, run({ [p.name]: wrongValue(p) }), [t.name, p.name]);
  }
  return { calls, failures };
}

Deno.test("registry: every declared op, overload and call form matches NumPy / PyTorch", async () => {
  const t0 = performance.now();
  const all = faces();
  const calls = all.flatMap(callsOf);
  const npCalls = calls.filter((c) => c.fe === "np"), torchCalls = calls.filter((c) => c.fe === "torch");
  const [npRes, torchRes] = await Promise.all([numpy(npCalls.map((c) => c.c)), numpy(torchCalls.map((c) => c.c))]);
  const failures: string[] = [];
  const succeeded = new Map<string, number>();
  const firstError = new Map<string, string>();
  const check1 = (c: Call, r: OracleResult) => {
    if (!succeeded.has(c.overload)) succeeded.set(c.overload, 0);
    if ("value" in r) succeeded.set(c.overload, succeeded.get(c.overload)! + 1);
    else if (!firstError.has(c.overload)) {
      firstError.set(c.overload, `${r.error}: ${r.message.split("\n")[0]}\n    ${c.c.expr}`);
    }
    const f = check(c, r);
    if (f) failures.push(f);
  };
  npCalls.forEach((c, i) => check1(c, npRes[i]));
  torchCalls.forEach((c, i) => check1(c, torchRes[i]));
  for (const [k, n] of succeeded) {
    if (n === 0) {
      failures.push(
        `${k}: no sample call succeeded in the oracle (add an override in tests/api/registry.ts); Python: ${
          firstError.get(k)
        }`,
      );
    }
  }
  let bad = 0;
  for (const f of all) {
    if (f.surface.overloads.every((_, i) => overrideOf(f, i).exclude)) continue;
    const b = badCalls(f);
    bad += b.calls;
    failures.push(...b.failures);
  }
  const byForm = new Map<string, number>();
  for (const c of calls) {
    const form = c.label.split(" ").at(-1)!.replace(/^mixed\d+$/, "mixed").replace(/:.*$/, ":dtype");
    const kind = c.label.split(" ")[1];
    byForm.set(`${kind} ${form}`, (byForm.get(`${kind} ${form}`) ?? 0) + 1);
  }
  const excluded = all.filter((f) => f.surface.overloads.every((_, i) => overrideOf(f, i).exclude));
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    `registry: ${all.length} op faces (${excluded.length} excluded), ${succeeded.size} overloads, ${calls.length} calls, ` +
      `${bad} bad calls, ${failures.length} failures, ${secs} s\n  ${
        [...byForm].map(([k, n]) => `${k}: ${n}`).join(", ")
      }`,
  );
  if (Deno.env.get("REGISTRY_VERBOSE")) console.log(failures.join("\n"));
  assert.deepEqual(failures.slice(0, 80), [], `${failures.length} registry failures`);
});
