/**
 * torch.nn.utils.rnn: PackedSequence and the functions that make and undo
 * one (pack_padded_sequence, pad_packed_sequence, pad_sequence,
 * pack_sequence, unpad_sequence, unpack_sequence, invert_permutation), as
 * torch/nn/utils/rnn.py and ATen's PackedSequence.cpp compute them. Every
 * result is built from differentiable tensor ops (narrow, reshape, cat,
 * index_select), so gradients flow back through packing and padding as
 * through ATen's backward formulas; only batch sizes and lengths, one number
 * per step or sequence, are handled in JS.
 */
import { describe, opt, req } from "../api/signature.ts";
import { TORCH_TYPE_NAME } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { torch } from "../torch/mod.ts";
import { Tensor } from "../torch/tensor.ts";
import { type ArgsOf, bind, binder } from "./module.ts";

/** A tensor's dims as PyTorch prints a size in messages: `[2, 3]`. */
const dims = (shape: readonly number[]) => `[${shape.join(", ")}]`;

/** ATen's checkLongTensor: lengths and batch sizes are 1-D int64 CPU tensors. */
function checkLong(t: Tensor): number[] {
  if (t.ndim !== 1 || t.device !== "cpu" || t.dtype !== "int64") {
    throw new RuntimeError(
      `'lengths' argument should be a 1D CPU int64 tensor, but got ${t.ndim}D ${t.device} ${
        TORCH_TYPE_NAME[t.dtype]
      } tensor`,
    );
  }
  return (t.tolist() as (number | bigint)[]).map(Number);
}

/** `t[start:end]` along dim, clamped to the dim as a Python/ATen slice is (never an out-of-range error). */
function slice(t: Tensor, dim: number, start: number, end: number): Tensor {
  const n = t.shape[dim], s = Math.min(start, n);
  return t.narrow(dim, s, Math.min(Math.max(end, s), n) - s);
}

/**
 * A packed batch of variable-length sequences (PyTorch's PackedSequence
 * namedtuple): `data` holds the time steps one after another, step t's
 * `batchSizes[t]` rows (the sequences still running, longest first);
 * `sortedIndices` is the order the sequences were packed in (null when they
 * came sorted), `unsortedIndices` its inverse. Made by packPaddedSequence or
 * packSequence, accepted by nn.RNN / nn.LSTM / nn.GRU. It destructures as
 * the namedtuple unpacks: `const [data, batchSizes] = packed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const packed = nn.utils.rnn.packSequence([torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6])]);
 * assert.deepEqual(packed.data.tolist(), [1, 4, 6, 2, 5, 3]);
 * assert.deepEqual(packed.batchSizes.tolist(), [3, 2, 1]);
 * const [data] = packed;
 * assert.equal(data, packed.data);
 * ```
 */
export class PackedSequence {
  /** The packed rows (sum(batchSizes), *). */
  readonly data: Tensor;
  /** Rows per time step: a 1-D int64 CPU tensor. */
  readonly batchSizes: Tensor;
  /** The batch order the sequences were packed in (int64, on data's device), or null. */
  readonly sortedIndices: Tensor | null;
  /** The inverse of sortedIndices, or null. */
  readonly unsortedIndices: Tensor | null;

  /**
   * PyTorch's constructor: data and batchSizes, or a [data, batchSizes]
   * pair alone; unsortedIndices defaults to sortedIndices inverted.
   * Normally made by packPaddedSequence / packSequence.
   */
  constructor(...args: ArgsOf<typeof PACKED_SIG>) {
    const a = bind(PACKED_B, args);
    let data = a.data, batchSizes: Tensor | null = a.batchSizes;
    const sorted: Tensor | null = a.sortedIndices;
    if (batchSizes === null) {
      if (!(Array.isArray(data) && data.length === 2)) {
        throw new TypeError("Expected data to be a list or tuple of length 2");
      }
      [data, batchSizes] = data;
    } else if (batchSizes.device !== "cpu") {
      throw new RangeError(
        "batch_sizes should always be on CPU. Instances of PackedSequence should never be created manually. " +
          "They should be instantiated by functions like pack_sequence and pack_padded_sequences in nn.utils.rnn. " +
          "https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence",
      );
    }
    if (!(data instanceof Tensor) || !(batchSizes instanceof Tensor)) {
      throw new TypeError(`PackedSequence: data and batch_sizes must be tensors, got ${describe(data)}`);
    }
    this.data = data;
    this.batchSizes = batchSizes;
    this.sortedIndices = sorted;
    this.unsortedIndices = a.unsortedIndices ?? invertPermutation(sorted);
  }

