/**
 * torch's `out=`: an out of another shape is resized to the result's (with
 * PyTorch's warning when it had elements), and each op's dtype rule for
 * out (exact, castable, int64 indices, bool) with PyTorch's messages. The
 * expectations are PyTorch 2.13's answers to the same calls (an empty out
 * of each dtype; null: accepted).
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import type { Tensor } from "../../src/torch/tensor.ts";

const a = torch.ones(2, 3), m = torch.ones(3, 2), v = torch.ones(3), i = torch.tensor([[0, 1], [1, 0]]);
const DTYPES = ["float64", "int64", "int32", "bool", "float32"] as const;

/** amax's and amin's (the same words) */
const AMAX_RULE = {
  "float64":
    "Expected the dtype for input and out to match, but got Float for input's dtype and Double for out's dtype.",
  "int64": "Expected the dtype for input and out to match, but got Float for input's dtype and Long for out's dtype.",
  "int32": "Expected the dtype for input and out to match, but got Float for input's dtype and Int for out's dtype.",
  "bool": "Expected the dtype for input and out to match, but got Float for input's dtype and Bool for out's dtype.",
  "float32": null,
};

/** op: [the call with `out`, PyTorch's error for an empty out of each dtype (null: it works)] */
const RULES: Record<string, [(o: Tensor) => unknown, Record<(typeof DTYPES)[number], string | null>]> = {
  "matmul": [(o) => torch.matmul(a, m, { out: o }), {
    "float64": "Expected out tensor to have dtype float, but got double instead",
    "int64": "Expected out tensor to have dtype float, but got long int instead",
    "int32": "Expected out tensor to have dtype float, but got int instead",
    "bool": "Expected out tensor to have dtype float, but got bool instead",
    "float32": null,
  }],
  "mm": [(o) => torch.mm(a, m, { out: o }), {
    "float64": "Expected out tensor to have dtype float, but got double instead",
    "int64": "Expected out tensor to have dtype float, but got long int instead",
    "int32": "Expected out tensor to have dtype float, but got int instead",
    "bool": "Expected out tensor to have dtype float, but got bool instead",
    "float32": null,
  }],
  "bmm": [(o) => torch.bmm(a.unsqueeze(0), m.unsqueeze(0), { out: o }), {
    "float64": "Expected out tensor to have dtype float, but got double instead",
    "int64": "Expected out tensor to have dtype float, but got long int instead",
    "int32": "Expected out tensor to have dtype float, but got int instead",
    "bool": "Expected out tensor to have dtype float, but got bool instead",
    "float32": null,
  }],
  "mv": [(o) => torch.mv(a, v, { out: o }), {
    "float64": "Expected out tensor to have dtype float, but got double instead",
    "int64": "Expected out tensor to have dtype float, but got long int instead",
    "int32": "Expected out tensor to have dtype float, but got int instead",
    "bool": "Expected out tensor to have dtype float, but got bool instead",
    "float32": null,
  }],
  "dot": [(o) => torch.dot(v, v, { out: o }), {
    "float64": "result dtype Double does not match input dtype Float",
    "int64": "result dtype Long does not match input dtype Float",
    "int32": "result dtype Int does not match input dtype Float",
    "bool": "result dtype Bool does not match input dtype Float",
    "float32": null,
  }],
  "outer": [(o) => torch.outer(v, v, { out: o }), {
    "float64": null,
    "int64": "result type Float can't be cast to the desired output type Long",
    "int32": "result type Float can't be cast to the desired output type Int",
    "bool": "result type Float can't be cast to the desired output type Bool",
    "float32": null,
  }],
  "argmax": [(o) => torch.argmax(a, 1, { out: o }), {
    "float64": "Expected out tensor to have dtype long int, but got double instead",
    "int64": null,
    "int32": "Expected out tensor to have dtype long int, but got int instead",
    "bool": "Expected out tensor to have dtype long int, but got bool instead",
    "float32": "Expected out tensor to have dtype long int, but got float instead",
  }],
  "argmin": [(o) => torch.argmin(a, 1, { out: o }), {
    "float64": "Expected out tensor to have dtype long int, but got double instead",
    "int64": null,
    "int32": "Expected out tensor to have dtype long int, but got int instead",
    "bool": "Expected out tensor to have dtype long int, but got bool instead",
    "float32": "Expected out tensor to have dtype long int, but got float instead",
  }],
  "cat": [(o) => torch.cat([a, a], { out: o }), {
    "float64": null,
    "int64": "torch.cat(): input types can't be cast to the desired output type Long",
    "int32": "torch.cat(): input types can't be cast to the desired output type Int",
    "bool": "torch.cat(): input types can't be cast to the desired output type Bool",
    "float32": null,
  }],
  "stack": [(o) => torch.stack([a, a], { out: o }), {
    "float64": null,
    "int64": "torch.cat(): input types can't be cast to the desired output type Long",
    "int32": "torch.cat(): input types can't be cast to the desired output type Int",
    "bool": "torch.cat(): input types can't be cast to the desired output type Bool",
    "float32": null,
  }],
  "gather": [(o) => torch.gather(a, 1, i, { out: o }), {
    "float64": "Expected out tensor to have dtype float, but got double instead",
    "int64": "Expected out tensor to have dtype float, but got long int instead",
    "int32": "Expected out tensor to have dtype float, but got int instead",
    "bool": "Expected out tensor to have dtype float, but got bool instead",
    "float32": null,
  }],
  "index_select": [(o) => torch.indexSelect(a, 1, i.get(0), { out: o }), {
    "float64": "index_select(): self and result must have the same scalar type",
    "int64": "index_select(): self and result must have the same scalar type",
    "int32": "index_select(): self and result must have the same scalar type",
    "bool": "index_select(): self and result must have the same scalar type",
    "float32": null,
  }],
  "nonzero": [(o) => torch.nonzero(a, { out: o }), {
    "float64": "nonzero: Expected out tensor to have scalar type Long but got scalar typeDouble",
    "int64": null,
    "int32": "nonzero: Expected out tensor to have scalar type Long but got scalar typeInt",
    "bool": "nonzero: Expected out tensor to have scalar type Long but got scalar typeBool",
    "float32": "nonzero: Expected out tensor to have scalar type Long but got scalar typeFloat",
  }],
  "triu": [(o) => torch.triu(a, { out: o }), {
    "float64": "Expected out tensor to have dtype float, but got double instead",
    "int64": "Expected out tensor to have dtype float, but got long int instead",
    "int32": "Expected out tensor to have dtype float, but got int instead",
    "bool": "Expected out tensor to have dtype float, but got bool instead",
    "float32": null,
  }],
  "tril": [(o) => torch.tril(a, { out: o }), {
    "float64": "Expected out tensor to have dtype float, but got double instead",
    "int64": "Expected out tensor to have dtype float, but got long int instead",
    "int32": "Expected out tensor to have dtype float, but got int instead",
    "bool": "Expected out tensor to have dtype float, but got bool instead",
    "float32": null,
  }],
  "mean": [(o) => torch.mean(a, 1, { out: o }), {
    "float64": null,
    "int64": "result type Float can't be cast to the desired output type Long",
    "int32": "result type Float can't be cast to the desired output type Int",
    "bool": "result type Float can't be cast to the desired output type Bool",
    "float32": null,
  }],
  "sum": [(o) => torch.sum(a, 1, { out: o }), {
    "float64": null,
    "int64": null,
    "int32": null,
    "bool": null,
    "float32": null,
  }],
  "amax": [(o) => torch.amax(a, 1, { out: o }), AMAX_RULE],
  "amin": [(o) => torch.amin(a, 1, { out: o }), AMAX_RULE],
  "logsumexp": [(o) => torch.logsumexp(a, 1, { out: o }), {
    "float64": null,
    "int64": "logsumexp(): Expected floating point type for result tensor, but got: Long",
    "int32": "logsumexp(): Expected floating point type for result tensor, but got: Int",
    "bool": "logsumexp(): Expected floating point type for result tensor, but got: Bool",
    "float32": null,
  }],
  "solve": [(o) => torch.linalg.solve(torch.eye(2), torch.ones(2, 2), { out: o }), {
    "float64": "Expected out tensor to have dtype float, but got double instead",
    "int64": "Expected out tensor to have dtype float, but got long int instead",
    "int32": "Expected out tensor to have dtype float, but got int instead",
    "bool": "Expected out tensor to have dtype float, but got bool instead",
    "float32": null,
  }],
  "all": [(o) => torch.all(a, 1, { out: o }), {
    "float64": "all only supports bool tensor for result, got: Double",
    "int64": "all only supports bool tensor for result, got: Long",
    "int32": "all only supports bool tensor for result, got: Int",
    "bool": null,
    "float32": "all only supports bool tensor for result, got: Float",
  }],
  "any": [(o) => torch.any(a, 1, { out: o }), {
    "float64": "any only supports bool tensor for result, got: Double",
    "int64": "any only supports bool tensor for result, got: Long",
    "int32": "any only supports bool tensor for result, got: Int",
    "bool": null,
    "float32": "any only supports bool tensor for result, got: Float",
  }],
  "add": [(o) => torch.add(a, a, { out: o }), {
    "float64": null,
    "int64": "result type Float can't be cast to the desired output type Long",
    "int32": "result type Float can't be cast to the desired output type Int",
    "bool": "result type Float can't be cast to the desired output type Bool",
    "float32": null,
  }],
  "clamp": [(o) => torch.clamp(a, 0, 1, { out: o }), {
    "float64": "Found dtype Double but expected Float",
    "int64": "Found dtype Long but expected Float",
    "int32": "Found dtype Int but expected Float",
    "bool": "Found dtype Bool but expected Float",
    "float32": null,
  }],
};

