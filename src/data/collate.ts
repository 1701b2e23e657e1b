/**
 * Default collation (torch.utils.data.default_collate): a list of samples
 * becomes one batch of the same structure. Tensors are stacked (one copy
 * into a fresh buffer), numbers become an int64 tensor (all integers) or
 * float64 (any fraction), booleans a bool tensor, strings stay a list,
 * records and arrays collate field by field, np arrays become tensors.
 */
import { ArrayBase } from "../api/array_base.ts";
import { DTYPES } from "../core/dtype.ts";
import { fmtShape, RuntimeError } from "../core/errors.ts";
import { Tensor } from "../torch/tensor.ts";
import { torch } from "../torch/mod.ts";
import { freshTensor } from "./util.ts";

const isRecord = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
};

/** np.ndarray (or any array of the other front-end) as a tensor sharing memory. */
function asTensor(v: ArrayBase): Tensor {
  return v instanceof Tensor ? v : new Tensor(v.storage, v.layout);
}

/**
 * Stacks same-shape tensors along a new first dim into a fresh buffer (one
 * copy); contiguous CPU samples are copied with typed-array `set`.
 */
export function stackTensors(batch: Tensor[]): Tensor {
  const first = batch[0];
  const shape = first.shape, dtype = first.dtype;
  for (let i = 1; i < batch.length; i++) {
    const t = batch[i];
    if (t.ndim !== shape.length || t.shape.some((d, k) => d !== shape[k])) {
      throw new RuntimeError(
        `stack expects each tensor to be equal size, but got ${fmtShape(shape)} at entry 0 and ${
          fmtShape(t.shape)
        } at entry ${i}`,
      );
    }
  }
  if (batch.some((t) => t.dtype !== dtype || t.device !== "cpu" || t.requiresGrad)) {
    return torch.stack(batch, 0);
  }
  const n = first.numel();
  const out = freshTensor(dtype, [batch.length, ...shape]);
  const dst = out.storage.data;
  for (let i = 0; i < batch.length; i++) {
    const t = batch[i];
    if (t.isContiguous()) {
      const src = t.storage.data;
      const off = t.layout.offset;
      // deno-lint-ignore no-explicit-any
      (dst as any).set((src as any).subarray(off, off + n), i * n);
    } else {
      out.select(0, i).copy_(t);
    }
  }
  return out;
}

function numbersTensor(batch: unknown[]): Tensor {
  if (batch.every((v) => typeof v === "boolean")) return torch.tensor(batch as boolean[], { dtype: "bool" });
  if (batch.every((v) => typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v)))) {
    const out = freshTensor("int64", [batch.length]);
    const d = out.storage.data as BigInt64Array;
    batch.forEach((v, i) => (d[i] = BigInt(v as number)));
    return out;
  }
  const out = freshTensor("float64", [batch.length]);
  const d = out.storage.data as Float64Array;
  batch.forEach((v, i) => (d[i] = Number(v)));
  return out;
}

/**
 * PyTorch's default_collate.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultCollate } from "./collate.ts";
 * const b = defaultCollate([{ x: [1, 2], y: "a" }, { x: [3, 4], y: "b" }]) as { x: { tolist(): unknown }[]; y: string[] };
 * assert.deepEqual([b.x.map((t) => t.tolist()), b.y], [[[1, 3], [2, 4]], ["a", "b"]]);
 * ```
 */
export function defaultCollate(batch: readonly unknown[]): unknown {
  if (!Array.isArray(batch)) throw new TypeError("defaultCollate: batch must be a list of samples");
  if (batch.length === 0) throw new RangeError("defaultCollate: empty batch");
  const elem = batch[0];
  if (elem instanceof ArrayBase) {
    if (!batch.every((v) => v instanceof ArrayBase)) throw new TypeError(mixed(batch));
    return stackTensors(batch.map((v) => asTensor(v as ArrayBase)));
  }
  if (typeof elem === "number" || typeof elem === "boolean" || typeof elem === "bigint") {
    if (!batch.every((v) => typeof v === typeof elem || (typeof v === "number" && typeof elem === "bigint"))) {
      throw new TypeError(mixed(batch));
    }
    return numbersTensor(batch as unknown[]);
  }
  if (typeof elem === "string") return [...batch];
  if (isRecord(elem)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) {
      out[key] = defaultCollate(batch.map((d) => (d as Record<string, unknown>)[key]));
    }
    return out;
  }
  if (Array.isArray(elem)) {
    const size = elem.length;
    if (!batch.every((v) => Array.isArray(v) && v.length === size)) {
      throw new RuntimeError("each element in list of batch should be of equal size");
    }
    return Array.from({ length: size }, (_, k) => defaultCollate(batch.map((v) => (v as unknown[])[k])));
  }
  if (ArrayBuffer.isView(elem) && !(elem instanceof DataView)) {
    // typed arrays: stacked as tensors of their dtype
    const ctor = elem.constructor;
    const dt = Object.values(DTYPES).find((d) => d.array === ctor && d.name !== "bool");
    if (dt) {
      return stackTensors(batch.map((v) => torch.tensor(v as never, { dtype: dt.name })));
    }
  }
  throw new TypeError(
    `default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found ${describe(elem)}`,
  );
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

function mixed(batch: readonly unknown[]): string {
  return `default_collate: a batch mixes ${[...new Set(batch.map(describe))].join(" and ")}`;
}

/**
 * PyTorch's default_convert (DataLoader with `batchSize: null`): np arrays
 * become tensors, records and arrays are converted field by field,
 * everything else is left as it is.
 */
export function defaultConvert(sample: unknown): unknown {
  if (sample instanceof ArrayBase) return asTensor(sample);
  if (isRecord(sample)) {
    return Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, defaultConvert(v)]));
  }
  if (Array.isArray(sample)) return sample.map(defaultConvert);
  return sample;
}