  /** The namedtuple's fields in order: data, batchSizes, sortedIndices, unsortedIndices. */
  *[Symbol.iterator](): Iterator<Tensor | null> {
    yield this.data;
    yield this.batchSizes;
    yield this.sortedIndices;
    yield this.unsortedIndices;
  }

  /**
   * data converted as Tensor.to converts it (dtype and/or device); the
   * indices follow data's device, batchSizes stays on the CPU. Returns this
   * when data is unchanged.
   */
  to(...args: unknown[]): PackedSequence {
    const data = (this.data.to as (...a: unknown[]) => Tensor)(...args);
    if (data === this.data) return this;
    const move = (t: Tensor | null) => t && t.to(data.device);
    return new PackedSequence(data, this.batchSizes, move(this.sortedIndices), move(this.unsortedIndices));
  }
  /** data as float32. */
  float(): PackedSequence {
    return this.to("float32");
  }
  /** data as float64. */
  double(): PackedSequence {
    return this.to("float64");
  }
  /** data as int64. */
  long(): PackedSequence {
    return this.to("int64");
  }
  /** data as int32. */
  int(): PackedSequence {
    return this.to("int32");
  }
  /** data on the CPU. */
  cpu(): PackedSequence {
    return this.to("cpu");
  }
  /** Whether data lives on a GPU. */
  get isCuda(): boolean {
    return this.data.isCuda;
  }
  /** data's device (a dendrite convenience: PyTorch's namedtuple has no such field). */
  get device(): string {
    return this.data.device;
  }
  /** PyTorch's namedtuple repr. */
  toString(): string {
    const s = (t: Tensor | null) => (t === null ? "None" : t.toString());
    return `PackedSequence(data=${s(this.data)}, batch_sizes=${s(this.batchSizes)}, sorted_indices=${
      s(this.sortedIndices)
    }, unsorted_indices=${s(this.unsortedIndices)})`;
  }
  /** console.log and Deno.inspect print the repr. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}
const PACKED_SIG = {
  pos: [
    req("data", "any"),
    opt("batchSizes", "array", null),
    opt("sortedIndices", "array", null),
    opt("unsortedIndices", "array", null),
  ],
  kw: [],
} as const;
const PACKED_B = binder("PackedSequence", PACKED_SIG);

const INVERT_SIG = { pos: [opt("permutation", "array", null)], kw: [] } as const;
const INVERT_B = binder("invertPermutation", INVERT_SIG);
/**
 * The inverse of a permutation (1-D int64 indices), null for null:
 * PyTorch's scatter of arange(n) to the permuted places.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * assert.deepEqual(nn.utils.rnn.invertPermutation(torch.tensor([2, 0, 1]))!.tolist(), [1, 2, 0]);
 * ```
 */
export function invertPermutation(...args: ArgsOf<typeof INVERT_SIG>): Tensor | null {
  const p: Tensor | null = bind(INVERT_B, args).permutation;
  if (p === null) return null;
  return torch.zerosLike(p).scatter_(0, p, torch.arange(p.numel(), { device: p.device }));
}

/** Lengths given as a tensor or a list, as int64 (PyTorch truncates fractional ones). */
function asLengths(lengths: unknown): Tensor {
  if (lengths instanceof Tensor) return lengths.to("int64");
  if (Array.isArray(lengths)) return torch.tensor(lengths as number[], { dtype: "int64" });
  throw new TypeError(`lengths must be a tensor or a list of integers, not ${describe(lengths)}`);
}

/**
 * ATen's _pack_padded_sequence on (T, B, *) input with lengths sorted in
 * decreasing order: from the shortest sequence up, each block of steps that
 * a longer run adds is cut once ([prev, l) steps of the first `b` columns)
 * and the blocks are concatenated in time order.
 */
function packPadded(input: Tensor, lengthsT: Tensor, batchFirst: boolean): [Tensor, Tensor] {
  const x = batchFirst ? input.transpose(0, 1) : input;
  const lengths = checkLong(lengthsT.contiguous());
  const batch = x.size(1);
  if (x.numel() === 0) throw new RuntimeError("Cannot pack empty tensors.");
  if (lengths.length !== batch) {
    throw new RuntimeError(
      `Expected \`len(lengths)\` to be equal to batch_size, but got ${lengths.length} (batch_size=${batch})`,
    );
  }
  if (!(lengths[batch - 1] > 0)) {
    throw new RuntimeError(
      "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0",
    );
  }
  for (let i = 1; i < batch; i++) {
    if (lengths[i] > lengths[i - 1]) {
      throw new RuntimeError(
        "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass " +
          "`enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement " +
          "if you do not need ONNX exportability.",
      );
    }
  }
  const steps: Tensor[] = [], batchSizes: number[] = [], rest = x.shape.slice(2);
  let prev = 0;
  for (let i = 0; i < batch; i++) {
    const l = lengths[batch - 1 - i];
    if (l > prev) {
      const b = batch - i;
      steps.push(slice(x, 0, prev, l).narrow(1, 0, b).reshape([-1, ...rest]));
      for (let j = prev; j < l; j++) batchSizes.push(b);
      prev = l;
    }
  }
  return [torch.cat(steps, 0), torch.tensor(batchSizes, { dtype: "int64" })];
}

const PACK_PADDED_SIG = {
  pos: [
    req("input", "array"),
    req("lengths", "any"),
    opt("batchFirst", "bool", false),
    opt("enforceSorted", "bool", true),
  ],
  kw: [],
} as const;
const PACK_PADDED_B = binder("packPaddedSequence", PACK_PADDED_SIG);
/**
 * Packs a padded batch (T, B, *) ((B, T, *) with batchFirst) of sequences
 * of the given lengths (a tensor or a list): lengths must decrease unless
 * enforceSorted is false, in which case the batch is sorted first (stably,
 * longest first) and the PackedSequence records the order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const seq = torch.tensor([[1, 2, 0], [3, 0, 0], [4, 5, 6]]);
 * const packed = nn.utils.rnn.packPaddedSequence(seq, [2, 1, 3], { batchFirst: true, enforceSorted: false });
 * assert.deepEqual(packed.data.tolist(), [4, 1, 3, 5, 2, 6]);
 * assert.deepEqual(packed.sortedIndices!.tolist(), [2, 0, 1]);
 * ```
 */
export function packPaddedSequence(...args: ArgsOf<typeof PACK_PADDED_SIG>): PackedSequence {
  const a = bind(PACK_PADDED_B, args);
  let input: Tensor = a.input, lengths = asLengths(a.lengths), sorted: Tensor | null = null;
  if (!a.enforceSorted) {
    [lengths, sorted] = torch.sort(lengths, { descending: true, stable: true });
    sorted = sorted.to(input.device);
    input = input.indexSelect(a.batchFirst ? 0 : 1, sorted);
  }
  const [data, batchSizes] = packPadded(input, lengths, a.batchFirst);
  return new PackedSequence(data, batchSizes, sorted, null);
}

/**
 * ATen's _pad_packed_sequence: each run of steps with one batch size b is
 * data's next rows as (steps, b, *), widened to the largest batch with
 * paddingValue; the runs, then padding up to totalLength steps, stack in
 * time order. Returns the padded (T, B, *) tensor and each column's length.
 */
function padPacked(data: Tensor, batchSizesT: Tensor, paddingValue: number, totalLength: number): [Tensor, Tensor] {
  const bs = checkLong(batchSizesT.contiguous());
  if (bs.length === 0) throw new RuntimeError("batch_sizes can not be empty");
  const maxBatch = bs[0], realLength = bs.length, rest = data.shape.slice(1);
  const opts = { dtype: data.dtype, device: data.device };
  const parts: Tensor[] = [], lengths = new Array<number>(maxBatch).fill(0);
  let offset = 0, prevBatch = maxBatch, prevI = 0;
  for (let i = 0; i <= realLength; i++) {
    const b = i !== realLength ? bs[i] : 0;
    if (b !== prevBatch) {
      const n = i - prevI, rows = prevBatch * n;
      const taken = slice(data, 0, offset, offset + rows), shape = [n, prevBatch, ...rest];
      // (ATen's view of too few rows: PyTorch's message, where reshape's would be NumPy's)
      if (taken.numel() !== shape.reduce((p, d) => p * d, 1)) {
        throw new RuntimeError(`shape '${dims(shape)}' is invalid for input of size ${taken.numel()}`);
      }
      const block = taken.reshape(shape);
      if (prevBatch > maxBatch) {
        throw new RuntimeError(
          `output with shape ${dims([n, maxBatch, ...rest])} doesn't match the broadcast shape ${dims(block.shape)}`,
        );
      }
      // the run's rows, widened to the largest batch with padding
      parts.push(
        prevBatch < maxBatch
          ? torch.cat([block, torch.full([n, maxBatch - prevBatch, ...rest], paddingValue, opts)], 1)
          : block,
      );
      offset += rows;
      prevI = i;
    }
    // the sequences that ended before step i have length i
    for (let j = b; j < prevBatch; j++) lengths[j] = i;
    prevBatch = b;
  }
  if (totalLength > realLength) {
    parts.push(torch.full([totalLength - realLength, maxBatch, ...rest], paddingValue, opts));
  }
  return [torch.cat(parts, 0), torch.tensor(lengths, { dtype: "int64" })];
}

const PAD_PACKED_SIG = {
  pos: [
    req("sequence", "any"),
    opt("batchFirst", "bool", false),
    opt("paddingValue", "number", 0),
    opt("totalLength", "int", null),
  ],
  kw: [],
} as const;
const PAD_PACKED_B = binder("padPackedSequence", PAD_PACKED_SIG);
/**
 * Pads a PackedSequence back to (T, B, *) ((B, T, *) with batchFirst),
 * in the batch's original order, with paddingValue past each sequence's
 * end and T = totalLength when given: returns [padded, lengths].
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const R = nn.utils.rnn;
 * const packed = R.packPaddedSequence(torch.tensor([[1, 2, 0], [3, 0, 0], [4, 5, 6]]), [2, 1, 3], true, false);
 * const [padded, lengths] = R.padPackedSequence(packed, { batchFirst: true, paddingValue: -1 });
 * assert.deepEqual(padded.tolist(), [[1, 2, -1], [3, -1, -1], [4, 5, 6]]);
 * assert.deepEqual(lengths.tolist(), [2, 1, 3]);
 * ```
 */
export function padPackedSequence(...args: ArgsOf<typeof PAD_PACKED_SIG>): [Tensor, Tensor] {
  const a = bind(PAD_PACKED_B, args);
  const seq = a.sequence;
  if (!(seq instanceof PackedSequence)) {
    throw new TypeError(`padPackedSequence(): argument 'sequence' must be a PackedSequence, not ${describe(seq)}`);
  }
  let maxLength = seq.batchSizes.size(0);
  if (a.totalLength !== null) {
    if (a.totalLength < maxLength) {
      throw new RangeError(
        "Expected total_length to be at least the length of the longest sequence in input, but got " +
          `total_length=${a.totalLength} and max sequence length being ${maxLength}`,
      );
    }
    maxLength = a.totalLength;
  }
  let [padded, lengths] = padPacked(seq.data, seq.batchSizes, a.paddingValue, maxLength);
  if (a.batchFirst) padded = padded.transpose(0, 1);
  const u = seq.unsortedIndices;
  return u === null
    ? [padded, lengths]
    : [padded.indexSelect(a.batchFirst ? 0 : 1, u), lengths.indexSelect(0, u.cpu())];
}

/**
 * The shape copy_ gives `src` written into `slot` (the slot's own shape),
 * or copy_'s error: src must broadcast to the slot without growing it.
 */
function checkCopy(slot: readonly number[], src: readonly number[]): void {
  const n = Math.max(slot.length, src.length), out: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = slot[slot.length - n + i] ?? 1, b = src[src.length - n + i] ?? 1;
    if (a !== b && a !== 1 && b !== 1) {
      throw new RuntimeError(
        `The size of tensor a (${a}) must match the size of tensor b (${b}) at non-singleton dimension ${i}`,
      );
    }
    out.push(a === 1 ? b : a);
  }
  if (out.join() !== slot.join()) {
    throw new RuntimeError(`output with shape ${dims(slot)} doesn't match the broadcast shape ${dims(out)}`);
  }
}