Deno.test("out=: each op's dtype rule and message are PyTorch's", () => {
  const wrong: string[] = [];
  for (const [name, [call, want]] of Object.entries(RULES)) {
    for (const dt of DTYPES) {
      let got: string | null = null;
      try {
        call(torch.empty(0, { dtype: dt }));
      } catch (e) {
        got = (e as Error).message;
      }
      if (got !== want[dt]) wrong.push(`${name} out ${dt}: ${got} (PyTorch: ${want[dt]})`);
    }
  }
  assert.deepEqual(wrong, []);
});

/** Runs `fn` collecting what it prints with console.warn. */
function warnings(fn: () => void): string[] {
  const seen: string[] = [], warn = console.warn;
  console.warn = (...xs: unknown[]) => void seen.push(xs.join(" "));
  try {
    fn();
  } finally {
    console.warn = warn;
  }
  return seen;
}

Deno.test("out=: an out of another shape is resized to the result's, as PyTorch does", () => {
  const x = torch.arange(6, { dtype: "float32" }).reshape(2, 3);
  const cases: [string, (o: Tensor) => Tensor, Tensor][] = [
    ["add", (o) => torch.add(x, x, { out: o }), x.add(x)],
    ["exp", (o) => torch.exp(x, { out: o }), x.exp()],
    ["sum", (o) => torch.sum(x, 1, { out: o }), x.sum(1)],
    ["matmul", (o) => torch.matmul(x, x.t(), { out: o }), x.matmul(x.t())],
    ["cat", (o) => torch.cat([x, x], { out: o }), torch.cat([x, x])],
    ["clamp", (o) => torch.clamp(x, 1, 4, { out: o }), x.clamp(1, 4)],
    ["logsumexp", (o) => torch.logsumexp(x, 1, { out: o }), x.logsumexp(1)],
  ];
  for (const [name, call, want] of cases) {
    // an empty out takes the result's shape without a word
    const empty = torch.empty(0);
    let r: Tensor | undefined;
    assert.deepEqual(warnings(() => r = call(empty)), [], name);
    assert.equal(r, empty, name);
    assert.deepEqual(empty.shape, want.shape, name);
    assert.deepEqual(empty.tolist(), want.tolist(), name);
    // a too small one too, with PyTorch's deprecation warning
    const small = torch.zeros(5, 7);
    const said = warnings(() => r = call(small));
    assert.equal(r, small, name);
    assert.deepEqual(small.tolist(), want.tolist(), name);
    assert.match(said.join("\n"), /An output with one or more elements was resized since it had shape \[5, 7\]/, name);
  }
});

