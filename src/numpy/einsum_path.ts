/**
 * NumPy's `np.einsum_path`: the contraction order its "greedy" and "optimal"
 * strategies choose (a port of numpy/_core/einsumfunc.py's path search, so
 * ties break the same way) and the printed report, character for character.
 */
import { type ArrayLike, type NDArray, NP_FUNCTIONS } from "./ndarray.ts";

type Labels = Set<string>;

const sizeOf = (labels: Iterable<string>, dims: Map<string, number>) => {
  let n = 1;
  for (const l of labels) n *= dims.get(l)!;
  return n;
};

/** NumPy's _flop_count: the contraction's size times (terms - 1, at least 1), plus one for an inner product. */
function flops(contract: Labels, inner: boolean, terms: number, dims: Map<string, number>): number {
  return sizeOf(contract, dims) * (Math.max(1, terms - 1) + (inner ? 1 : 0));
}

/** NumPy's _find_contraction: the labels kept, the sets left (the new one last), those summed, those involved. */
function findContraction(positions: readonly number[], sets: readonly Labels[], output: Labels) {
  const contract = new Set<string>(), remain = new Set(output), remaining: Labels[] = [];
  sets.forEach((s, i) => {
    if (positions.includes(i)) s.forEach((l) => contract.add(l));
    else {
      remaining.push(s);
      s.forEach((l) => remain.add(l));
    }
  });
  const result = new Set([...contract].filter((l) => remain.has(l)));
  const removed = new Set([...contract].filter((l) => !result.has(l)));
  remaining.push(result);
  return { result, remaining, removed, contract };
}

/** Pairs (i, j), i < j < n, in itertools.combinations' order. */
function* pairs(n: number): Generator<[number, number]> {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) yield [i, j];
}

/** The first element with the least key (Python's min keeps the first of equal ones). */
function argmin<T>(xs: readonly T[], key: (x: T) => number[]): T {
  let best = xs[0];
  for (const x of xs.slice(1)) {
    const a = key(x), b = key(best);
    const k = a.findIndex((v, i) => v !== b[i]);
    if (k >= 0 && a[k] < b[k]) best = x;
  }
  return best;
}

/** NumPy's _optimal_path: every order of pairwise contractions, the cheapest kept. */
function optimalPath(sets: Labels[], output: Labels, dims: Map<string, number>, limit: number): number[][] {
  let full: { cost: number; path: number[][]; remaining: Labels[] }[] = [{ cost: 0, path: [], remaining: sets }];
  for (let it = 0; it < sets.length - 1; it++) {
    const next: typeof full = [];
    for (const cur of full) {
      for (const con of pairs(sets.length - it)) {
        const c = findContraction(con, cur.remaining, output);
        if (sizeOf(c.result, dims) > limit) continue;
        const cost = cur.cost + flops(c.contract, c.removed.size > 0, 2, dims);
        next.push({ cost, path: [...cur.path, con], remaining: c.remaining });
      }
    }
    if (next.length) full = next;
    else {
      const best = argmin(full, (x) => [x.cost]).path;
      return [...best, [...Array(sets.length - it).keys()]];
    }
  }
  if (!full.length) return [[...sets.keys()]];
  return argmin(full, (x) => [x.cost]).path;
}

type Known = { sort: [number, number]; pos: [number, number]; sets: Labels[] };

