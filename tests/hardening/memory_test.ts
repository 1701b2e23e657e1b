/**
 * Issue 13, memory: no public call may reach memory outside an array's
 * storage. Slices with fractional steps, arrays whose ArrayBuffer was
 * transferred away, views larger than their storage (through the
 * constructors, assignment, `{ storage, layout }` look-alikes and Proxies),
 * and view arrays edited after the fact all end in typed errors.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { ReleasedError } from "../../src/core/errors.ts";
import { checkOperand, Storage } from "../../src/core/storage.ts";
import { View } from "../../src/core/view.ts";

const detached = /ArrayBuffer was detached/;

Deno.test("slices with fractional steps are TypeErrors, as Python's (get and set)", () => {
  // NumPy: TypeError: slice indices must be integers or None or have an __index__ method
  assert.throws(() => np.arange(6).get([np.slice(null, null, -0.5)]), TypeError);
  const x = np.arange(6);
  assert.throws(() => x.set([np.slice(null, null, -0.5)], 1), TypeError);
  assert.deepEqual(x.tolist(), [0, 1, 2, 3, 4, 5]);
  assert.throws(() => np.slice(0.5), TypeError);
  assert.throws(() => np.slice(0, 2 ** 53), TypeError);
  // a Slice look-alike (or a Proxy of one) is rebuilt, so its parts are checked
  const fake = Object.assign(Object.create(np.Slice.prototype), { start: 0, stop: 1e9, step: -0.5 });
  assert.throws(() => np.arange(6).get([fake]), TypeError);
  const lying = new Proxy(np.slice(0, 2), { get: (t, k) => (k === "step" ? 0.5 : Reflect.get(t, k)) });
  assert.throws(() => np.arange(6).get([lying]), TypeError);
});

Deno.test("an array whose ArrayBuffer was transferred away refuses every use with a TypeError", async () => {
  const a = np.zeros(1e5);
  (a.storage.bytes.buffer as ArrayBuffer).transfer();
  const b = np.ones(1e5);
  const uses: [string, () => unknown][] = [
    ["sum", () => a.sum()],
    ["add", () => np.add(a, 1)],
    ["add into it (out=)", () => np.add(b, 1, { out: a })],
    ["add it (out=)", () => np.add(a, 1, { out: b })],
    ["matmul", () => np.matmul(a, a)],
    ["inv", () => np.linalg.inv(a.reshape(1000, 100).get("0:3, 0:3"))],
    ["sort", () => np.sort(a)],
    ["sort in place", () => a.sort()],
    ["fancy get", () => a.get([[0, 1]])],
    ["fancy set", () => a.set([[0, 1]], 3)],
    ["basic set", () => a.set("0:2", 3)],
    ["tolist", () => a.tolist()],
    ["String", () => String(a)],
    ["item", () => a.item(0)],
    ["JSON", () => JSON.stringify(a)],
    ["as an index", () => b.get([a.astype("int64")])],
    ["torch.fromNumpy", () => torch.fromNumpy(a)],
    ["np.array of it", () => np.array([a])],
  ];
  for (const [what, f] of uses) assert.throws(f, detached, what);
  await assert.rejects(() => np.save(Deno.makeTempFileSync({ suffix: ".npy" }), a), detached);
  assert.equal(b.sum().item(), 1e5); // the other operands are untouched
});

Deno.test("torch: backward through a saved tensor whose buffer was transferred is a TypeError", () => {
  const w = torch.ones([1000], { requiresGrad: true });
  const y = w.mul(w).sum(); // saves w
  (w.storage.bytes.buffer as ArrayBuffer).transfer();
  assert.throws(() => y.backward(), detached);
  const v = torch.ones([1000], { requiresGrad: true });
  v.mul(2).sum().backward();
  (v.grad!.storage.bytes.buffer as ArrayBuffer).transfer(); // the accumulated grad
  assert.throws(() => v.mul(2).sum().backward(), detached);
});

Deno.test("transferring a small array's buffer (a shared slab) does not break later small allocations", () => {
  const small = np.ones(3);
  const neighbour = np.arange(4); // likely in the same slab
  (small.storage.bytes.buffer as ArrayBuffer).transfer();
  assert.throws(() => small.sum(), detached);
  // the neighbour is either intact or refused, never wrong
  try {
    assert.deepEqual(neighbour.tolist(), [0, 1, 2, 3]);
  } catch (e) {
    assert.match(String(e), detached);
  }
  for (let i = 0; i < 100; i++) assert.deepEqual(np.arange(5).add(i).tolist(), [0, 1, 2, 3, 4].map((x) => x + i));
  assert.deepEqual(torch.ones([3]).add(1).tolist(), [2, 2, 2]);
});

Deno.test("views larger than their storage are refused by every constructor", () => {
  const a = np.zeros([10]);
  const big = new View([1e7], [1], 0);
  assert.throws(() => new np.NDArray(a.storage, big).sum(), RangeError);
  assert.throws(() => new np.NDArray(a.storage, new (a.layout.constructor as typeof View)([1e7], [1], 0)), RangeError);
  assert.throws(() => new torch.Tensor(a.storage, big), RangeError);
  assert.throws(() => new np.NDArray(a.storage, new View([10], [1], 1)), RangeError); // one past the end
  assert.throws(() => new np.NDArray(a.storage, new View([2], [-1], 0)), RangeError); // before the start
  // look-alike storages and views (a Proxy or an object on the right prototype) are not accepted
  assert.throws(() => new np.NDArray(new Proxy(a.storage, {}), a.layout), TypeError);
  assert.throws(() => new np.NDArray(a.storage, new Proxy(a.layout, {})), TypeError);
  assert.throws(() => new np.NDArray(a.storage, Object.create(View.prototype)), TypeError);
  assert.throws(() => new np.NDArray(Object.create(Storage.prototype), a.layout), TypeError);
});

Deno.test("results the fast lane wraps unchecked leave every later construction checked", () => {
  // the lane's results skip the constructor's checks (wrapFresh); a user's construction right after one, or after a
  // lane call that threw, is still checked
  const a = np.zeros([10]), t = torch.zeros(10);
  const tg = torch.zeros(10, { requiresGrad: true });
  for (const lane of [() => np.add(a, a), () => t.add(t), () => t.mul(2), () => tg.add(tg), () => np.exp(a)]) {
    assert.equal((lane() as { shape: number[] }).shape[0], 10);
    assert.throws(() => new np.NDArray(a.storage, new View([11], [1], 0)), RangeError);
    assert.throws(() => new torch.Tensor(a.storage, new View([11], [1], 0)), RangeError);
  }
  assert.throws(() => np.add(a, np.zeros([3])), RangeError);
  assert.throws(() => new np.NDArray(a.storage, new View([11], [1], 0)), RangeError);
});

Deno.test("View checks its arguments: integers, non-negative dims and offset, at most 64 dims", () => {
  for (const bad of [[-1], [2.5], [NaN], [Infinity], [2 ** 53], ["3" as unknown as number]]) {
    assert.throws(() => new View(bad), RangeError, String(bad));
  }
  assert.throws(() => new View([2 ** 30, 2 ** 30, 2 ** 30]), /too big/);
  assert.throws(() => new View([2], [0.5]), RangeError);
  assert.throws(() => new View([2], [1, 1]), TypeError);
  assert.throws(() => new View([2], [1], -1), RangeError);
  assert.throws(() => new View([2], [1], NaN), RangeError);
  assert.throws(() => new View(new Array(65).fill(1)), /maximum supported dimension/);
  assert.equal(new View(new Array(64).fill(1)).size, 1);
  assert.equal(new View([0, 2 ** 40]).size, 0);
});

Deno.test("an array's storage and layout cannot be reassigned, and edits to its view's arrays are caught", () => {
  const a = np.arange(10);
  assert.throws(() => {
    (a as unknown as { layout: View }).layout = new View([1e7]);
  }, TypeError);
  assert.throws(() => {
    (a as unknown as { storage: null }).storage = null;
  }, TypeError);
  const t = torch.arange(10);
  assert.throws(() => {
    (t as unknown as { layout: View }).layout = new View([1e7]);
  }, TypeError);
  // the view's arrays are plain arrays: editing them is caught before any kernel reads them
  const b = np.arange(10);
  (b.layout.shape as number[])[0] = 1e7;
  assert.throws(() => b.sum(), /modified|view reaches/);
  const c = np.arange(10);
  (c.layout.strides as number[])[0] = 0.5;
  assert.throws(() => c.sum(), /modified/);
  const d = np.arange(10);
  (d.layout as { offset: number }).offset = -5;
  assert.throws(() => np.add(d, 1), RangeError);
  const e = np.arange(10);
  (e.layout.shape as unknown[])[0] = { valueOf: () => 10 };
  assert.throws(() => e.sum(), TypeError);
  assert.throws(() => checkOperand({ storage: e.storage, layout: {} as View }, "t"), TypeError);
});

Deno.test("duck-typed { storage, layout } operands: checked like arrays, read once", () => {
  const a = np.arange(10);
  const big = { storage: a.storage, layout: new View([1e7], [1], 0) };
  // the function converts it (as np.asarray would) and the view is refused
  assert.throws(() => np.sum(big as never), RangeError);
  assert.throws(() => np.add(big as never, 1), RangeError);
  assert.throws(() => np.array([big] as never), RangeError);
  assert.throws(() => np.arange(3).get([big] as never), RangeError);
  // torch takes tensors only
  assert.throws(() => torch.sum(big as never), TypeError);
  // a valid one works, as a view of the same memory
  const ok = { storage: a.storage, layout: new View([5], [2], 0) };
  assert.equal(np.sum(ok as never).item(), 0 + 2 + 4 + 6 + 8);
  // fake storages and views are not operands
  assert.throws(() => np.sum({ storage: {}, layout: {} } as never), TypeError);
  const plainView = { shape: [1e9], strides: [1], offset: 0, size: 1e9, ndim: 1 };
  assert.throws(() => np.add({ storage: a.storage, layout: plainView } as never, 1), TypeError);
  // a getter that answers differently on each read is read once
  let n = 0;
  const small = new View([10]);
  const flipping = {
    storage: a.storage,
    get layout() {
      return n++ === 0 ? small : new View([1e8]);
    },
  };
  assert.equal(np.sum(flipping as never).item(), 45);
});

Deno.test("Proxies of arrays are not arrays: a trap cannot answer differently after a check", () => {
  const a = np.arange(10);
  const big = new View([1e8]);
  let n = 0;
  const flipping = new Proxy(a, {
    get: (t, k) => (k === "layout" ? (n++ % 2 ? big : t.layout) : Reflect.get(t, k, t)),
  });
  // as an argument: converted once (a snapshot of one storage and one view), or refused
  assert.throws(() => np.add(flipping, 1, { out: flipping }), TypeError); // out= must be a real ndarray
  for (let i = 0; i < 4; i++) {
    try {
      const r = np.add(flipping, 1);
      assert.deepEqual(r.tolist(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    } catch (e) {
      assert.ok(e instanceof RangeError, String(e));
    }
  }
  // as a receiver: refused
  assert.throws(() => np.NDArray.prototype.sum.call(flipping), TypeError);
  assert.throws(() => (np.NDArray.prototype.fill as (this: unknown, v: number) => unknown).call({}, 1), TypeError);
  assert.throws(() => torch.Tensor.prototype.add_.call(new Proxy(torch.ones([2]), {}) as never, 1), TypeError);
  // a revoked Proxy or throwing traps: TypeErrors
  const r = Proxy.revocable(np.ones([2]), {});
  r.revoke();
  assert.throws(() => np.add(r.proxy, 1), TypeError);
  const throwing = new Proxy({}, {
    get() {
      throw new Error("trap");
    },
    has() {
      throw new Error("trap");
    },
  });
  assert.throws(() => np.add(throwing as never, 1), Error);
});

Deno.test("released arrays and tensors refuse every use with ReleasedError", () => {
  const a = np.ones([3]);
  a.dispose();
  assert.throws(() => np.add(a, 1), ReleasedError);
  assert.throws(() => np.array([a]), ReleasedError);
  const t = torch.ones([3]);
  t.dispose();
  assert.throws(() => torch.add(t, 1), ReleasedError);
  assert.throws(() => torch.ones([3]).add_(t), ReleasedError);
});

Deno.test("an array on a resizable ArrayBuffer that shrank refuses every use; grown back, it works again", async () => {
  // JS cannot pin a buffer as Python's buffer protocol does (a bytearray with exports cannot be resized):
  // the storage checks, before any kernel or read, that the buffer still covers it
  const buf = new ArrayBuffer(8000, { maxByteLength: 64000 });
  const a = np.frombuffer(buf);
  a.fill(2);
  buf.resize(16);
  const resized = /ArrayBuffer was resized to 16 bytes; the array needs bytes 0\.\.8000/;
  const uses: [string, () => unknown][] = [
    ["sum", () => a.sum()],
    ["add", () => np.add(a, 1)],
    ["add into it (out=)", () => np.add(np.ones(1000), 1, { out: a })],
    ["tolist", () => a.tolist()],
    ["String", () => String(a)],
    ["item", () => a.item(999)],
    ["set", () => a.set([999], 1)],
    ["fill", () => a.fill(1)],
    ["sort", () => a.sort()],
    ["copy", () => a.copy()],
    ["iteration", () => [...a]],
    ["torch.fromNumpy", () => torch.fromNumpy(a).sum()],
    ["np.array of it", () => np.array([a])],
  ];
  for (const [what, f] of uses) assert.throws(f, resized, what);
  await assert.rejects(() => np.save(Deno.makeTempFileSync({ suffix: ".npy" }), a), resized);
  buf.resize(8000); // the old bytes are gone (a shrink zeroes them), the memory is whole again
  assert.equal(a.sum().item(), 2 * 2);
  const gone = new ArrayBuffer(8);
  gone.transfer();
  assert.throws(() => np.frombuffer(gone), TypeError); // "the ArrayBuffer is detached", not a zero-length array
  assert.throws(() => np.frombuffer(gone), /detached/);
});

Deno.test("the CPU backend checks the sizes an op hands a kernel against the storages it passes", async () => {
  // not reachable through the public API with wrong sizes (the ops compute them): this is the last line, so
  // that a wrong size from a future op is a RangeError instead of a kernel running off a buffer
  const { CPU } = await import("../../src/backend/cpu.ts");
  const { packList } = await import("../../src/backend/cpu_meta.ts");
  const small = () => Storage.host("float64", 4);
  assert.throws(() => CPU.sort(small(), 10, 10, false), /sort: the kernel would use 100 elements of a storage of 4/);
  assert.throws(() => CPU.argsort(small(), Storage.host("int64", 100), 10, 10, false), /argsort/);
  assert.throws(() => CPU.solve(small(), small(), 100, 1), /solve: the kernel would use 10000 elements/);
  assert.throws(() => CPU.det(small(), 3), /det: the kernel would use 9 elements/);
  assert.throws(() => CPU.eigh(small(), small(), small(), 3, true), /eigh/);
  const a = { storage: small(), layout: new View([2, 2]) };
  // the kernel would walk 3 x 2 of a 2 x 2 view
  assert.throws(() => CPU.matmul(a, a, small(), [], 3, 2, 2), /matmul: operands of shapes \[2,2\] and \[2,2\]/);
  assert.throws(() => CPU.matmul(a, a, Storage.host("float64", 3), [], 2, 2, 2), /matmul: the kernel would use 4/);
  assert.throws(() => packList(new Array(5000).fill(1)), /kernel metadata of 5000 entries exceeds 4096/);
  const x = Storage.host("float64", 4);
  (x.data as Float64Array).set([3, 1, 2, 0]);
  CPU.sort(x, 1, 4, false); // right sizes still run
  assert.deepEqual([...x.data], [0, 1, 2, 3]);
});

Deno.test("element-wise ops on edited views take the checked path: the edit is named, never a silent result", () => {
  for (
    const [name, run] of [
      ["np.add", (a: np.NDArray) => np.add(a, a)],
      ["np.exp", (a: np.NDArray) => np.exp(a)],
      ["Tensor.mul", (a: np.NDArray) => torch.fromNumpy(a).mul(torch.fromNumpy(a))],
    ] as const
  ) {
    const a = np.arange(10, { dtype: "float64" });
    (a.layout.shape as number[])[0] = 1e7;
    assert.throws(() => run(a), /modified|view reaches/, name);
    const b = np.arange(10, { dtype: "float64" });
    (b.layout.strides as number[])[0] = 2;
    assert.throws(() => run(b), /view reaches elements 0\.\.18 of a storage of 10/, name);
    const c = np.arange(10, { dtype: "float64" });
    (c.layout as { offset: number }).offset = 5;
    assert.throws(() => run(c), RangeError, name);
    const d = np.arange(10, { dtype: "float64" });
    (d.layout as { size: number }).size = 1e6;
    assert.throws(() => run(d), /modified|view reaches/, name);
  }
});

Deno.test("the CPU backend's flat kernels check each storage's span and the loop's dtypes", async () => {
  const { CPU, OP_CODES } = await import("../../src/backend/cpu.ts");
  const add = OP_CODES.binary.get("add")!, exp = OP_CODES.unary.get("exp")!;
  const f = (n: number, dtype: "float64" | "float32" | "bool" = "float64") => Storage.host(dtype, n);
  assert.throws(() => CPU.binaryFlat!(add, f(4), 0, 1, f(4), 0, 1, f(4), 0, 5), /elements 0\.\.5 of a storage of 4/);
  assert.throws(() => CPU.binaryFlat!(add, f(4), 2, 1, f(8), 0, 1, f(8), 0, 3), /elements 2\.\.5 of a storage of 4/);
  assert.throws(() => CPU.binaryFlat!(add, f(4), -1, 1, f(4), 0, 1, f(4), 0, 1), RangeError);
  assert.throws(() => CPU.binaryFlat!(add, f(4), 0.5, 1, f(4), 0, 1, f(4), 0, 1), RangeError);
  assert.throws(() => CPU.binaryFlat!(add, f(4), 0, 1, f(4, "float32"), 0, 1, f(4), 0, 4), /dtypes float64, float32/);
  assert.throws(() => CPU.binaryFlat!(add, f(4), 0, 1, f(4), 0, 1, f(4, "bool"), 0, 4), /-> bool do not fit/);
  assert.throws(() => CPU.unaryFlat!(exp, f(4), 0, f(4), 1, 4), /elements 1\.\.5 of a storage of 4/);
  assert.throws(() => CPU.unaryFlat!(exp, f(4), 0, f(4, "float32"), 0, 4), /-> float32 do not fit/);
  const gone = f(4);
  gone.release();
  assert.throws(() => CPU.unaryFlat!(exp, gone, 0, f(4), 0, 4), ReleasedError);
  // right spans run
  const x = f(3), y = f(3), o = f(5);
  (x.data as Float64Array).set([1, 2, 3]);
  (y.data as Float64Array).set([10, 20, 30]);
  CPU.binaryFlat!(add, x, 1, 1, y, 0, 1, o, 2, 2);
  assert.deepEqual([...o.data], [0, 0, 12, 23, 0]);
  // a step-0 input is one element: its span is one element, read n times
  assert.throws(() => CPU.binaryFlat!(add, x, 0, 1, y, 3, 0, o, 0, 3), /elements 3\.\.4 of a storage of 3/);
  CPU.binaryFlat!(add, x, 0, 1, y, 2, 0, o, 0, 3);
  assert.deepEqual([...o.data], [31, 32, 33, 23, 0]);
  CPU.binaryFlat!(add, y, 0, 0, x, 0, 1, o, 1, 3);
  assert.deepEqual([...o.data], [31, 11, 12, 13, 0]);
});