Deno.test("out=: a resized out keeps its memory when it is big enough, and a view of it stays a view", () => {
  const base = torch.zeros(12);
  const o = base.get("0:12");
  warnings(() => torch.add(torch.ones(2, 3), 1, { out: o }));
  assert.deepEqual(o.shape, [2, 3]);
  assert.deepEqual(base.tolist().slice(0, 6), [2, 2, 2, 2, 2, 2]); // written where the out's memory was
});

Deno.test("out=: np keeps NumPy's error for an out of the wrong shape", async () => {
  const { np } = await import("../../mod.ts");
  assert.throws(() => np.add(np.ones([2, 3]), 1, { out: np.empty([3]) }), /non-broadcastable output operand/);
  assert.throws(
    () => np.sum(np.ones([2, 3]), 1, { out: np.empty([3]) }),
    /output array has shape \[3\] but the result has shape \[2\]/,
  );
});

Deno.test("out=: np ufuncs broadcast their inputs to a bigger out (NumPy's rule; out itself never broadcasts)", async () => {
  const { np } = await import("../../mod.ts");
  // NumPy 2.4: np.trunc([1.5], out=np.empty(2)) -> [1, 1]; np.sin([1.5], np.empty((2, 1))); np.add([1.5], 1, np.empty(3))
  const o1 = np.empty(2);
  assert.equal(np.trunc(np.array([1.5]), { out: o1 }), o1);
  assert.deepEqual(o1.tolist(), [1, 1]);
  const o2 = np.empty([2, 1]);
  np.sin(np.array([0]), o2);
  assert.deepEqual(o2.tolist(), [[0], [0]]);
  const o3 = np.empty(3);
  np.add(np.array([1.5]), 1, o3);
  assert.deepEqual(o3.tolist(), [2.5, 2.5, 2.5]);
  // with where=: out [[0, 0, 0], [0, 0, 0]] -> [[2, 0, 4], [2, 0, 4]]
  const o4 = np.zeros([2, 3]);
  np.add(np.array([1, 2, 3]), 1, { out: o4, where: np.array([true, false, true]) });
  assert.deepEqual(o4.tolist(), [[2, 0, 4], [2, 0, 4]]);
  // an out that would itself have to broadcast stays NumPy's error
  assert.throws(() => np.add(np.array([[1], [2]]), 1, np.zeros([2])), /non-broadcastable output operand/);
  assert.throws(() => np.add(np.array([1, 2]), 1, np.zeros([3])), /non-broadcastable output operand/);
});

