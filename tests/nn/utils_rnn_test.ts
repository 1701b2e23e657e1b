/**
 * nn.utils.rnn against PyTorch 2.13 (one oracle run): PackedSequence and
 * every packing / padding function, values and gradients (float32 and
 * float64, batchFirst both ways, enforceSorted both ways, paddingSide),
 * PyTorch's errors, call forms, and nn.RNN / LSTM / GRU on packed input
 * (outputs, final states, gradients of the input, h0 / c0 and every weight).
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy, rng } from "../helpers/oracle.ts";

type T = torch.Tensor;
const R = nn.utils.rnn;
const PackedSequence = R.PackedSequence;

/** Deterministic data: nested lists of the given shape (values with four decimals). */
function data(seed: number, shape: number[]): unknown[] {
  const r = rng(seed);
  const make = (d: number): unknown[] =>
    Array.from(
      { length: shape[d] },
      () => (d === shape.length - 1 ? Math.round((r() * 4 - 2) * 1e4) / 1e4 : make(d + 1)),
    );
  return make(0);
}

/** An input both sides build: the Python literal and our tensor (float dtype). */
interface In {
  py: string;
  ts: () => T;
}
const inp = (seed: number, shape: number[], dtype = "float64"): In => {
  const v = data(seed, shape);
  return { py: `d(${JSON.stringify(v)}, '${dtype}')`, ts: () => torch.tensor(v as number[], { dtype }) };
};

const SETUP = `
import torch.nn as nn
R = torch.nn.utils.rnn
def d(v, dt): return torch.tensor(v, dtype=getattr(torch, dt))
def flat(o):
    if isinstance(o, torch.Tensor): return [o]
    if isinstance(o, (list, tuple)): return [t for x in o for t in flat(x)]
    return []
def loss(ts):
    tot = 0
    for k, t in enumerate(ts):
        if t.requires_grad:
            w = torch.cos(torch.arange(t.numel(), dtype=torch.float64) * 0.37 + k).reshape(t.shape).to(t.dtype)
            tot = tot + (t * w).sum()
    return tot
def run(f, *xs):
    xs = [x.requires_grad_() for x in xs]
    ts = flat(f(*xs))
    l = loss(ts)
    if torch.is_tensor(l): l.backward()
    return tuple(t.detach() for t in ts) + tuple(x.grad if x.grad is not None else torch.zeros_like(x) for x in xs)
def runm(seed, make, dtype, f, *xs):
    torch.manual_seed(seed)
    m = make().to(getattr(torch, dtype)).eval()
    r = run(lambda *xs: f(m, *xs), *xs)
    return r + tuple(p.grad for p in m.parameters())
`;

const flat = (o: unknown): T[] =>
  o instanceof torch.Tensor
    ? [o]
    : o instanceof PackedSequence
    ? flat([...o])
    : Array.isArray(o)
    ? o.flatMap((x) => flat(x))
    : [];

/** Our twin of the Python `run`: outputs, then the gradients of sum_k (out_k * w_k) w.r.t. each input. */
function run(f: (...xs: T[]) => unknown, ...inputs: In[]): T[] {
  const xs = inputs.map((x) => x.ts().requiresGrad_());
  const ts = flat(f(...xs));
  let total: T | null = null;
  ts.forEach((t, k) => {
    if (!t.requiresGrad) return;
    const w = torch.arange(t.numel(), { dtype: "float64" }).mul(0.37).add(k).cos().reshape(t.shape).to(t.dtype);
    const term = t.mul(w).sum();
    total = total ? total.add(term) : term;
  });
  if (total) (total as T).backward();
  return [...ts.map((t) => t.detach()), ...xs.map((x) => x.grad ?? torch.zerosLike(x))];
}

/** Our twin of `runm`: a module built after manualSeed(seed), converted to dtype, in eval mode. */
function runm<M extends nn.Module>(
  seed: number,
  make: () => M,
  dtype: string,
  f: (m: M, ...xs: T[]) => unknown,
  ...inputs: In[]
): T[] {
  torch.manualSeed(seed);
  const m = make().to(dtype).eval();
  return [...run((...xs) => f(m, ...xs), ...inputs), ...[...m.parameters()].map((p) => p.grad!)];
}

const CASES: [string, () => unknown][] = [];
const add = (py: string, ts: () => unknown) => CASES.push([py, ts]);

