/**
 * Tensor.resize_ / resizeAs_ / set_ and the legacy Tensor.new against
 * PyTorch 2.13 (one Python run): shapes, strides, kept elements, shared
 * memory, version counters, call forms and PyTorch's errors. PyTorch leaves
 * grown memory uninitialized, so only the kept elements are compared with
 * it; that dendrite zero-fills the rest is checked on its own.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
const ar = (n: number, dtype: "float32" | "float64" = "float32") => torch.arange(n, { dtype });
/** [values, strides, storage offset] of a tensor (the Python `geo`). */
const geo = (t: T) => [t, torch.tensor(t.stride()), torch.tensor([t.storageOffset()])];
const SETUP = `
import torch
def geo(t):
    return (t, torch.tensor(t.stride()), torch.tensor([t.storage_offset()]))
def shared(y, x):
    x.add_(100)
    return y
`;

const CASES: [string, () => unknown][] = [];
for (const [dt, pdt] of [["float32", "torch.float32"], ["float64", "torch.float64"]] as const) {
  const a = (n: number) => ar(n, dt), pa = (n: number) => `torch.arange(${n}, dtype=${pdt})`;
  CASES.push(
    // resize_: shrinking keeps the memory (C-order strides from the same offset)
    [`geo(${pa(6)}.resize_(2, 2))`, () => geo(a(6).resize_(2, 2))],
    [`geo(${pa(10)}[3:].resize_(2, 2))`, () => geo(a(10).narrow(0, 3, 7).resize_([2, 2]))],
    [`geo(${pa(6)}.reshape(2, 3).t().resize_(3, 2))`, () => geo(a(6).reshape(2, 3).t().resize_({ size: [3, 2] }))],
    [`geo(${pa(6)}.reshape(2, 3).t().resize_(6))`, () => geo(a(6).reshape(2, 3).t().resize_(6))],
    [`geo(${pa(6)}.resize_(0))`, () => geo(a(6).resize_(0))],
    [`geo(${pa(6)}.resize_(()))`, () => geo(a(6).resize_([]))],
    // growing keeps the old elements in C order (the rest is uninitialized in PyTorch)
    [`${pa(6)}.resize_(3, 4).flatten()[:6]`, () => a(6).resize_(3, 4).flatten().narrow(0, 0, 6)],
    [`${pa(10)}[4:].resize_(2, 5).flatten()[:6]`, () => a(10).narrow(0, 4, 6).resize_(2, 5).flatten().narrow(0, 0, 6)],
    // a view made before a shrinking resize_ still shares the memory
    [
      `(lambda x: (lambda v: (x.resize_(2), x.fill_(7), v)[2])(x[1:3]))(${pa(4)})`,
      () => {
        const x = a(4), v = x.narrow(0, 1, 2);
        x.resize_(2).fill_(7);
        return v;
      },
    ],
    // resize_as_
    [`${pa(6)}.resize_as_(torch.zeros(2, 3))`, () => a(6).resizeAs_(torch.zeros(2, 3))],
    [
      `${pa(6)}.resize_as_(torch.zeros(3, 2, dtype=torch.int64))`,
      () => a(6).resizeAs_(torch.zeros(3, 2, { dtype: "int64" })),
    ],
    // set_: an empty tensor, or another tensor's memory (shared: a later write shows through)
    [`(lambda y: (y.set_(), y)[1])(torch.ones(3, dtype=${pdt}))`, () => torch.ones(3, { dtype: dt }).set_()],
    [
      `(lambda x: geo(shared(torch.zeros(2, dtype=${pdt}).set_(x), x)))(${pa(12)}.view(3, 4).t())`,
      () => {
        const x = a(12).view(3, 4).t();
        const y = torch.zeros(2, { dtype: dt }).set_(x);
        x.add_(100);
        return geo(y);
      },
    ],
    [
      `(lambda x: geo(shared(torch.zeros(0, dtype=${pdt}).set_(x, 2, (2, 3)), x)))(${pa(12)})`,
      () => {
        const x = a(12), y = torch.zeros(0, { dtype: dt }).set_(x, 2, [2, 3]);
        x.add_(100);
        return geo(y);
      },
    ],
    [
      `geo(torch.zeros(0, dtype=${pdt}).set_(${pa(12)}, 2, (2, 3), (4, 1)))`,
      () => geo(torch.zeros(0, { dtype: dt }).set_(a(12), 2, [2, 3], [4, 1])),
    ],
    [
      `geo(torch.zeros(0, dtype=${pdt}).set_(source=${pa(12)}, storage_offset=1, size=(3,), stride=(2,)))`,
      () => geo(torch.zeros(0, { dtype: dt }).set_({ source: a(12), storageOffset: 1, size: [3], stride: [2] })),
    ],
    [
      `geo(torch.zeros(0, dtype=${pdt}).set_(${pa(12)}, 1, size=(3,), stride=(2,)))`,
      () => geo(torch.zeros(0, { dtype: dt }).set_(a(12), 1, { size: [3], stride: [2] })),
    ],
    // the offset counts from a view source's own offset
    [
      `geo(torch.zeros(0, dtype=${pdt}).set_(${pa(12)}[2:], 1, (2, 2)))`,
      () => geo(torch.zeros(0, { dtype: dt }).set_(a(12).narrow(0, 2, 10), 1, [2, 2])),
    ],
    [
      `geo(torch.zeros(0, dtype=${pdt}).set_(${pa(12)}[2:]))`,
      () => geo(torch.zeros(0, { dtype: dt }).set_(a(12).narrow(0, 2, 10))),
    ],
    // reaching past the memory: the kept elements
    [
      `torch.zeros(0, dtype=${pdt}).set_(${pa(12)}, 2, (4, 4)).flatten()[:10]`,
      () => torch.zeros(0, { dtype: dt }).set_(a(12), 2, [4, 4]).flatten().narrow(0, 0, 10),
    ],
    // Tensor.new: this tensor's dtype
    [`torch.zeros(2, dtype=${pdt}).new([True, False])`, () => torch.zeros(2, { dtype: dt }).new([true, false])],
    [`torch.zeros(2, dtype=${pdt}).new(2, 3).zero_()`, () => torch.zeros(2, { dtype: dt }).new(2, 3).zero_()],
    [`torch.zeros(2, dtype=${pdt}).new()`, () => torch.zeros(2, { dtype: dt }).new()],
    [
      `torch.zeros(2, dtype=${pdt}).new([[1.5, 2], [3, 4]], device='cpu')`,
      () => torch.zeros(2, { dtype: dt }).new([[1.5, 2], [3, 4]], { device: "cpu" }),
    ],
  );
}
const i32 = () => torch.tensor([1, 2], { dtype: "int32" });
const I32 = "torch.tensor([1, 2], dtype=torch.int32)";
CASES.push(
  [`${I32}.new([1.7, -2.7])`, () => i32().new([1.7, -2.7])],
  [`${I32}.new(3, device='cpu').zero_()`, () => i32().new(3, { device: "cpu" }).zero_()],
  [`(lambda o: (${I32}.new(o).add_(1), o)[1])(torch.tensor([5, 6], dtype=torch.int32))`, () => {
    const o = torch.tensor([5, 6], { dtype: "int32" });
    i32().new(o).add_(1);
    return o;
  }],
  // version counters: resize_ to a new size bumps it, to the same size does not
  [
    "(lambda a: torch.tensor([a._version, a.resize_(3)._version, a.resize_(2)._version, a.resize_(2, 1)._version]))(torch.ones(3))",
    () => {
      const a = torch.ones(3), v = () => a.storage.version;
      return torch.tensor([v(), (a.resize_(3), v()), (a.resize_(2), v()), (a.resize_(2, 1), v())]);
    },
  ],
  // PyTorch's errors
  ["torch.zeros(2).resize_(-1, 2)", () => torch.zeros(2).resize_(-1, 2)],
  ["torch.zeros(2, requires_grad=True).resize_(3)", () => torch.zeros(2, { requiresGrad: true }).resize_(3)],
  [
    "torch.zeros(2, requires_grad=True).resize_as_(torch.zeros(3))",
    () => torch.zeros(2, { requiresGrad: true }).resizeAs_(torch.zeros(3)),
  ],
  [
    "torch.zeros(0, dtype=torch.float64).set_(torch.arange(3.))",
    () => torch.zeros(0, { dtype: "float64" }).set_(ar(3)),
  ],
  ["torch.zeros(0).set_(torch.arange(3.), -1, (2,))", () => torch.zeros(0).set_(ar(3), -1, [2])],
  ["torch.zeros(0).set_(torch.arange(3.), 0, (2,), (-1,))", () => torch.zeros(0).set_(ar(3), 0, [2], [-1])],
  [
    "torch.zeros(2, requires_grad=True).set_(torch.arange(3.))",
    () => torch.zeros(2, { requiresGrad: true }).set_(ar(3)),
  ],
  ["torch.zeros(0).set_(torch.arange(3.), 0, (-1,))", () => torch.zeros(0).set_(ar(3), 0, [-1])],
  ["torch.zeros(0).set_(torch.arange(3.), 0, (2,), (1, 1))", () => torch.zeros(0).set_(ar(3), 0, [2], [1, 1])],
  [`${I32}.new(torch.ones(2))`, () => i32().new(torch.ones(2))],
  [`${I32}.new(2.5)`, () => i32().new(2.5 as never)],
  [`${I32}.new(2, -1)`, () => i32().new(2, -1)],
);
// errors whose PyTorch text is its argument parser's (class compared)
const LOOSE: [string, () => unknown][] = [
  ["torch.zeros(0).set_(torch.arange(3.), 0)", () => (torch.zeros(0).set_ as (...a: unknown[]) => T)(ar(3), 0)],
  ["torch.zeros(2).new(2, dtype=torch.float64)", () => torch.zeros(2).new(2, { dtype: "float64" } as never)],
  ["torch.zeros(2).new(2, foo=1)", () => torch.zeros(2).new(2, { foo: 1 } as never)],
  ["torch.zeros(2).new('ab')", () => torch.zeros(2).new("ab")],
  [
    "(lambda w, a: (lambda y: (a.resize_(2), y.backward()))((w * a).sum()))(torch.ones(3, requires_grad=True), torch.ones(3))",
    () => {
      const w = torch.ones(3, { requiresGrad: true }), a = torch.ones(3);
      const y = w.mul(a).sum();
      a.resize_(2);
      y.backward();
    },
  ],
];