Deno.test("resize_: PyTorch's storage rules (a view stays a view while its storage is big enough)", () => {
  const base = torch.arange(12, { dtype: "float32" });
  const v = base.get("2:8");
  v.resize_(2, 2);
  assert.deepEqual(v.tolist(), [[2, 3], [4, 5]]); // torch: base[2:8].resize_(2, 2)
  v.fill_(-1);
  assert.deepEqual(base.tolist().slice(0, 7), [0, 1, -1, -1, -1, -1, 6]);
  const t = base.get("::2"); // same shape: nothing changes, strides included
  t.resize_(6);
  assert.deepEqual(t.stride(), [2]);
  // growing past the storage keeps the elements where they were (the new ones are PyTorch's uninitialized memory)
  const g = torch.arange(4, { dtype: "float32" }).get("1:");
  g.resize_(5);
  assert.deepEqual(g.tolist().slice(0, 3), [1, 2, 3]);
});

Deno.test("out=: no autograd through out (PyTorch's error), fine under noGrad", () => {
  const a = torch.ones(2, { requiresGrad: true });
  const msg = "functions with out=... arguments don't support automatic differentiation, but one of the arguments " +
    "requires grad.";
  assert.throws(() => torch.add(a, 1, { out: torch.empty(2) }), { message: `add(): ${msg}` });
  assert.throws(() => torch.lerp(a, a, 0.5, { out: torch.empty(2) }), { message: `lerp(): ${msg}` });
  assert.throws(() => torch.sum(a, 0, { out: torch.empty([]) }), { message: `sum(): ${msg}` });
  // an out that requires grad counts too; a factory's name is aten's
  assert.throws(() => torch.zeros(2, { out: torch.empty(2, { requiresGrad: true }) }), {
    message: `aten::zeros(): ${msg}`,
  });
  const o = torch.empty(2);
  assert.equal(torch.noGrad(() => torch.add(a, 1, { out: o })), o);
  assert.deepEqual(o.tolist(), [2, 2]);
  assert.equal(o.requiresGrad, false);
});