// ---- packPaddedSequence: values and gradients ----
for (const dt of ["float32", "float64"]) {
  const x = inp(1, [4, 3, 2], dt), xb = inp(2, [3, 4, 2], dt), x2 = inp(3, [4, 3], dt), x4 = inp(4, [4, 3, 2, 2], dt);
  add(
    `run(lambda x: R.pack_padded_sequence(x, [4, 2, 1]), ${x.py})`,
    () => run((x) => R.packPaddedSequence(x, [4, 2, 1]), x),
  );
  add(
    `run(lambda x: R.pack_padded_sequence(x, [4, 4, 1], True), ${xb.py})`,
    () => run((x) => R.packPaddedSequence(x, [4, 4, 1], true), xb),
  );
  // unsorted, with ties: the stable descending sort's order
  add(
    `run(lambda x: R.pack_padded_sequence(x, [2, 4, 2], enforce_sorted=False), ${x.py})`,
    () => run((x) => R.packPaddedSequence(x, [2, 4, 2], { enforceSorted: false }), x),
  );
  add(
    `run(lambda x: R.pack_padded_sequence(x, torch.tensor([1, 3, 4]), batch_first=True, enforce_sorted=False), ${xb.py})`,
    () => run((x) => R.packPaddedSequence(x, torch.tensor([1, 3, 4]), { batchFirst: true, enforceSorted: false }), xb),
  );
  add(
    `run(lambda x: R.pack_padded_sequence(x, torch.tensor([3.7, 1.2, 2.]), False, False), ${x2.py})`,
    () => run((x) => R.packPaddedSequence(x, torch.tensor([3.7, 1.2, 2]), false, false), x2),
  );
  add(
    `run(lambda x: R.pack_padded_sequence(x, [3, 2, 2], enforce_sorted=True), ${x4.py})`,
    () => run((x) => R.packPaddedSequence(x, [3, 2, 2], { enforceSorted: true }), x4),
  );

  // ---- padPackedSequence ----
  for (const bf of [false, true]) {
    const B = bf ? "True" : "False";
    add(
      `run(lambda x: R.pad_packed_sequence(R.pack_padded_sequence(x, [2, 4, 1], enforce_sorted=False), ${B}), ${x.py})`,
      () => run((x) => R.padPackedSequence(R.packPaddedSequence(x, [2, 4, 1], { enforceSorted: false }), bf), x),
    );
    add(
      `run(lambda x: R.pad_packed_sequence(R.pack_padded_sequence(x, [4, 3, 3]), batch_first=${B}, padding_value=-1.5, total_length=6), ${x4.py})`,
      () =>
        run(
          (x) =>
            R.padPackedSequence(R.packPaddedSequence(x, [4, 3, 3]), {
              batchFirst: bf,
              paddingValue: -1.5,
              totalLength: 6,
            }),
          x4,
        ),
    );
  }
  const rows = inp(5, [8, 2], dt);
  add(
    `run(lambda x: R.pad_packed_sequence(R.PackedSequence(x, torch.tensor([3, 2, 2, 1])), True, 2.5), ${rows.py})`,
    () =>
      run(
        (x) => R.padPackedSequence(new PackedSequence(x, torch.tensor([3, 2, 2, 1])), true, { paddingValue: 2.5 }),
        rows,
      ),
  );
  add(
    `run(lambda x: R.pad_packed_sequence(R.PackedSequence(x, torch.tensor([3, 2, 2, 1]), torch.tensor([1, 2, 0])), total_length=4), ${rows.py})`,
    () =>
      run(
        (x) =>
          R.padPackedSequence(new PackedSequence(x, torch.tensor([3, 2, 2, 1]), torch.tensor([1, 2, 0])), {
            totalLength: 4,
          }),
        rows,
      ),
  );

  // ---- padSequence ----
  const a = inp(6, [3, 2], dt), b = inp(7, [1, 2], dt), c = inp(8, [4, 2], dt);
  for (const bf of [false, true]) {
    for (const side of ["right", "left"]) {
      add(
        `run(lambda a, b, c: R.pad_sequence([a, b, c], ${
          bf ? "True" : "False"
        }, -2., '${side}'), ${a.py}, ${b.py}, ${c.py})`,
        () => run((a, b, c) => R.padSequence([a, b, c], bf, -2, side), a, b, c),
      );
    }
  }
  add(
    `run(lambda a, b, c: R.pad_sequence([a, b, c], padding_side='left', batch_first=True), ${a.py}, ${b.py}, ${c.py})`,
    () => run((a, b, c) => R.padSequence([a, b, c], { paddingSide: "left", batchFirst: true }), a, b, c),
  );
  add(
    `run(lambda a, b, c: R.pad_sequence([a, b, c], True, padding_side='left'), ${a.py}, ${b.py}, ${c.py})`,
    () => run((a, b, c) => R.padSequence([a, b, c], true, { paddingSide: "left" }), a, b, c),
  );
  // a later sequence broadcast to the first one's trailing dims, and cast to its dtype
  const a1 = inp(9, [2, 1], dt), other = inp(10, [3, 2], dt === "float32" ? "float64" : "float32");
  add(
    `run(lambda a, b, c: R.pad_sequence([a, b, c]), ${a.py}, ${a1.py}, ${other.py})`,
    () => run((a, b, c) => R.padSequence([a, b, c]), a, a1, other),
  );
  add(`run(lambda x: R.pad_sequence(x, True), ${x.py})`, () => run((x) => R.padSequence(x, true), x));

  // ---- packSequence, unpadSequence, unpackSequence ----
  add(
    `run(lambda a, b, c: R.pack_sequence([c, a, b]), ${a.py}, ${b.py}, ${c.py})`,
    () => run((a, b, c) => R.packSequence([c, a, b]), a, b, c),
  );
  add(
    `run(lambda a, b, c: R.pack_sequence([a, b, c], enforce_sorted=False), ${a.py}, ${b.py}, ${c.py})`,
    () => run((a, b, c) => R.packSequence([a, b, c], { enforceSorted: false }), a, b, c),
  );
  add(
    `run(lambda a, b, c: R.pack_sequence([a, b, c], False), ${a.py}, ${b.py}, ${c.py})`,
    () => run((a, b, c) => R.packSequence([a, b, c], false), a, b, c),
  );
  // (PyTorch transposes a time-major input in place: the copy keeps its leaf out of it)
  add(
    `run(lambda x: R.unpad_sequence(x * 1, torch.tensor([3, 1, 4])), ${x.py})`,
    () => run((x) => R.unpadSequence(x.mul(1), torch.tensor([3, 1, 4])), x),
  );
  add(
    `run(lambda x: R.unpad_sequence(x, torch.tensor([2, 4, 1]), batch_first=True), ${xb.py})`,
    () => run((x) => R.unpadSequence(x, torch.tensor([2, 4, 1]), { batchFirst: true }), xb),
  );
  add(
    `run(lambda x: R.unpad_sequence(x, torch.tensor([2.5, 9, -1]), True), ${xb.py})`,
    () => run((x) => R.unpadSequence(x, torch.tensor([2.5, 9, -1]), true), xb),
  );
  add(
    `run(lambda a, b, c: R.unpack_sequence(R.pack_sequence([a, b, c], enforce_sorted=False)), ${a.py}, ${b.py}, ${c.py})`,
    () => run((a, b, c) => R.unpackSequence(R.packSequence([a, b, c], { enforceSorted: false })), a, b, c),
  );
}

