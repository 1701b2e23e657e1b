/**
 * The resampling kernels of the CPU Backend table (kernels/cpu/resample.c):
 * F.interpolate's nearest / linear modes applied from host-computed taps,
 * and F.grid_sample's 2-d and 3-d bilinear / nearest modes. Operands are checked
 * live, in bounds and C-contiguous here; sizes again in C.
 */
import { K, lastError } from "../../ffi/lib.ts";
import { DTYPES } from "../core/dtype.ts";
import { checkOperand, checkOutput, type Operand } from "../core/storage.ts";
import type { Backend } from "./backend.ts";

/**
 * The spatial sizes of an interpolation over `planes` planes (N * C) and the
 * taps per output (1: nearest, 2: linear). The index operand holds, per
 * spatial dim in order, `taps` blocks of that dim's output size (int64); the
 * weights the same layout in the input's dtype.
 */
export interface UpsampleGeometry {
  planes: number;
  taps: 1 | 2;
  inSize: readonly number[];
  outSize: readonly number[];
}

/** grid_sample over an N x C x (D x) H x W input at P points per batch element (grid N x P x 2 or 3). */
export interface GridSampleGeometry {
  n: number;
  c: number;
  /** [H, W] or [D, H, W] */
  spatial: readonly number[];
  points: number;
  mode: "bilinear" | "nearest";
  padding: "zeros" | "border" | "reflection";
  alignCorners: boolean;
}

/** The resampling members of a Backend table. */
export type ResampleKernel = "upsample" | "gridSample" | "gridSampleBackward";

const PADDING = { zeros: 0, border: 1, reflection: 2 } as const;

/** The bytes of a C-contiguous operand of `elements` elements (checked live and in bounds; `out`: writable). */
function bytes(x: Operand, op: string, elements: number, out = false): Uint8Array {
  if (out) checkOutput(x, op);
  else checkOperand(x, op);
  if (!x.layout.isContiguous) throw new TypeError(`${op}: the kernels take C-contiguous operands`);
  if (x.layout.size !== elements) {
    throw new RangeError(`${op}: an operand has ${x.layout.size} elements, expected ${elements}`);
  }
  const isz = DTYPES[x.storage.dtype].itemsize;
  return x.storage.bytes.subarray(x.layout.offset * isz, (x.layout.offset + elements) * isz);
}

/** The dtype code of a float operand; every other operand must share it. */
function floatCode(op: string, x: Operand, ...others: (Operand | null)[]): number {
  const d = x.storage.dtype;
  if (d !== "float32" && d !== "float64") throw new TypeError(`${op}: expected float32 or float64, got ${d}`);
  for (const o of others) if (o && o.storage.dtype !== d) throw new TypeError(`${op}: operands must share one dtype`);
  return DTYPES[d].code;
}

function check(rc: number): void {
  if (rc !== 0) throw new RangeError(lastError());
}

const prod = (s: readonly number[]) => s.reduce((p, d) => p * d, 1);

function meta(values: readonly number[]): BigInt64Array {
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new RangeError(`resample kernels: ${v} is not an integer`);
  }
  return BigInt64Array.from(values, BigInt);
}

function gridMeta(g: GridSampleGeometry): BigInt64Array {
  const mode = g.mode === "nearest" ? 1 : 0, k = g.spatial.length;
  if (k !== 2 && k !== 3) throw new RangeError("grid_sampler: 2 or 3 spatial dims expected");
  const dhw = k === 2 ? [1, ...g.spatial] : g.spatial;
  return meta([g.n, g.c, ...dhw, g.points, mode, PADDING[g.padding], g.alignCorners ? 1 : 0, k]);
}

/** The CPU implementations of the Backend's resampling kernels. */
export function cpuResampleKernels(): Required<Pick<Backend, ResampleKernel>> {
  return {
    upsample(x, y, index, weight, g, backward) {
      const op = backward ? "upsample backward" : "upsample";
      const k = g.inSize.length, entries = g.outSize.reduce((s, o) => s + o * g.taps, 0);
      if (k < 1 || k > 3 || g.outSize.length !== k) throw new RangeError(`${op}: 1 to 3 spatial dims expected`);
      if (index.storage.dtype !== "int64") throw new TypeError(`${op}: the index must be int64`);
      const [a, b] = backward ? [g.outSize, g.inSize] : [g.inSize, g.outSize];
      check(K.dk_upsample(
        floatCode(op, x, y, weight),
        backward ? 1 : 0,
        bytes(x, op, g.planes * prod(a)),
        bytes(y, op, g.planes * prod(b), true),
        bytes(index, op, entries),
        weight && bytes(weight, op, entries),
        meta([g.planes, k, g.taps, ...g.inSize, ...g.outSize]),
      ));
    },
    gridSample(x, grid, y, g) {
      const op = "grid_sampler", pixels = prod(g.spatial);
      check(K.dk_grid_sample(
        floatCode(op, x, grid, y),
        bytes(x, op, g.n * g.c * pixels),
        bytes(grid, op, g.n * g.points * g.spatial.length),
        bytes(y, op, g.n * g.c * g.points, true),
        gridMeta(g),
      ));
    },
    gridSampleBackward(gy, x, grid, gx, gGrid, g) {
      const op = "grid_sampler_backward", pixels = prod(g.spatial), k = g.spatial.length;
      check(K.dk_grid_sample_backward(
        floatCode(op, x, gy, grid, gx, gGrid),
        bytes(gy, op, g.n * g.c * g.points),
        bytes(x, op, g.n * g.c * pixels),
        bytes(grid, op, g.n * g.points * k),
        gx && bytes(gx, op, g.n * g.c * pixels, true),
        gGrid && bytes(gGrid, op, g.n * g.points * k, true),
        gridMeta(g),
      ));
    },
  };
}
