/**
 * Opens the native kernel library (building it on first use, see
 * build.ts) and exposes its symbols plus the name tables the C side
 * publishes. Imports nothing from src/.
 */
import { locateLibrary } from "./build.ts";
import { SYMBOLS } from "./symbols.ts";

/** The loaded symbols. */
export type Kernels = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

function open(path: string): Deno.DynamicLibrary<typeof SYMBOLS> {
  try {
    return Deno.dlopen(path, SYMBOLS);
  } catch (e) {
    throw new Error(
      `dendrite: cannot load the kernel library ${path}: ${(e as Error).message}. ` +
        `Run with --allow-ffi (and --allow-read --allow-write --allow-run --allow-env for the first build), ` +
        `or install what it links against (Debian: apt-get install libopenblas-dev libgomp1).`,
    );
  }
}

/** Path of the loaded library. */
export const LIBRARY_PATH: string = await locateLibrary();
/** The kernel symbols. */
export const K: Kernels = open(LIBRARY_PATH).symbols;

/** The message of the last failed kernel call on this thread. */
export function lastError(): string {
  const p = K.dk_last_error();
  return p ? Deno.UnsafePointerView.getCString(p) : "unknown kernel error";
}

/** Reads a name table the C side publishes (`dk_*_name(i)` until NULL). */
export function nameTable(fn: (i: number) => Deno.PointerValue): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0;; i++) {
    const p = fn(i);
    if (!p) return out;
    out.set(Deno.UnsafePointerView.getCString(p), i);
  }
}