// lengths past the padded length: ATen clamps the slice (the batch sizes still count the missing steps)
add(
  "tuple(R.pack_padded_sequence(torch.arange(24.).reshape(4, 3, 2), [6, 2, 1]))[:2]",
  () => [...R.packPaddedSequence(torch.arange(24, { dtype: "float32" }).reshape(4, 3, 2), [6, 2, 1])].slice(0, 2),
);

// ---- integer data, invertPermutation, PackedSequence's fields, conversions and repr ----
const seq = "torch.tensor([[1, 2, 0], [3, 0, 0], [4, 5, 6]])";
const SEQ = () => torch.tensor([[1, 2, 0], [3, 0, 0], [4, 5, 6]]);
const packedPy = `R.pack_padded_sequence(${seq}, [2, 1, 3], batch_first=True, enforce_sorted=False)`;
const packed = () => R.packPaddedSequence(SEQ(), [2, 1, 3], { batchFirst: true, enforceSorted: false });
add(`tuple(${packedPy})`, () => [...packed()]);
add(
  `R.pad_packed_sequence(${packedPy}, batch_first=True, padding_value=7)`,
  () => R.padPackedSequence(packed(), true, 7),
);
add(`R.unpack_sequence(${packedPy})`, () => R.unpackSequence(packed()));
add(`str(${packedPy})`, () => String(packed()));
add(
  `str(R.pack_sequence([torch.tensor([1., 2.]), torch.tensor([3.])]))`,
  () => String(R.packSequence([torch.tensor([1, 2], { dtype: "float32" }), torch.tensor([3], { dtype: "float32" })])),
);
add(`str(${packedPy}.double())`, () => String(packed().double()));
add(`str(${packedPy}.to(torch.float32))`, () => String(packed().to("float32")));
add(`str(${packedPy}.double().float())`, () => String(packed().double().float()));
add(`str(${packedPy}.double().long())`, () => String(packed().double().long()));
add(`str(${packedPy}.int())`, () => String(packed().int()));
add(`str(${packedPy}.cpu().is_cuda)`, () => packed().cpu().isCuda);
add("R.invert_permutation(torch.tensor([2, 0, 3, 1]))", () => R.invertPermutation(torch.tensor([2, 0, 3, 1])));
add("str(R.invert_permutation(None))", () => String(R.invertPermutation(null) ?? "None"));
add(
  "R.invert_permutation(torch.tensor([2, 0, 1], dtype=torch.int32))",
  () => R.invertPermutation(torch.tensor([2, 0, 1], { dtype: "int32" })),
);
add(
  "tuple(R.PackedSequence((torch.tensor([1., 2., 3.]), torch.tensor([2, 1]))))[:2]",
  () => [...new PackedSequence([torch.tensor([1, 2, 3], { dtype: "float32" }), torch.tensor([2, 1])])].slice(0, 2),
);
add(
  "tuple(R.PackedSequence(torch.tensor([1., 2., 3.]), torch.tensor([2, 1]), torch.tensor([1, 0])))",
  () => [
    ...new PackedSequence(torch.tensor([1, 2, 3], { dtype: "float32" }), torch.tensor([2, 1]), torch.tensor([1, 0])),
  ],
);