Deno.test("out=: the ops PyTorch gives no out refuse one, naming it", () => {
  const x = torch.ones(2), any = torch as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (
    const [name, args] of [["isnan", [x]], ["isinf", [x]], ["isfinite", [x]], ["positive", [x]], ["relu", [x]], [
      "maskedFill",
      [x, x.gt(0), 1],
    ], ["indexFill", [x, 0, torch.tensor([0]), 1]]] as const
  ) {
    assert.throws(() => any[name](...args, { out: torch.empty(2) }), {
      name: "TypeError",
      message: /unknown option 'out'/,
    });
  }
  // their in-place twins still write the receiver
  assert.deepEqual(x.clone().maskedFill_(x.gt(0), 3).tolist(), [3, 3]);
  assert.deepEqual(x.clone().indexFill_(0, torch.tensor([1]), 5).tolist(), [1, 5]);
});

Deno.test("out=: an out that inputs read", () => {
  // an out that is the inputs' base stays a plain tensor (it became its own view: backward, printing and requiresGrad
  // then recursed forever)
  const a = torch.arange(4, { dtype: "float32" }).reshape(2, 2);
  assert.equal(torch.matmul(a.t(), a.t(), { out: a }), a);
  assert.equal(a.requiresGrad, false);
  assert.deepEqual(a.shape, [2, 2]);
  // resizing an out that an input reads would change the input first: PyTorch's overlap error
  const b = torch.arange(4, { dtype: "float32" });
  const overlap = /some elements of the input tensor and the written-to tensor refer to a single memory location/;
  assert.throws(() => torch.cat([b, b], { out: b }), overlap);
  assert.deepEqual(b.tolist(), [0, 1, 2, 3]);
  // the same out read exactly as it is written (element-wise) is fine
  assert.deepEqual(torch.add(b, 1, { out: b }).tolist(), [1, 2, 3, 4]);
});

Deno.test("in-place composites: a result that would widen the receiver is PyTorch's error, per op family", () => {
  const o = (...s: number[]) => torch.ones(...s);
  // PyTorch 2.13's messages for these calls
  for (
    const f of [
      () => o(2).lerp_(o(2, 2), 0.5),
      () => o(2).addcmul_(o(2, 2), o(2)),
      () => o(2).xlogy_(o(2, 2)),
      () => o(2).clampMin_(o(2, 2)),
    ]
  ) assert.throws(f, /^RuntimeError: output with shape \[2\] doesn't match the broadcast shape \[2, 2\]$/);
  assert.throws(
    () => o(2, 1).lerp_(o(1, 3), 0.5),
    /output with shape \[2, 1\] doesn't match the broadcast shape \[2, 3\]/,
  );
  assert.throws(
    () => o(2).addmm_(o(2, 3), o(3, 2)),
    /Bad in-place call: input tensor size \[2\] and output tensor size \[2, 2\] should match/,
  );
  assert.throws(
    () => o(1).addmv_(o(2, 3), o(3)),
    /Bad in-place call: input tensor size \[1\] and output tensor size \[2\] should match/,
  );
  assert.throws(
    () => o(2, 2).baddbmm_(o(2, 2, 3), o(2, 3, 2)),
    /Bad in-place call: input tensor size \[2, 2\] and output tensor size \[2, 2, 2\] should match/,
  );
  // a result that broadcasts into the receiver is written: torch.ones(2, 2).lerp_(torch.ones(2), 0.5)
  assert.deepEqual(o(2, 2).lerp_(torch.zeros(2), 0.5).tolist(), [[0.5, 0.5], [0.5, 0.5]]);
});