const PAD_SIG = {
  pos: [
    req("sequences", "any"),
    opt("batchFirst", "bool", false),
    opt("paddingValue", "number", 0),
    opt("paddingSide", "string", "right"),
  ],
  kw: [],
} as const;
const PAD_B = binder("padSequence", PAD_SIG);
/**
 * Stacks sequences (L_i, *) into one (T, B, *) tensor ((B, T, *) with
 * batchFirst), T the longest length, each padded with paddingValue on the
 * right or, with paddingSide "left", on the left. A tensor is taken as the
 * list of its rows. Later sequences are cast to the first one's dtype and
 * broadcast to its trailing dims, as PyTorch's copy into the result does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const seqs = [torch.tensor([1, 2, 3]), torch.tensor([4])];
 * assert.deepEqual(nn.utils.rnn.padSequence(seqs, true).tolist(), [[1, 2, 3], [4, 0, 0]]);
 * assert.deepEqual(nn.utils.rnn.padSequence(seqs, { batchFirst: true, paddingSide: "left" }).tolist(), [[1, 2, 3], [0, 0, 4]]);
 * ```
 */
export function padSequence(...args: ArgsOf<typeof PAD_SIG>): Tensor {
  const a = bind(PAD_B, args);
  const s = a.sequences;
  if (!(s instanceof Tensor) && !Array.isArray(s)) {
    throw new RuntimeError(`pad_sequence: Expected iterable for input sequences, but got arg of type: ${describe(s)}`);
  }
  const seqs: unknown[] = s instanceof Tensor ? s.unbind(0) : s;
  if (seqs.length === 0) throw new RuntimeError("received an empty list of sequences");
  for (const t of seqs) {
    if (!(t instanceof Tensor)) {
      throw new TypeError(`padSequence(): argument 'sequences' must be a list of Tensors, not ${describe(t)}`);
    }
  }
  const ts = seqs as Tensor[], first = ts[0];
  if (first.ndim === 0) throw new RuntimeError("ArrayRef: invalid slice, N = 1; size = 0");
  const trailing = first.shape.slice(1), maxLen = Math.max(...ts.map((t) => t.size(0)));
  if (a.paddingSide !== "left" && a.paddingSide !== "right") {
    throw new RuntimeError(`Expected padding_side to be one of left or right, but got ${a.paddingSide}.`);
  }
  const opts = { dtype: first.dtype, device: first.device };
  const columns = ts.map((t) => {
    const len = t.size(0), slot = [len, ...trailing];
    checkCopy(slot, t.shape);
    const values = t.to(first.dtype).expand(slot);
    if (len === maxLen) return values;
    const pad = torch.full([maxLen - len, ...trailing], a.paddingValue, opts);
    return torch.cat(a.paddingSide === "left" ? [pad, values] : [values, pad], 0);
  });
  return torch.stack(columns, a.batchFirst ? 0 : 1);
}