// ---- errors ----
const X = "torch.zeros(3, 2, 2)", Z = () => torch.zeros(3, 2, 2);
const errors: [string, () => unknown][] = [
  [`R.pack_padded_sequence(${X}, [2, 3])`, () => R.packPaddedSequence(Z(), [2, 3])],
  [`R.pack_sequence([torch.ones(2), torch.ones(3)])`, () => R.packSequence([torch.ones(2), torch.ones(3)])],
  [`R.pack_padded_sequence(${X}, [2, 0])`, () => R.packPaddedSequence(Z(), [2, 0])],
  [
    `R.pack_padded_sequence(${X}, [0, 2], enforce_sorted=False)`,
    () => R.packPaddedSequence(Z(), [0, 2], { enforceSorted: false }),
  ],
  [`R.pack_padded_sequence(${X}, [2, 2, 1])`, () => R.packPaddedSequence(Z(), [2, 2, 1])],
  [`R.pack_padded_sequence(${X}, [3, 2], True)`, () => R.packPaddedSequence(Z(), [3, 2], true)],
  [`R.pack_padded_sequence(${X}, torch.tensor([[2, 1]]))`, () => R.packPaddedSequence(Z(), torch.tensor([[2, 1]]))],
  ["R.pack_padded_sequence(torch.zeros(0, 2), [2, 1])", () => R.packPaddedSequence(torch.zeros(0, 2), [2, 1])],
  [
    "R.pad_packed_sequence(R.PackedSequence(torch.ones(3), torch.tensor([2, 1], dtype=torch.int32)))",
    () => R.padPackedSequence(new PackedSequence(torch.ones(3), torch.tensor([2, 1], { dtype: "int32" }))),
  ],
  [
    "R.pad_packed_sequence(R.PackedSequence(torch.ones(3), torch.tensor([], dtype=torch.long)))",
    () => R.padPackedSequence(new PackedSequence(torch.ones(3), torch.tensor([], { dtype: "int64" }))),
  ],
  [
    "R.pad_packed_sequence(R.PackedSequence(torch.ones(2), torch.tensor([2, 1])))",
    () => R.padPackedSequence(new PackedSequence(torch.ones(2), torch.tensor([2, 1]))),
  ],
  [
    "R.pad_packed_sequence(R.PackedSequence(torch.ones(3), torch.tensor([1, 2])))",
    () => R.padPackedSequence(new PackedSequence(torch.ones(3), torch.tensor([1, 2]))),
  ],
  [`R.pad_packed_sequence(${packedPy}, total_length=2)`, () => R.padPackedSequence(packed(), { totalLength: 2 })],
  [`R.pad_packed_sequence(${packedPy}, False, 0, 0)`, () => R.padPackedSequence(packed(), false, 0, 0)],
  ["R.pad_sequence([])", () => R.padSequence([])],
  ["R.pad_sequence([torch.ones(2, 3), torch.ones(3, 2)])", () => R.padSequence([torch.ones(2, 3), torch.ones(3, 2)])],
  ["R.pad_sequence([torch.ones(2), torch.ones(3, 1)])", () => R.padSequence([torch.ones(2), torch.ones(3, 1)])],
  [
    "R.pad_sequence([torch.ones(2, 3)], padding_side='middle')",
    () => R.padSequence([torch.ones(2, 3)], { paddingSide: "middle" }),
  ],
  ["R.pad_sequence([torch.tensor(1.)])", () => R.padSequence([torch.tensor(1)])],
  [
    "R.unpad_sequence(torch.ones(3, 2), torch.tensor([2, 1, 1]))",
    () => R.unpadSequence(torch.ones(3, 2), torch.tensor([2, 1, 1])),
  ],
  ["R.unpad_sequence(torch.ones(3, 2), torch.tensor([2]))", () => R.unpadSequence(torch.ones(3, 2), torch.tensor([2]))],
];
for (const [py, ts] of errors) add(py, ts);
// errors whose wording is dendrite's own (the class is PyTorch's): an index past a 1-D input's dims, a Python type name
const ANY_MESSAGE: [string, () => unknown][] = [
  ["R.pack_padded_sequence(torch.zeros(3), [2])", () => R.packPaddedSequence(torch.zeros(3), [2])],
  ["R.pad_sequence(3)", () => R.padSequence(3)],
  ["R.pad_sequence([torch.ones(2), torch.tensor(1.)])", () => R.padSequence([torch.ones(2), torch.tensor(1)])],
];

