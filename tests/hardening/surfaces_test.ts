/**
 * Issue 13, the hand-written surfaces: functions and classes not generated
 * from op declarations check their arguments and throw a TypeError (or
 * PyTorch's error) that names the function and the argument, never one of
 * V8's own errors ("Cannot read properties of undefined", "is not
 * iterable", "Cannot convert a Symbol value to a string"), which the fuzz
 * (fuzz_child.ts) now fails for these too. Each case is a call the
 * exhaustive fuzz found.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";

const data = torch.utils.data;
/** A call's arguments past what its TypeScript signature allows (the junk a JS caller can pass). */
// deno-lint-ignore no-explicit-any
type Loose = (...args: any[]) => unknown;
// deno-lint-ignore no-explicit-any
type LooseClass = new (...args: any[]) => unknown;
const call = (f: unknown, ...args: unknown[]) => (f as Loose)(...args);
const make = (C: unknown, ...args: unknown[]) => new (C as LooseClass)(...args);

Deno.test("np.keep and torch.keep take an array or a tensor", () => {
  assert.throws(() => call(np.keep, undefined), { name: "TypeError", message: /^keep\(\): .*not undefined/ });
  assert.throws(() => call(torch.keep, null), { name: "TypeError", message: /^keep\(\): .*not null/ });
  assert.throws(() => call(np.keep, 3), { name: "TypeError", message: /^keep\(\): .*not number/ });
  const a = np.arange(3);
  assert.equal(np.keep(a), a);
});

Deno.test("setPoolLimit takes a number of bytes", () => {
  for (const f of [np.setPoolLimit, torch.setPoolLimit]) {
    // a RangeError for every bad limit, as before (tests/hardening/global_state_test.ts)
    assert.throws(() => call(f, Symbol("s")), { name: "RangeError", message: /^setPoolLimit: .*got symbol/ });
    assert.throws(() => call(f, [Symbol("s")]), { name: "RangeError", message: /^setPoolLimit: .*got object/ });
    assert.throws(() => f(-1), { name: "RangeError", message: /^setPoolLimit: .*got -1/ });
  }
});

Deno.test("np.random's words32 (protected, reachable from JS) checks its count", () => {
  type Words = { words32(n: unknown): BigInt64Array };
  for (const g of [np.random.defaultRng(1), new np.random.RandomState(1)]) {
    const w = g as unknown as Words;
    assert.throws(() => w.words32(undefined), { name: "TypeError", message: /^words32\(\): .*not undefined/ });
    assert.throws(() => w.words32(null), { name: "TypeError", message: /^words32\(\): .*not null/ });
    assert.throws(() => w.words32(-1), { name: "TypeError", message: /^words32\(\): .*not -1/ });
    assert.equal(w.words32(3).length, 3);
  }
});

Deno.test("np.savez and np.savezCompressed need the arrays", async () => {
  // the arrays are checked before any file is written
  await assert.rejects(call(np.savez, "x") as Promise<void>, {
    name: "TypeError",
    message: /^savez\(\): the arrays .*not undefined/,
  });
  await assert.rejects(call(np.savezCompressed, "", null) as Promise<void>, {
    name: "TypeError",
    message: /^savezCompressed\(\): the arrays .*not null/,
  });
  await assert.rejects(call(np.savez, "x", 5) as Promise<void>, {
    name: "TypeError",
    message: /^savez\(\): the arrays .*not number/,
  });
});