/** NumPy's _greedy_path: repeatedly the contraction removing the most elements (then the cheapest). */
function greedyPath(sets: Labels[], output: Labels, dims: Map<string, number>, limit: number): number[][] {
  if (sets.length === 1) return [[0]];
  if (sets.length === 2) return [[0, 1]];
  const all = findContraction([...sets.keys()], sets, output);
  const naive = flops(all.contract, all.removed.size > 0, sets.length, dims);
  const parse = (pos: [number, number], cost0: number): Known | null => {
    const c = findContraction(pos, sets, output);
    const size = sizeOf(c.result, dims);
    if (size > limit) return null;
    const removed = pos.reduce((s, p) => s + sizeOf(sets[p], dims), 0) - size;
    const cost = flops(c.contract, c.removed.size > 0, pos.length, dims);
    if (cost0 + cost > naive) return null;
    return { sort: [-removed, cost], pos, sets: c.remaining };
  };
  let combos: Iterable<[number, number]> = pairs(sets.length);
  let known: Known[] = [];
  let pathCost = 0;
  const path: number[][] = [];
  for (let it = 0, n = sets.length; it < n - 1; it++) {
    for (const pos of combos) {
      if (![...sets[pos[0]]].some((l) => sets[pos[1]].has(l))) continue;
      const r = parse(pos, pathCost);
      if (r) known.push(r);
    }
    if (!known.length) {
      for (const pos of pairs(sets.length)) {
        const r = parse(pos, pathCost);
        if (r) known.push(r);
      }
      if (!known.length) {
        path.push([...sets.keys()]);
        break;
      }
    }
    const best = argmin(known, (k) => k.sort);
    // NumPy's _update_other_results: drop what involved the pair, renumber the rest, add the new tensor
    const [bx, by] = best.pos;
    known = known.flatMap((k) => {
      const [x, y] = k.pos;
      if (x === bx || x === by || y === bx || y === by) return [];
      const s = [...k.sets];
      s.splice(by - +(by > x) - +(by > y), 1);
      s.splice(bx - +(bx > x) - +(bx > y), 1);
      s.splice(s.length - 1, 0, best.sets[best.sets.length - 1]);
      return [{ sort: k.sort, pos: [x - +(x > bx) - +(x > by), y - +(y > bx) - +(y > by)], sets: s }];
    });
    sets = best.sets;
    const last = sets.length - 1;
    combos = Array.from({ length: last }, (_, i): [number, number] => [i, last]);
    path.push(best.pos);
    pathCost += best.sort[1];
  }
  return path;
}

/** Python's "%.3e": three decimals, a sign and at least two exponent digits. */
const sci = (v: number) => v.toExponential(3).replace(/e([+-])(\d)$/, "e$10$2");

/** What einsumPath's `optimize` takes: a strategy, [strategy, memory limit], or an explicit ["einsum_path", ...]. */
export type EinsumPathOptimize =
  | "greedy"
  | "optimal"
  | boolean
  | null
  | readonly [string, number]
  | readonly ["einsum_path", ...(readonly number[])[]];

/**
 * NumPy's `np.einsum_path(subscripts, *operands, optimize="greedy")`: the contraction order NumPy's einsum would use
 * (`["einsum_path", [i, j], ...]`, the same path for "greedy" and "optimal") and NumPy's printed report. Subscripts
 * without "..." (explicit "ij,jk->ik" or implicit "ij,jk").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const [path, report] = np.einsumPath("ij,jk,kl->il", np.ones([3, 4]), np.ones([4, 5]), np.ones([5, 6]));
 * assert.deepEqual(path, ["einsum_path", [1, 2], [0, 1]]);
 * assert.ok(report.includes("Optimized FLOP count:  3.850e+02"));
 * ```
 */