// ---- nn.RNN / LSTM / GRU on packed input ----
const MODULES: [py: string, ts: () => nn.RNNBase, lstm: boolean, hidden: number, layers: number][] = [
  ["nn.RNN(3, 4)", () => new nn.RNN(3, 4), false, 4, 1],
  [
    "nn.RNN(3, 4, 2, nonlinearity='relu', bidirectional=True)",
    () => new nn.RNN(3, 4, 2, "relu", { bidirectional: true }),
    false,
    4,
    4,
  ],
  [
    "nn.RNN(3, 4, bias=False, batch_first=True)",
    () => new nn.RNN(3, 4, { bias: false, batchFirst: true }),
    false,
    4,
    1,
  ],
  ["nn.LSTM(3, 4)", () => new nn.LSTM(3, 4), true, 4, 1],
  ["nn.LSTM(3, 4, 2, bidirectional=True)", () => new nn.LSTM(3, 4, 2, { bidirectional: true }), true, 4, 4],
  [
    "nn.LSTM(3, 5, 2, proj_size=2, bidirectional=True)",
    () => new nn.LSTM(3, 5, 2, { projSize: 2, bidirectional: true }),
    true,
    2,
    4,
  ],
  ["nn.LSTM(3, 5, proj_size=3)", () => new nn.LSTM(3, 5, { projSize: 3 }), true, 3, 1],
  ["nn.GRU(3, 4)", () => new nn.GRU(3, 4), false, 4, 1],
  [
    "nn.GRU(3, 4, 2, bidirectional=True, batch_first=True)",
    () => new nn.GRU(3, 4, 2, { batchFirst: true, bidirectional: true }),
    false,
    4,
    4,
  ],
];
MODULES.forEach(([py, make, lstm, hidden, layers], k) => {
  const cell = py.includes("proj_size") ? 5 : hidden;
  for (const dt of ["float32", "float64"]) {
    const x = inp(20 + k, [3, 5, 3], dt),
      h = inp(40 + k, [layers, 3, hidden], dt),
      c = inp(60 + k, [layers, 3, cell], dt);
    // unsorted lengths, zero initial states
    add(
      `runm(${k}, lambda: ${py}, '${dt}', lambda m, x: m(R.pack_padded_sequence(x, [3, 5, 2], batch_first=True, enforce_sorted=False)), ${x.py})`,
      () =>
        runm(
          k,
          make,
          dt,
          (m, x) =>
            (m as nn.RNN).forward(R.packPaddedSequence(x, [3, 5, 2], { batchFirst: true, enforceSorted: false })),
          x,
        ),
    );
    // given initial states (permuted into the packed order and back), the output padded again
    if (lstm) {
      add(
        `runm(${k}, lambda: ${py}, '${dt}', lambda m, x, h, c: (lambda o: (R.pad_packed_sequence(o[0]), o[1]))(m(R.pack_padded_sequence(x, [2, 5, 4], True, False), (h, c))), ${x.py}, ${h.py}, ${c.py})`,
        () =>
          runm(
            k,
            make,
            dt,
            (m, x, h, c) => {
              const [o, hc] = (m as nn.LSTM).forward(R.packPaddedSequence(x, [2, 5, 4], true, false), [h, c]);
              return [R.padPackedSequence(o), hc];
            },
            x,
            h,
            c,
          ),
      );
    } else {
      add(
        `runm(${k}, lambda: ${py}, '${dt}', lambda m, x, h: m(R.pack_sequence([x[0], x[1][:3], x[2][:4]], enforce_sorted=False), h), ${x.py}, ${h.py})`,
        () =>
          runm(
            k,
            make,
            dt,
            (m, x, h) =>
              (m as nn.GRU).forward(
                R.packSequence([x.select(0, 0), x.select(0, 1).narrow(0, 0, 3), x.select(0, 2).narrow(0, 0, 4)], false),
                h,
              ),
            x,
            h,
          ),
      );
    }
  }
});
add(
  "nn.GRU(3, 4)(R.pack_padded_sequence(torch.ones(5, 3, 3), [5, 4, 2]), torch.zeros(1, 2, 4))",
  () => new nn.GRU(3, 4).forward(R.packPaddedSequence(torch.ones(5, 3, 3), [5, 4, 2]), torch.zeros(1, 2, 4)),
);
add(
  "nn.GRU(2, 4)(R.pack_padded_sequence(torch.ones(4, 3, 2, dtype=torch.float64), [4, 2, 1]))",
  () => new nn.GRU(2, 4).forward(R.packPaddedSequence(torch.ones(4, 3, 2, { dtype: "float64" }), [4, 2, 1])),
);
add(
  "nn.RNN(3, 4)(R.pack_padded_sequence(torch.ones(4, 3, 2), [4, 2, 1]))",
  () => new nn.RNN(3, 4).forward(R.packPaddedSequence(torch.ones(4, 3, 2), [4, 2, 1])),
);
add(
  "nn.GRU(2, 4)(R.PackedSequence(torch.ones(3, 2), torch.tensor([2, 1], dtype=torch.int32)))",
  () => new nn.GRU(2, 4).forward(new PackedSequence(torch.ones(3, 2), torch.tensor([2, 1], { dtype: "int32" }))),
);
// LSTM runs no dtype check of its own on packed input: the first product's error
add(
  "nn.LSTM(2, 3)(R.pack_sequence([torch.ones(2, 2, dtype=torch.float64)]))",
  () => new nn.LSTM(2, 3).forward(R.packSequence([torch.ones(2, 2, { dtype: "float64" })])),
);
// an LSTM's mismatched states: PyTorch fails in the cell arithmetic, dendrite names the state
ANY_MESSAGE.push([
  "nn.LSTM(2, 4)(R.pack_padded_sequence(torch.ones(4, 3, 2), [4, 2, 1]), (torch.zeros(1, 2, 4), torch.zeros(1, 3, 4)))",
  () =>
    new nn.LSTM(2, 4).forward(R.packPaddedSequence(torch.ones(4, 3, 2), [4, 2, 1]), [
      torch.zeros(1, 2, 4),
      torch.zeros(1, 3, 4),
    ]),
]);

