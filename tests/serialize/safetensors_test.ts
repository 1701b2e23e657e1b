/**
 * torch.save / torch.load and torch.safetensors: round trips with PyTorch's
 * safetensors both ways for every dtype, metadata, nested values, corrupt,
 * truncated and lying files (always a clear SafetensorsError), and atomic
 * writes (a failed save keeps the old file).
 */
import assert from "node:assert/strict";
import { optim, torch } from "../../mod.ts";
import { pythonJson } from "../helpers/python.ts";

const SafetensorsError = torch.safetensors.SafetensorsError;

// deno-lint-ignore no-explicit-any
async function oracle(requests: unknown[]): Promise<any[]> {
  const script = new URL("./oracle.py", import.meta.url).pathname;
  return await pythonJson([script], { stdin: JSON.stringify(requests) });
}

const dir = await Deno.makeTempDir({ prefix: "dendrite-st-" });
const fromPy = `${dir}/from_python.safetensors`, linearPy = `${dir}/linear.safetensors`;
const ours = `${dir}/from_dendrite.safetensors`;

/** A record with every dtype, odd shapes and layouts. */
function sample(): Record<string, torch.Tensor> {
  const base = torch.arange(24, { dtype: "float64" }).reshape(4, 6);
  return {
    b: torch.tensor([[true, false, true], [false, false, true]]),
    u8: torch.tensor([0, 1, 127, 128, 255], { dtype: "uint8" }),
    i32: torch.tensor([-(2 ** 31), -1, 0, 1, 2 ** 31 - 1], { dtype: "int32" }).reshape(5, 1),
    i64: torch.tensor([-(2n ** 63n), -(2n ** 53n) - 1n, 0n, 2n ** 53n + 1n, 2n ** 63n - 1n], { dtype: "int64" }),
    f32: torch.tensor([[1.5, -2.25, Infinity], [-Infinity, -0, 3e-39]], { dtype: "float32" }),
    f64: torch.tensor([Math.PI, -Math.E, 1e300, 5e-324], { dtype: "float64" }),
    scalar: torch.tensor(2.5, { dtype: "float32" }),
    empty: torch.zeros(0, 3),
    "strided.view": base.get("::2, 1::2").t(), // a non-contiguous view
    "0.weight": torch.ones(3, 4),
  };
}

const decodeValue = (v: number | string | boolean, dtype: string) =>
  dtype === "int64" ? BigInt(v as string) : typeof v === "string" ? Number(v.replace("inf", "Infinity")) : v;

function flat(t: torch.Tensor): unknown[] {
  return (t.reshape(-1).tolist() as unknown[]).map((v) => (t.dtype === "int64" ? BigInt(v as number) : v));
}

// Python writes its file first, then reads ours
await torch.save(sample(), ours, { metadata: { note: "from dendrite ✓", step: "12" } });
// an optimizer checkpoint: model tensors, optimizer state and plain values in one file
const ckpt = `${dir}/ckpt.safetensors`;
const ckptW = torch.randn(2, 2, { requiresGrad: true });
{
  const opt = new optim.Adam([ckptW], { lr: 0.01 });
  ckptW.grad = torch.ones(2, 2);
  opt.step();
  await torch.save({ model: { w: ckptW }, optimizer: opt.stateDict(), epoch: 3 }, ckpt);
}
const [pyWritten, pyRead, pyLinear, pyCkpt] = await oracle([
  { op: "write", path: fromPy },
  { op: "read", path: ours },
  { op: "linear", path: linearPy },
  { op: "read", path: ckpt },
]);

Deno.test("a file written by PyTorch's safetensors loads here with every dtype, shape and value", async () => {
  assert.ok(!pyWritten.error, pyWritten.error);
  const sd = await torch.load(fromPy);
  assert.deepEqual(Object.keys(sd).sort(), Object.keys(pyWritten).sort());
  for (
    const [k, want] of Object.entries(pyWritten as Record<string, { dtype: string; shape: number[]; data: never[] }>)
  ) {
    const t = sd[k];
    assert.equal(t.dtype, want.dtype === "bool" ? "bool" : want.dtype, k);
    assert.deepEqual(t.shape, want.shape, k);
    assert.deepEqual(flat(t), want.data.map((v) => decodeValue(v, want.dtype)), k);
  }
  assert.deepEqual(await torch.safetensors.metadata(fromPy), { format: "pt", note: "from python ✓" });
});