Deno.test("torch.autograd.gradcheck checks its function, inputs, options and the function's result", () => {
  const x = torch.tensor([0.5, 1.5], { dtype: torch.float64, requiresGrad: true });
  const f = (t: torch.Tensor) => t.exp().sum();
  const { gradcheck } = torch.autograd;
  assert.throws(() => call(gradcheck, undefined), {
    name: "TypeError",
    message: /^gradcheck\(\): fn must be a function/,
  });
  assert.throws(() => call(gradcheck, f, undefined), {
    name: "TypeError",
    message:
      /^The inputs given to gradcheck must be either a Tensor or a list of Tensors but the given inputs has type undefined/,
  });
  assert.throws(() => call(gradcheck, f, [x, 2]), {
    name: "TypeError",
    message: /^The inputs given to gradcheck .* the value at index 1 has type number/,
  });
  assert.throws(() => call(gradcheck, f, [x], null), {
    name: "TypeError",
    message: /^gradcheck\(\): the options must be an object, not null/,
  });
  assert.throws(() => call(gradcheck, () => 1, [x]), {
    name: "TypeError",
    message: /^gradcheck\(\): fn must return a Tensor, not number/,
  });
  assert.equal(gradcheck(f, [x]), true);
  assert.equal(call(gradcheck, f, x), true); // one tensor, as PyTorch's gradcheck takes it
});

Deno.test("torch.autograd.functional checks its functions, inputs, vectors and results", () => {
  const x = torch.tensor([1, 2], { dtype: torch.float64 });
  const sq = (t: torch.Tensor) => t.pow(2);
  const { jacobian, hessian, vjp, jvp } = torch.autograd.functional;
  for (const [name, f] of [["jacobian", jacobian], ["hessian", hessian], ["vjp", vjp], ["jvp", jvp]] as const) {
    assert.throws(() => call(f, undefined), {
      name: "TypeError",
      message: new RegExp(`^${name}\\(\\): func must be a function, not undefined`),
    });
    assert.throws(() => call(f, sq, undefined), {
      name: "TypeError",
      message: new RegExp(`^The inputs given to ${name} must be either a Tensor or a list of Tensors but the given`),
    });
    assert.throws(() => call(f, sq, [x, "x"]), {
      name: "TypeError",
      message: new RegExp(`^The inputs given to ${name} .* the value at index 1 has type string`),
    });
  }
  assert.throws(() => call(jacobian, () => undefined, x), {
    name: "TypeError",
    message: /^The outputs of the user-provided function given to jacobian .* has type undefined/,
  });
  assert.throws(() => call(jacobian, sq, x, null), {
    name: "TypeError",
    message: /^jacobian\(\): argument 'createGraph' \(position 3\) must be a boolean, not null/,
  });
  for (const [name, f] of [["vjp", vjp], ["jvp", jvp]] as const) {
    assert.throws(() => call(f, () => 2, x, x), {
      name: "TypeError",
      message: new RegExp(`^The outputs of the user-provided function given to ${name} .* has type number`),
    });
    assert.throws(() => call(f, sq, x, x, { bogus: 1 }), {
      name: "TypeError",
      message: new RegExp(`^${name}\\(\\): unknown option 'bogus'`),
    });
    assert.throws(() => call(f, sq, x, x, { v: x }), {
      name: "TypeError",
      message: new RegExp(`^${name}\\(\\): got multiple values for argument 'v'`),
    });
  }
  // a list of outputs is a list result, as PyTorch's tuples
  const [ys, g] = vjp((t: torch.Tensor) => [t.mul(2), t.sum()], x, [x, torch.tensor(1, { dtype: torch.float64 })]);
  assert.deepEqual([(ys as torch.Tensor[]).length, (g as torch.Tensor).tolist()], [2, [3, 5]]);
  assert.throws(() => call(jvp, sq, x, 3), { name: "TypeError", message: /^The v given to jvp .* has type number/ });
  assert.deepEqual((jacobian(sq, x) as torch.Tensor).tolist(), [[2, 0], [0, 4]]);
  assert.deepEqual(jvp(sq, x, torch.ones(2, { dtype: torch.float64 }))[1].tolist(), [2, 4]);
});

