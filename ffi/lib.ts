/**
 * Opens the native kernel library (building it on first use, see
 * build.ts) and exposes its symbols plus the name tables the C side
 * publishes. Imports nothing from src/.
 */
import { locateLibrary } from "./build.ts";
import { KernelLibraryError } from "./errors.ts";
import { granted, permissionError } from "./permissions.ts";
import { SYMBOLS } from "./symbols.ts";
import { INSTALL_HINT } from "./toolchain.ts";

/** The loaded symbols. */
export type Kernels = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

function open(path: string): Deno.DynamicLibrary<typeof SYMBOLS> {
  if (!granted({ name: "ffi", path })) throw permissionError(["--allow-ffi"]);
  try {
    return Deno.dlopen(path, SYMBOLS);
  } catch (e) {
    throw new KernelLibraryError(
      `dendrite: cannot load the kernel library ${path}: ${(e as Error).message}. ` +
        `Install what it links against (${INSTALL_HINT} libgomp1), or delete it to rebuild.`,
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