const ALL = [...CASES, ...ANY_MESSAGE];
const results = await numpy(ALL.map(([py]) => ({ torch: true, setup: SETUP, expr: py })));

Deno.test("nn.utils.rnn and packed RNN / LSTM / GRU: values, gradients and errors as PyTorch's", () => {
  const main = caseFailures(CASES, results.slice(0, CASES.length), { tol: { rtol: 2e-5, atol: 2e-6 } });
  const loose = caseFailures(ANY_MESSAGE, results.slice(CASES.length), {
    anyMessage: ["RuntimeError", "ValueError", "IndexError", "TypeError"],
  });
  assert.deepEqual([...main, ...loose], []);
});

Deno.test("nn.utils.rnn: call forms, unknown options, PackedSequence's destructuring, to() and errors", () => {
  const x = torch.randn(3, 4, 2);
  const want = R.packPaddedSequence(x, [2, 4, 1], true, false);
  for (
    const p of [
      R.packPaddedSequence(x, [2, 4, 1], { batchFirst: true, enforceSorted: false }),
      R.packPaddedSequence(x, { lengths: [2, 4, 1], batchFirst: true, enforceSorted: false }),
      R.packPaddedSequence(x, [2, 4, 1], true, { enforceSorted: false }),
    ]
  ) {
    assert.deepEqual(p.data.tolist(), want.data.tolist());
    assert.deepEqual(p.sortedIndices!.tolist(), want.sortedIndices!.tolist());
  }
  assert.throws(() => R.packPaddedSequence(x, [4, 2, 1], { enforce_sorted: false } as never), /enforce_sorted/);
  assert.throws(() => R.padSequence([x], { padSide: "left" } as never), /padSide/);
  assert.throws(() => R.padPackedSequence(want, { total: 3 } as never), /total/);
  assert.throws(() => R.padPackedSequence(x as never), TypeError);
  assert.deepEqual(R.padPackedSequence(want, false, { totalLength: 5 })[0].shape, [5, 3, 2]);
  assert.deepEqual(R.padPackedSequence({ sequence: want, batchFirst: true })[0].shape, [3, 4, 2]);
  assert.deepEqual(R.unpadSequence(x, { lengths: torch.tensor([1, 2, 3]), batchFirst: true }).map((s) => s.shape), [
    [1, 2],
    [2, 2],
    [3, 2],
  ]);
  const [data, batchSizes, sorted, unsorted] = want;
  assert.equal(data, want.data);
  assert.equal(batchSizes, want.batchSizes);
  assert.equal(sorted, want.sortedIndices);
  assert.equal(unsorted, want.unsortedIndices);
  // to(): the same object when nothing changes, a converted copy otherwise; batch sizes stay int64 on the CPU
  assert.equal(want.to("float32"), want);
  assert.equal(want.float(), want);
  const dbl = want.double();
  assert.notEqual(dbl, want);
  assert.equal(dbl.data.dtype, "float64");
  assert.equal(dbl.batchSizes, want.batchSizes);
  assert.equal(want.to({ dtype: "float64" }).data.dtype, "float64");
  assert.equal(want.device, "cpu");
  assert.equal(want.isCuda, false);
  assert.throws(
    () => new PackedSequence(x),
    (e: Error) => e instanceof TypeError && /list or tuple of length 2/.test(e.message),
  );
  // an RNN module on packed input keeps accepting padded input as before
  const rnn = new nn.GRU(2, 3);
  const [o, h] = rnn.forward(R.packSequence([torch.randn(3, 2), torch.randn(2, 2)]));
  assert.ok(o instanceof PackedSequence);
  assert.deepEqual([o.data.shape, h.shape], [[5, 3], [1, 2, 3]]);
  assert.deepEqual(rnn.forward(torch.randn(3, 2, 2))[0].shape, [3, 2, 3]);
});

Deno.test("nn.utils.rnn: batch_sizes on another device is refused as PyTorch's ValueError", async () => {
  const { registerBackend } = await import("../../src/backend/backend.ts");
  const { cpuBackend } = await import("../../src/backend/cpu.ts");
  registerBackend(cpuBackend("privateuseone:0"));
  const other = torch.tensor([2, 1]).to("privateuseone:0");
  assert.throws(
    () => new PackedSequence(torch.ones(3), other),
    (e: Error) => e instanceof RangeError && e.message.startsWith("batch_sizes should always be on CPU."),
  );
  // lengths on another device: ATen's checkLongTensor
  assert.throws(
    () => R.packPaddedSequence(torch.zeros(3, 2), torch.tensor([3, 1]).to("privateuseone:0")),
    (e: Error) =>
      e instanceof torch.RuntimeError &&
      e.message === "'lengths' argument should be a 1D CPU int64 tensor, but got 1D privateuseone:0 Long tensor",
  );
});