const results = await numpy([...CASES, ...LOOSE].map(([py]) => ({ torch: true, setup: SETUP, expr: py })));

Deno.test("resize_ / resizeAs_ / set_ / new: values, geometry and errors as PyTorch's", () => {
  assert.deepEqual(caseFailures(CASES, results.slice(0, CASES.length)), []);
  assert.deepEqual(
    caseFailures(LOOSE, results.slice(CASES.length), { anyMessage: ["RuntimeError", "TypeError"] }),
    [],
  );
});

Deno.test("grown memory is zero-filled here; sizes, data and tensors all make tensors of this dtype", () => {
  assert.deepEqual(ar(3).resize_(2, 3).tolist(), [[0, 1, 2], [0, 0, 0]]);
  assert.deepEqual(torch.zeros(0).set_(ar(4), 2, [2, 2]).tolist(), [[2, 3], [0, 0]]);
  assert.deepEqual(ar(2).new(2, 2).tolist(), [[0, 0], [0, 0]]);
  const t = torch.zeros(2, { dtype: "float64", requiresGrad: true });
  const n = t.new(3);
  assert.equal(n.dtype, "float64");
  assert.equal(n.requiresGrad, false);
  // the call forms of resize_ agree
  for (const r of [ar(6).resize_(2, 3), ar(6).resize_([2, 3]), ar(6).resize_({ size: [2, 3] })]) {
    assert.deepEqual(r.tolist(), [[0, 1, 2], [3, 4, 5]]);
  }
  assert.throws(() => ar(6).resize_({ shape: [2, 3] } as never), /shape/);
  assert.throws(() => ar(6).set_({ src: ar(2) } as never), /src/);
  assert.throws(() => ar(6).resizeAs_([2, 3] as never), TypeError);
  // set_ without a source takes no geometry
  assert.throws(() => (ar(6).set_ as (...a: unknown[]) => T)(null, 0, [1]), TypeError);
});

Deno.test("set_ shares memory and lifetime: the source may be disposed, the storage lives on", () => {
  const x = ar(6), y = torch.zeros(0).set_(x, 1, [2]);
  x.dispose();
  assert.deepEqual(y.tolist(), [1, 2]);
  y.fill_(9);
  const z = torch.zeros(0).set_(y);
  y.dispose();
  assert.deepEqual(z.tolist(), [9, 9]);
  // the old memory of a tensor that set_ rebinds is dropped, not released under other holders
  const a = ar(4), v = a.narrow(0, 1, 2);
  a.set_();
  assert.deepEqual(a.shape, [0]);
  assert.deepEqual(v.tolist(), [1, 2]);
});
