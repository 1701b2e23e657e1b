/**
 * Helpers for the optim tests: PyTorch's side (tests/optim/oracle.py, one
 * Python process per call), a seeded generator for parameters and
 * gradients, and difference measures.
 */
import assert from "node:assert/strict";
import { pythonJson } from "../helpers/python.ts";

/** Runs cases through tests/optim/oracle.py. */
// deno-lint-ignore no-explicit-any
export async function oracle(cases: unknown[]): Promise<any[]> {
  const script = new URL("./oracle.py", import.meta.url).pathname;
  return await pythonJson([script], { stdin: JSON.stringify(cases) });
}

/** A seeded generator of standard normals (mulberry32 + Box-Muller). */
export function normals(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** `n` values from `next`, rounded to float32 when `dtype` is. */
export function values(next: () => number, n: number, dtype: string, scale = 1): number[] {
  const r = dtype === "float32" ? Math.fround : (x: number) => x;
  return Array.from({ length: n }, () => r(next() * scale));
}

/** The largest absolute difference, and the largest relative to max(|value|, 1), between two flat lists. */
export function diff(ours: number[], theirs: number[]): { abs: number; rel: number } {
  assert.equal(ours.length, theirs.length);
  let abs = 0, rel = 0;
  for (let i = 0; i < ours.length; i++) {
    const d = Math.abs(ours[i] - theirs[i]);
    if (Number.isNaN(d)) return { abs: NaN, rel: NaN };
    abs = Math.max(abs, d);
    rel = Math.max(rel, d / Math.max(Math.abs(theirs[i]), 1));
  }
  return { abs, rel };
}

/** Float32 and float64 tolerances: "within float32 rounding" accumulated over 20 steps, and float64's. */
export const TOL: Record<string, number> = { float32: 2e-6, float64: 1e-13 };

/** camelCase -> snake_case (what the oracle does to option names). */
export function snake(k: string): string {
  return k === "TMax" ? "T_max" : k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
}
