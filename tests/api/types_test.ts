/**
 * The TypeScript types of the generated surface reject what the binder
 * rejects: each `@ts-expect-error` line below must be an error for
 * `deno check` (run by `deno test`), and the lines without it must not.
 * The calls are type-checked only (the function is never run).
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";

/** Type-checked, never called. */
function callForms(a: np.NDArray, t: torch.Tensor, x: torch.Tensor): unknown[] {
  const ok = [
    // every call form the binder accepts
    t.sum(1, true),
    t.sum({ dim: 1, keepdim: true }),
    t.sum(1, { keepdim: true }),
    t.sum({ axis: 1, keepdims: true }),
    a.sum(0, { keepdims: true }),
    np.sum(a, { axis: [0, 1] }),
    np.zeros([2], "int32"),
    torch.zeros(2, 3, { dtype: "float64" }),
    t.view(3, 2),
    t.view({ size: [3, 2] }),
    a.reshape(3, 2),
    np.reshape(a, [3, 2]),
    t.sort({ stable: true, dim: 0 }),
    t.sort(0, true),
    np.meshgrid(a, a, { indexing: "ij" }),
    np.meshgrid([a, a]),
    torch.pow(t, { exponent: 2 }),
    t.backward(undefined, { retainGraph: true }),
    t.backward({ gradient: x, inputs: [x] }),
    torch.autograd.grad(t, [x], { createGraph: true }),
    torch.autograd.backward([t], { inputs: x }),
    t.requiresGrad_(),
    np.take(a, { indices: [0], axis: 0 }),
    np.take({ a, indices: [0] }),
    torch.narrow(t, 0, { start: 1, length: 1 }),
    torch.zeros({ dtype: "int32" }),
    t.resize_(2, 3),
    new torch.Tensor(2, 3),
    torch.Tensor([[1, 2]]),
    torch.LongTensor([1, 2]),
    np.random.choice(5, 3, { replace: false }),
    np.random.randint(0, 10, { size: [2, 3], dtype: "int32" }),
    np.random.defaultRng(0).integers(0, 10, { size: 3, endpoint: true }),
  ];
  const bad = [
    // @ts-expect-error an unknown option
    t.sum({ dims: 0 }),
    // @ts-expect-error NumPy's name in torch's options is an alias, but this one is no parameter at all
    t.max({ dim: 0, keepdims: true, foo: 1 }),
    // @ts-expect-error a dtype must be a dtype name
    np.zeros([2], 5),
    // @ts-expect-error keepdim is a boolean
    t.sum(0, "yes"),
    // @ts-expect-error axis is an integer or a list of them
    np.sum(a, { axis: "0" }),
    // @ts-expect-error too many positional arguments
    t.add(1, 2, 3),
    // @ts-expect-error spread sizes are for methods: np.reshape takes a shape
    np.reshape(a, 3, 2),
    // @ts-expect-error spread sizes are for methods: torch.reshape takes a shape
    torch.reshape(t, 3, 2),
    // @ts-expect-error Tensor.view's parameter is size
    t.view({ shape: [3, 2] }),
    // @ts-expect-error np.linalg.norm's option is keepdims
    np.linalg.norm(a, 2, { keepdim: true }),
    // @ts-expect-error a required parameter left out of the positional prefix must be named in the options
    np.take(a, { axis: 0 }),
    // @ts-expect-error ... even with no options
    torch.narrow(t, 0, 1),
    // @ts-expect-error with stable, sort takes its other arguments by name (PyTorch's second schema)
    t.sort(0, true, { stable: true }),
    // @ts-expect-error backward's gradient is a tensor
    t.backward(5),
    // @ts-expect-error backward has no such option
    t.backward({ retain: true }),
    // @ts-expect-error autograd.grad needs its inputs
    torch.autograd.grad(t),
    // @ts-expect-error requiresGrad_ takes a boolean
    t.requiresGrad_(1),
    // @ts-expect-error resize_ takes sizes
    t.resize_("2"),
    // @ts-expect-error the legacy constructor takes sizes or data
    new torch.Tensor("abc"),
    // @ts-expect-error choice's replace is a boolean
    np.random.choice(5, 3, { replace: "no" }),
    // @ts-expect-error randint has no option named shape
    np.random.randint(0, 10, { shape: [2] }),
    // @ts-expect-error integers' endpoint is a boolean
    np.random.defaultRng(0).integers(0, 10, { endpoint: 1 }),
  ];
  return [...ok, ...bad];
}

Deno.test("the call-form types are checked by deno check (see the @ts-expect-error lines)", () => {
  assert.equal(typeof callForms, "function");
});