Deno.test("torch.autograd: createGraph under noGrad reaches the caller's tensors; Proxies of tensors are refused", () => {
  const AF = torch.autograd.functional;
  const a = torch.tensor([1, 2, 3], { dtype: torch.float64, requiresGrad: true });
  const sq = (t: torch.Tensor) => t.pow(2);
  // PyTorch prepares the inputs (and v) with grad enabled: the result's graph goes back to `a` and to `v`
  const [, g] = torch.noGrad(() => AF.vjp(sq, a, torch.ones(3, { dtype: torch.float64 }), true));
  g.sum().backward();
  assert.deepEqual(a.grad!.tolist(), [2, 2, 2]);
  const v = torch.ones(3, { dtype: torch.float64, requiresGrad: true });
  const [, jv] = torch.noGrad(() => AF.jvp(sq, a, v, true));
  assert.deepEqual(torch.autograd.grad(jv.sum(), v)[0]!.tolist(), [2, 4, 6]);
  const J = torch.noGrad(() => AF.jacobian((t: torch.Tensor) => t.pow(3).sum(), a, true));
  assert.deepEqual(torch.autograd.grad(J.sum(), a)[0]!.tolist(), [6, 12, 18]);
  // a Proxy (or a revoked one) is not a tensor: the functions' own TypeErrors, never V8's private-field messages
  const x = torch.tensor([1, 2], { dtype: torch.float64 });
  const { proxy, revoke } = Proxy.revocable(x, {});
  revoke();
  const notTensor = /^The (inputs|v|outputs of the user-provided function) given to \w+ must be either a Tensor/;
  assert.throws(() => AF.vjp(sq, new Proxy(x, {}), x), { name: "TypeError", message: notTensor });
  assert.throws(() => AF.jacobian(sq, proxy), { name: "TypeError", message: notTensor });
  assert.throws(() => AF.jvp(sq, x, proxy), { name: "TypeError", message: notTensor });
  assert.throws(() => AF.hvp((t: torch.Tensor) => new Proxy(t.sum(), {}), x, x), {
    name: "TypeError",
    message: notTensor,
  });
  assert.throws(() => torch.autograd.grad(new Proxy(x, {}), x), {
    name: "TypeError",
    message: /^grad\(\): argument 'outputs'/,
  });
  assert.throws(() => torch.autograd.backward(proxy as never), {
    name: "TypeError",
    message: /^backward\(\): argument/,
  });
});

Deno.test("gradcheck as PyTorch's: list outputs, its input checks, GradcheckError and raiseException", () => {
  const gc = torch.autograd.gradcheck;
  const f64 = (v: number[]) => torch.tensor(v, { dtype: torch.float64 });
  const x = f64([0.5, 1.5]).requiresGrad_();
  assert.equal(gc((t: torch.Tensor) => [t.exp(), t.sum()], [x]), true);
  assert.equal(gc((_t: torch.Tensor) => f64([1]), [x]), true); // an output independent of the input: zero Jacobians
  assert.throws(() => gc((t: torch.Tensor) => t.exp(), [f64([1, 2])]), {
    name: "RangeError",
    message: /^gradcheck expects at least one input tensor to require gradient/,
  });
  assert.throws(() => gc((t: torch.Tensor) => t.sum(), [f64([1]).expand(3).requiresGrad_()]), {
    name: "RuntimeError",
    message: /^The 0th input has a dimension with stride 0/,
  });
  // PyTorch's message, word for word (its Jacobians printed as tensors)
  assert.throws(
    () => gc((t: torch.Tensor) => t.detach().mul(t), [x]),
    (e: Error) =>
      e instanceof torch.autograd.GradcheckError && e instanceof torch.RuntimeError &&
      e.message === "Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor([[1.0000, 0.0000],\n" +
          "        [0.0000, 3.0000]], dtype=torch.float64)\nanalytical:tensor([[0.5000, 0.0000],\n" +
          "        [0.0000, 1.5000]], dtype=torch.float64)\n",
  );
  assert.equal(gc((t: torch.Tensor) => t.detach().mul(t), [x], { raiseException: false }), false);
});