export function einsumPath(
  subscripts: string,
  ...rest: (ArrayLike | { optimize?: EinsumPathOptimize })[]
): [["einsum_path", ...number[][]], string] {
  if (typeof subscripts !== "string") throw new TypeError("einsum_path: subscripts must be a string");
  const last = rest[rest.length - 1];
  const opts = last !== null && typeof last === "object" && !Array.isArray(last) && !("storage" in last)
    ? rest.pop() as { optimize?: EinsumPathOptimize }
    : {};
  for (const k of Object.keys(opts)) {
    if (k !== "optimize") throw new TypeError(`einsum_path() got an unexpected keyword argument '${k}'`);
  }
  let kind: EinsumPathOptimize | string = opts.optimize === undefined ? "greedy" : opts.optimize;
  if (kind === true) kind = "greedy";
  if (kind === null) kind = false;
  let explicit: number[][] | null = null, limit: number | null = null;
  if (kind === false || typeof kind === "string") { /* a strategy name */ }
  else if (Array.isArray(kind) && kind[0] === "einsum_path") explicit = kind.slice(1) as number[][];
  else if (Array.isArray(kind) && kind.length === 2 && typeof kind[0] === "string" && typeof kind[1] === "number") {
    limit = Math.trunc(kind[1]);
    kind = kind[0];
  } else throw new TypeError(`Did not understand the path: ${String(kind)}`);

  const shapes = (rest as ArrayLike[]).map((a) => (NP_FUNCTIONS.asarray(a) as NDArray).shape);
  const eq = subscripts.replace(/\s/g, "");
  if (eq.includes(".")) throw new RangeError("einsum_path: subscripts with '...' are not supported");
  let [ins, output] = eq.includes("->") ? eq.split("->") : [eq, null];
  const inputList = ins.split(",");
  for (const ch of eq.replace(/->|,/g, "")) {
    if (!/[A-Za-z]/.test(ch)) throw new RangeError(`Character ${ch} is not a valid symbol.`);
  }
  if (output === null) {
    const flat = ins.replace(/,/g, "");
    output = [...new Set(flat)].sort().filter((s) => flat.split(s).length === 2).join("");
  }
  if (inputList.length !== shapes.length) {
    throw new RangeError("More operands than subscripts / fewer operands than subscripts in einsum_path");
  }
  for (const ch of output) {
    if (!ins.includes(ch)) throw new RangeError(`Output character ${ch} did not appear in the input`);
  }
  const dims = new Map<string, number>();
  inputList.forEach((term, t) => {
    const sh = shapes[t];
    if (sh.length !== term.length) {
      throw new RangeError(
        `Einstein sum subscript ${ins[t]} does not contain the correct number of indices for operand ${t}.`,
      );
    }
    [...term].forEach((ch, c) => {
      const d = sh[c], prev = dims.get(ch);
      if (prev === undefined || prev === 1) dims.set(ch, d);
      else if (d !== 1 && d !== prev) {
        throw new RangeError(`Size of label '${ch}' for operand ${t} (${prev}) does not match previous terms (${d}).`);
      }
    });
  });
  let sets = inputList.map((t) => new Set(t));
  const outSet = new Set(output), indices = new Set(ins.replace(/,/g, ""));
  const maxSize = Math.max(...[...inputList, output].map((t) => sizeOf(t, dims)));
  const mem = limit ?? maxSize;
  let path: number[][];
  if (explicit) path = explicit;
  else if (kind === false || inputList.length <= 2 || [...indices].every((l) => outSet.has(l))) {
    path = [[...inputList.keys()]];
  } else if (kind === "greedy") path = greedyPath(sets, outSet, dims, mem);
  else if (kind === "optimal") path = optimalPath(sets, outSet, dims, mem);
  else throw new RangeError(`Path name ${kind} not found`);

  const costs: number[] = [], scales: number[] = [], sizes: number[] = [];
  const rows: [string, string[]][] = [];
  const list = [...inputList];
  path.forEach((inds, cnum) => {
    const con = [...inds].sort((a, b) => b - a);
    const c = findContraction(con, sets, outSet);
    sets = c.remaining;
    costs.push(flops(c.contract, c.removed.size > 0, con.length, dims));
    scales.push(c.contract.size);
    sizes.push(sizeOf(c.result, dims));
    const taken = con.map((x) => list.splice(x, 1)[0]);
    const result = cnum === path.length - 1 ? output! : [...c.result]
      .sort((a, b) => dims.get(a)! - dims.get(b)! || (a < b ? -1 : a > b ? 1 : 0)).join("");
    list.push(result);
    rows.push([`${taken.join(",")}->${result}`, [...list]]);
  });
  if (list.length !== 1) {
    throw new RangeError(
      `Invalid einsum_path is specified: ${list.length - 1} more operands has to be contracted.`,
    );
  }
  const inner = inputList.reduce((s, x) => s + new Set(x).size, 0) - indices.size > 0;
  const naive = flops(indices, inner, inputList.length, dims);
  const opt = costs.reduce((a, b) => a + b, 0) + 1;
  const lines = [
    `  Complete contraction:  ${ins}->${output}`,
    `         Naive scaling:  ${indices.size}`,
    `     Optimized scaling:  ${Math.max(...scales)}`,
    `      Naive FLOP count:  ${sci(naive)}`,
    `  Optimized FLOP count:  ${sci(opt)}`,
    `   Theoretical speedup:  ${(naive / opt).toFixed(3)}`,
    `  Largest intermediate:  ${sci(Math.max(...sizes))} elements`,
    "-".repeat(74),
    `${"scaling".padStart(6)} ${"current".padStart(24)} ${"remaining".padStart(40)}`,
    "-".repeat(74),
  ];
  const report = lines.join("\n") +
    rows.map(([cur, rem], n) =>
      `\n${String(scales[n]).padStart(4)}    ${cur.padStart(24)} ${(rem.join(",") + "->" + output).padStart(40)}`
    ).join("");
  return [["einsum_path", ...path.map((p) => [...p])], report];
}