const PACK_SIG = { pos: [req("sequences", "arrays"), opt("enforceSorted", "bool", true)], kw: [] } as const;
const PACK_B = binder("packSequence", PACK_SIG);
/**
 * Packs a list of sequences (L_i, *): padSequence then
 * packPaddedSequence. With enforceSorted (the default) the lengths must
 * decrease.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const packed = nn.utils.rnn.packSequence([torch.tensor([4, 5]), torch.tensor([1, 2, 3])], false);
 * assert.deepEqual(packed.data.tolist(), [1, 4, 2, 5, 3]);
 * assert.deepEqual(packed.unsortedIndices!.tolist(), [1, 0]);
 * ```
 */
export function packSequence(...args: ArgsOf<typeof PACK_SIG>): PackedSequence {
  const a = bind(PACK_B, args);
  const seqs = a.sequences as Tensor[];
  const lengths = seqs.map((t) => t.size(0));
  return packPaddedSequence(padSequence(seqs), lengths, { enforceSorted: a.enforceSorted });
}

const UNPAD_SIG = {
  pos: [req("paddedSequences", "array"), req("lengths", "array"), opt("batchFirst", "bool", false)],
  kw: [],
} as const;
const UNPAD_B = binder("unpadSequence", UNPAD_SIG);
/**
 * Splits a padded (T, B, *) tensor ((B, T, *) with batchFirst) into the
 * list of its B sequences, each cut to its length (a copy, as PyTorch's
 * masked selection). Unlike PyTorch, the input is not transposed in place.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const padded = torch.tensor([[1, 2, 3], [4, 0, 0]]);
 * const seqs = nn.utils.rnn.unpadSequence(padded, torch.tensor([3, 1]), { batchFirst: true });
 * assert.deepEqual(seqs.map((s) => s.tolist()), [[1, 2, 3], [4]]);
 * ```
 */