Deno.test("torch.cuda's device queries check the device's type before formatting it", () => {
  const names = [
    "getDeviceName",
    "getDeviceCapability",
    "synchronize",
    "memoryAllocated",
    "maxMemoryAllocated",
    "memoryReserved",
    "maxMemoryReserved",
    "memoryStats",
    "memGetInfo",
  ] as const;
  for (const name of names) {
    for (const [device, what] of [[Symbol("d"), "symbol"], [[Symbol("d")], "Array"], [null, "null"]] as const) {
      assert.throws(() => call(torch.cuda[name], device), {
        name: "TypeError",
        message: new RegExp(`^torch\\.cuda\\.${name}\\(\\): device must be a string or a number, not ${what}`),
      });
    }
  }
  assert.equal(torch.cuda.memoryAllocated("cuda:7"), 0); // a device never used: zeros, GPU or not
});

Deno.test("torch.utils.data datasets check their arguments (TypeError, as PyTorch)", () => {
  assert.throws(() => make(data.ChainDataset, undefined), {
    name: "TypeError",
    message: /^ChainDataset\(\): datasets must be an iterable of datasets, not undefined/,
  });
  assert.throws(() => make(data.Subset, [1, 2], undefined), {
    name: "TypeError",
    message: /^Subset\(\): indices must be an iterable of integers or a Tensor, not undefined/,
  });
  assert.deepEqual([...new data.Subset([5, 6, 7], new Set([2, 0]) as unknown as number[])], [7, 5]);
  assert.throws(() => call(data.randomSplit, [1, 2, 3], Infinity), {
    name: "TypeError",
    message: /^randomSplit\(\): lengths must be a list of numbers, not number/,
  });
  assert.throws(() => call(data.randomSplit, [1, 2, 3], [1, Symbol("s")]), {
    name: "TypeError",
    message: /^randomSplit\(\): lengths\[1\] must be a number, not symbol/,
  });
  assert.throws(() => call(data.randomSplit, [1, 2, 3], [1, "2"]), {
    name: "TypeError",
    message: /^randomSplit\(\): lengths\[1\] must be a number, not string/,
  });
  assert.throws(() => call(data.registerClass, undefined), {
    name: "TypeError",
    message: /^registerClass: expected a class/,
  });
});

Deno.test("torch.utils.data samplers and DataLoader check their arguments", () => {
  assert.throws(() => make(data.SubsetRandomSampler, undefined), {
    name: "TypeError",
    message: /^SubsetRandomSampler\(\): indices must be an iterable of integers, not undefined/,
  });
  // the generator goes positionally or by name (null: the default one); an unknown option is named
  assert.deepEqual([...make(data.SubsetRandomSampler, [1, 2], null) as Iterable<number>].sort(), [1, 2]);
  assert.throws(() => make(data.SubsetRandomSampler, [1, 2], { seed: 1 }), {
    name: "TypeError",
    message: /^SubsetRandomSampler\(\): unknown option 'seed'/,
  });
  assert.throws(() => make(data.SubsetRandomSampler, [1, 2], 7), {
    name: "TypeError",
    message: /^SubsetRandomSampler/,
  });
  // PyTorch's messages (they name the argument); the value is formatted without V8's Symbol error
  assert.throws(() => make(data.RandomSampler, [1, 2], Symbol("r")), {
    name: "TypeError",
    message: /^replacement should be a boolean value, but got replacement=Symbol\(r\)/,
  });
  assert.throws(() => make(data.WeightedRandomSampler, [1], Symbol("n")), {
    name: "RangeError",
    message: /^num_samples should be a positive integer value, but got num_samples=Symbol\(n\)/,
  });
  assert.throws(() => make(data.BatchSampler, [0, 1], Symbol("b"), false), {
    name: "RangeError",
    message: /^batch_size should be a positive integer value, but got batch_size=Symbol\(b\)/,
  });
  assert.throws(() => make(data.WeightedRandomSampler, [Symbol("w")], 1e300), {
    name: "TypeError",
    message: /^WeightedRandomSampler\(\): weights\[0\] must be a number, not symbol/,
  });
  assert.throws(() => make(data.DataLoader, null), {
    name: "TypeError",
    message: /^DataLoader: the dataset must be a Dataset/,
  });
});