Deno.test("a file written here loads in PyTorch (safetensors.torch.load_file) with every dtype and the metadata", () => {
  assert.ok(!pyRead.error, pyRead.error);
  const mine = sample();
  assert.deepEqual(Object.keys(pyRead.tensors).sort(), Object.keys(mine).sort());
  for (const [k, t] of Object.entries(mine)) {
    const got = pyRead.tensors[k];
    assert.equal(got.dtype, t.dtype, k);
    assert.deepEqual(got.shape, t.shape, k);
    assert.deepEqual(got.data.map((v: never) => decodeValue(v, got.dtype)), flat(t), k);
  }
  assert.deepEqual(pyRead.metadata, { note: "from dendrite ✓", step: "12" });
});

Deno.test("a torch.nn.Linear state dict from PyTorch gives the same outputs here", async () => {
  const sd = await torch.load(linearPy);
  const x = torch.tensor(pyLinear.x, { dtype: "float32" });
  const y = sd.weight.matmul(x).add(sd.bias).tolist() as number[];
  y.forEach((v, i) => assert.ok(Math.abs(v - pyLinear.y[i]) < 1e-6));
});

Deno.test("torch.save / torch.load round-trip nested values: tensors in safetensors, the rest in metadata", async () => {
  const w = torch.randn(3, 2);
  const value = {
    epoch: 7,
    nums: [1.5, NaN, Infinity, -Infinity, -0],
    big: 2n ** 70n,
    name: "run ✓",
    flags: { done: false, none: null, missing: undefined },
    tensors: [w, { inner: torch.arange(3) }],
    tricky: { $t: "tensor", k: "x" }, // a record that looks like a tag
  } as Record<string, unknown>;
  Object.defineProperty(value, "__proto__", { value: { "a.b": torch.ones(1) }, enumerable: true });
  const path = `${dir}/nested.safetensors`;
  await torch.save(value, path);
  const back = await torch.load<Record<string, unknown>>(path);
  assert.equal(back.epoch, 7);
  const nums = back.nums as number[];
  assert.ok(Number.isNaN(nums[1]) && nums[2] === Infinity && nums[3] === -Infinity && nums[0] === 1.5);
  assert.equal(back.big, 2n ** 70n);
  assert.equal(back.name, "run ✓");
  assert.deepEqual(back.flags, { done: false, none: null, missing: undefined });
  assert.deepEqual(back.tricky, { $t: "tensor", k: "x" });
  const [t0, rec] = back.tensors as [torch.Tensor, { inner: torch.Tensor }];
  assert.deepEqual(t0.tolist(), w.tolist());
  assert.deepEqual(rec.inner.tolist(), [0, 1, 2]);
  assert.equal(Object.getPrototypeOf(back), Object.prototype, "a key named __proto__ stays a key");
  assert.ok(Object.hasOwn(back, "__proto__"));
  // the tensors are plain safetensors entries named by their path
  const raw = torch.safetensors.load(await Deno.readFile(path));
  assert.ok("tensors.0" in raw && "tensors.1.inner" in raw);

  await assert.rejects(() => torch.save({ f: () => 1 }, `${dir}/bad.safetensors`), /cannot save 'f': a function/);
  await assert.rejects(() => torch.save({ m: new Map() }, `${dir}/bad.safetensors`), /'m': a Map/);
  const cyc: Record<string, unknown> = {};
  cyc.self = cyc;
  await assert.rejects(() => torch.save(cyc, `${dir}/bad.safetensors`), /cycle/);
  await assert.rejects(() => torch.save(w, `${dir}/x.safetensors`, { meta: {} } as never), /unknown option 'meta'/);
  await assert.rejects(() => torch.load(path, { map_location: "cpu" } as never), /unknown option 'map_location'/);
  assert.equal((await torch.load(path, { mapLocation: "cpu", weightsOnly: true }) as Record<string, unknown>).epoch, 7);
  // a single tensor
  await torch.save(w, `${dir}/one.safetensors`);
  assert.deepEqual((await torch.load<torch.Tensor>(`${dir}/one.safetensors`)).tolist(), w.tolist());
  assert.equal(Deno.readDirSync(dir).toArray().filter((e) => e.name.endsWith(".tmp")).length, 0);
});