export function unpadSequence(...args: ArgsOf<typeof UNPAD_SIG>): Tensor[] {
  const a = bind(UNPAD_B, args);
  const padded: Tensor = a.batchFirst ? a.paddedSequences : a.paddedSequences.transpose(0, 1);
  const lengths = ((a.lengths as Tensor).reshape(-1).tolist() as (number | bigint | boolean)[]).map(Number);
  const batch = padded.shape[0], maxLength = padded.shape[1];
  if (lengths.length !== batch) {
    throw new RangeError(`zip() argument 2 is ${lengths.length < batch ? "shorter" : "longer"} than argument 1`);
  }
  // PyTorch keeps the steps t with t < length: a fractional length counts its partial step
  return lengths.map((l, i) => {
    const n = Number.isNaN(l) ? 0 : Math.min(Math.max(Math.ceil(l), 0), maxLength);
    return padded.select(0, i).narrow(0, 0, n).clone();
  });
}

const UNPACK_SIG = { pos: [req("packedSequences", "any")], kw: [] } as const;
const UNPACK_B = binder("unpackSequence", UNPACK_SIG);
/**
 * The list of sequences a PackedSequence holds, in their original order:
 * padPackedSequence then unpadSequence.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const R = nn.utils.rnn;
 * const packed = R.packSequence([torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6])]);
 * assert.deepEqual(R.unpackSequence(packed).map((s) => s.tolist()), [[1, 2, 3], [4, 5], [6]]);
 * ```
 */
export function unpackSequence(...args: ArgsOf<typeof UNPACK_SIG>): Tensor[] {
  const [padded, lengths] = padPackedSequence(bind(UNPACK_B, args).packedSequences, { batchFirst: true });
  return unpadSequence(padded, lengths, { batchFirst: true });
}