Deno.test("torch.Generator, torch.setRngState and torch.fromNumpy check their arguments", () => {
  assert.throws(() => make(torch.Generator, null), {
    name: "TypeError",
    message: /^TorchGenerator: options must be an object \(\{ seed, kernel \}\), not null/,
  });
  assert.throws(() => call(torch.setRngState, undefined), {
    name: "TypeError",
    message: /^setRngState\(\): state must be a uint8 Tensor \(getRngState\(\)\), not undefined/,
  });
  assert.throws(() => call(torch.setRngState, [1, 2]), {
    name: "TypeError",
    message: /^setRngState\(\): .*not Array/,
  });
  assert.throws(() => call(torch.fromNumpy, undefined), {
    name: "TypeError",
    message: /^fromNumpy\(\): expected an ndarray, not undefined/,
  });
  assert.throws(() => call(torch.fromNumpy, Symbol("a")), {
    name: "TypeError",
    message: /^fromNumpy\(\): expected an ndarray, not symbol/,
  });
  const state = torch.getRngState();
  torch.setRngState(state);
  assert.deepEqual(torch.getRngState().tolist(), state.tolist());
});

Deno.test("jacobian's createGraph and strict go by position or by name; jacobian and gradcheck name unknown options", () => {
  const x = torch.tensor([1, 2], { dtype: torch.float64, requiresGrad: true });
  const sq = (t: torch.Tensor) => t.pow(2);
  const { jacobian } = torch.autograd.functional;
  const J = (...rest: unknown[]) => call(jacobian, sq, x, ...rest) as torch.Tensor;
  for (const j of [J(true), J({ createGraph: true }), J(true, false), J(true, { strict: false })]) {
    assert.deepEqual(j.tolist(), [[2, 0], [0, 4]]);
    assert.equal(j.requiresGrad, true);
  }
  assert.equal(J().requiresGrad, false);
  // PyTorch's strict mode: an output that does not depend on an input is an error
  const first = (a: torch.Tensor, _b: torch.Tensor) => a.mul(2);
  assert.deepEqual((jacobian(first, [x, x]) as torch.Tensor[])[1].tolist(), [[0, 0], [0, 0]]);
  for (const strict of [[false, true], [{ strict: true }], [false, { strict: true }]]) {
    assert.throws(() => call(jacobian, first, [x, x], ...strict), {
      name: "RuntimeError",
      message:
        /^Output 0 of the user-provided function is independent of input 1\. This is not allowed in strict mode\./,
    });
  }
  // with createGraph, a gradient without a graph of its own is strict mode's error first (PyTorch's message)
  assert.throws(() => call(jacobian, first, [x, x], true, true), {
    name: "RuntimeError",
    message: /^The jacobian of the user-provided function is independent of input 0\. .* when create_graph=True\./,
  });
  assert.throws(() => J({ vectorise: true }), {
    name: "TypeError",
    message: /^jacobian\(\): unknown option 'vectorise'/,
  });
  assert.throws(() => call(torch.autograd.gradcheck, (t: torch.Tensor) => t.sum(), [x], { nondetTol: 0 }), {
    name: "TypeError",
    message: /^gradcheck\(\): unknown option 'nondetTol'/,
  });
  assert.equal(
    call(torch.autograd.gradcheck, (t: torch.Tensor) => t.exp().sum(), [x], { eps: 1e-6, atol: 1e-4 }),
    true,
  );
});