Deno.test("in-memory safetensors bytes (safetensors.torch.save / load) are the same format", async () => {
  const bytes = torch.safetensors.save(sample(), { metadata: { a: "b" } });
  const back = torch.safetensors.load(bytes);
  for (const [k, t] of Object.entries(sample())) assert.deepEqual(flat(back[k]), flat(t), k);
  const file = `${dir}/bytes.safetensors`;
  await Deno.writeFile(file, bytes);
  assert.deepEqual(await torch.safetensors.metadata(file), { a: "b" });
  const header = new TextDecoder().decode(
    bytes.subarray(8, 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))),
  );
  assert.equal((8 + header.length) % 8, 0, "the header is padded so tensors start 8-byte aligned");
  assert.ok(header.startsWith('{"__metadata__":{"a":"b"}'));
});

// ---------- corrupt files ----------

function file(
  headerObj: unknown,
  data: Uint8Array = new Uint8Array(0),
  rawHeader?: Uint8Array,
  claimed?: bigint,
): Uint8Array {
  const h = rawHeader ?? new TextEncoder().encode(JSON.stringify(headerObj));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, claimed ?? BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}
const f32 = (n: number) => new Uint8Array(new Float32Array(n).fill(1).buffer);

const CORRUPT: [string, Uint8Array, RegExp][] = [
  ["empty file", new Uint8Array(0), /not a safetensors file: 0 bytes/],
  ["4 bytes", new Uint8Array(4), /not a safetensors file: 4 bytes/],
  [
    "header length beyond the file",
    file({}, undefined, undefined, 1000n),
    /truncated: the header is 1000 bytes but only 2 bytes follow/,
  ],
  ["header length over 100 MB", file({}, undefined, undefined, 2n ** 62n), /exceeds the format's limit/],
  ["header length 0", file({}, undefined, new Uint8Array(0)), /too small/],
  ["not JSON", file(null, undefined, new TextEncoder().encode("{not json}")), /not valid JSON/],
  ["not UTF-8", file(null, undefined, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), /not valid UTF-8/],
  ["a JSON array", file(null, undefined, new TextEncoder().encode("[1, 2]")), /not a JSON object/],
  [
    "a dtype dendrite lacks (F16)",
    file({ x: { dtype: "F16", shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)),
    /tensor 'x' has dtype F16, which dendrite does not support \(supported: BOOL, U8, I32, I64, F32, F64\)/,
  ],
  ["BF16", file({ x: { dtype: "BF16", shape: [1], data_offsets: [0, 2] } }, new Uint8Array(2)), /dtype BF16/],
  [
    "an unknown dtype",
    file({ x: { dtype: "Q7", shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)),
    /unknown dtype "Q7"/,
  ],
  [
    "a negative dim",
    file({ x: { dtype: "F32", shape: [-1], data_offsets: [0, 4] } }, f32(1)),
    /shape must be a list of non-negative integers/,
  ],
  [
    "a fractional dim",
    file({ x: { dtype: "F32", shape: [1.5], data_offsets: [0, 4] } }, f32(1)),
    /non-negative integers/,
  ],
  ["missing offsets", file({ x: { dtype: "F32", shape: [1] } }, f32(1)), /data_offsets must be/],
  ["reversed offsets", file({ x: { dtype: "F32", shape: [0], data_offsets: [4, 0] } }, f32(1)), /data_offsets must be/],
  [
    "a shape that lies about the size",
    file({ x: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, f32(2)),
    /the header lies about tensor 'x': shape \[3\] of F32 needs 12 bytes, its data_offsets \[0, 8\] span 8/,
  ],
  [
    "a huge shape",
    file({ x: { dtype: "F64", shape: [2 ** 30, 2 ** 30], data_offsets: [0, 8] } }, f32(2)),
    /the header lies about tensor 'x'|too large/,
  ],
  [
    "overlapping tensors",
    file({
      a: { dtype: "F32", shape: [2], data_offsets: [0, 8] },
      b: { dtype: "F32", shape: [2], data_offsets: [4, 12] },
    }, f32(3)),
    /overlaps/,
  ],
  [
    "a hole",
    file({
      a: { dtype: "F32", shape: [1], data_offsets: [0, 4] },
      b: { dtype: "F32", shape: [1], data_offsets: [8, 12] },
    }, f32(3)),
    /data bytes \[4, 8\) belong to no tensor/,
  ],
  [
    "truncated data",
    file({ a: { dtype: "F32", shape: [4], data_offsets: [0, 16] } }, f32(2)),
    /truncated: the header describes 16 bytes of tensor data, the file holds 8/,
  ],
  [
    "trailing bytes",
    file({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, f32(2)),
    /4 bytes after the last tensor/,
  ],
  [
    "a bool that is not 0 or 1",
    file({ m: { dtype: "BOOL", shape: [3], data_offsets: [0, 3] } }, new Uint8Array([1, 2, 0])),
    /'m' \(BOOL\) holds the byte 2 at element 1/,
  ],
  ["non-string metadata", file({ __metadata__: { step: 3 } }), /metadata 'step' must be a string/],
  ["a tensor entry that is not a record", file({ x: [1, 2] }), /tensor 'x': expected \{dtype, shape, data_offsets\}/],
  [
    "a structure key that does not parse",
    file({ __metadata__: { "dendrite.structure": "{oops" } }),
    /corrupt dendrite.structure metadata/,
  ],
  [
    "a structure naming a missing tensor",
    file({ __metadata__: { "dendrite.structure": '{"version":1,"value":{"$t":"tensor","k":"nope"}}' } }),
    /no tensor named "nope"/,
  ],
];

Deno.test("corrupt, truncated and lying files are clear SafetensorsErrors, from a file and from bytes", async () => {
  for (const [what, bytes, re] of CORRUPT) {
    const path = `${dir}/corrupt.safetensors`;
    await Deno.writeFile(path, bytes);
    await assert.rejects(() => torch.load(path), (e: Error) => {
      assert.ok(e instanceof SafetensorsError, `${what}: ${e}`);
      assert.match(e.message, re, what);
      assert.ok(e.message.startsWith(path), `${what}: the message names the file`);
      return true;
    });
    if (!/structure/.test(what)) assert.throws(() => torch.safetensors.load(bytes), re, what);
  }
});

Deno.test("every truncation of a valid file, and random header corruption, is an error, never a crash", async () => {
  const bytes = torch.safetensors.save({ a: torch.arange(5, { dtype: "int32" }), b: torch.ones(2, 2) }, {
    metadata: { k: "v" },
  });
  for (let n = 0; n < bytes.length; n++) {
    assert.throws(() => torch.safetensors.load(bytes.subarray(0, n)), SafetensorsError, `truncated to ${n}`);
  }
  const path = `${dir}/trunc.safetensors`;
  for (const n of [0, 7, 8, 20, bytes.length - 1]) {
    await Deno.writeFile(path, bytes.subarray(0, n));
    await assert.rejects(() => torch.load(path), SafetensorsError);
  }
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const headerEnd = 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true));
  for (let trial = 0; trial < 300; trial++) {
    const b = bytes.slice();
    const at = Math.floor(rand() * headerEnd);
    b[at] = Math.floor(rand() * 256);
    try {
      const r = torch.safetensors.load(b);
      for (const t of Object.values(r)) t.tolist(); // whatever loads is a valid tensor
    } catch (e) {
      assert.ok(e instanceof SafetensorsError, `byte ${at} -> ${b[at]}: ${e}`);
    }
  }
});

// ---------- atomic writes ----------

Deno.test("a failing save keeps the old file and leaves no temp file", async () => {
  const path = `${dir}/atomic.safetensors`;
  await torch.save({ w: torch.ones(3) }, path);
  await Deno.chmod(path, 0o600);
  const before = await Deno.readFile(path);
  const tmpCount = () => [...Deno.readDirSync(dir)].filter((e) => e.name.includes(".tmp")).length;

  // a released tensor: refused before anything is written
  const gone = torch.zeros(2);
  gone.dispose();
  await assert.rejects(() => torch.save({ w: torch.ones(3), gone }, path));
  // a value that cannot be saved
  await assert.rejects(() => torch.save({ w: torch.ones(3), f: Symbol("x") }, path), /symbol/);
  // a failure half-way through writing the data: the third read of the tensor's storage throws
  const big = torch.arange(100000, { dtype: "float64" });
  const real = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Object.getPrototypeOf(big)), "storage")!.get!;
  let reads = 0;
  Object.defineProperty(big, "storage", {
    get() {
      if (++reads > 2) throw new Error("disk on fire");
      return real.call(this);
    },
  });
  await assert.rejects(() => torch.save({ a: torch.ones(1000), big }, path), /disk on fire/);
  assert.ok(reads > 2, "the failure happened while writing");

  assert.deepEqual(await Deno.readFile(path), before, "the old file is untouched");
  assert.equal(tmpCount(), 0, "the temp file was removed");
  // a successful save replaces it atomically and keeps its permissions
  await torch.save({ w: torch.zeros(3) }, path);
  assert.deepEqual((await torch.load(path)).w.tolist(), [0, 0, 0]);
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  // through a symlink: the target is replaced, the link stays
  const link = `${dir}/link.safetensors`;
  await Deno.symlink(path, link);
  await torch.save({ w: torch.full([3], 2) }, link);
  assert.ok((await Deno.lstat(link)).isSymlink);
  assert.deepEqual((await torch.load(path)).w.tolist(), [2, 2, 2]);
  await assert.rejects(
    () => torch.save({ w: torch.ones(1) }, `${dir}/no/such/dir/x.safetensors`),
    Deno.errors.NotFound,
  );
});

Deno.test("an optimizer checkpoint: tensors in safetensors (PyTorch-readable), the rest in metadata", async () => {
  assert.ok(!pyCkpt.error, pyCkpt.error);
  assert.deepEqual(Object.keys(pyCkpt.tensors).sort(), [
    "model.w",
    "optimizer.state.0.expAvg",
    "optimizer.state.0.expAvgSq",
  ]);
  assert.deepEqual(pyCkpt.tensors["model.w"].data, ckptW.detach().reshape(-1).tolist() as number[]);
  assert.ok("dendrite.structure" in pyCkpt.metadata);
  const back = await torch.load<{ model: { w: torch.Tensor }; optimizer: optim.StateDict; epoch: number }>(ckpt);
  assert.equal(back.epoch, 3);
  assert.deepEqual(back.model.w.tolist(), ckptW.tolist());
  assert.equal(back.optimizer.state["0"].step, 1);
  assert.deepEqual(back.optimizer.paramGroups[0].betas, [0.9, 0.999]);
});

globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

Deno.test("file functions take path strings only", async () => {
  const t = { a: torch.ones(2) };
  const notPaths: unknown[] = [new URL("file:///tmp/x"), /x/, null, 3, new Uint8Array(1)];
  for (const p of notPaths) {
    await assert.rejects(() => torch.safetensors.loadFile(p as string), TypeError);
    await assert.rejects(() => torch.safetensors.metadata(p as string), TypeError);
    await assert.rejects(() => torch.safetensors.saveFile(t, p as string), /saveFile: expected a path string/);
  }
});
