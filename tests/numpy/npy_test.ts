/** .npy/.npz files written by dendrite are read by real NumPy and the other way round. */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { python } from "../helpers/python.ts";

async function py(code: string): Promise<string> {
  const out = await python(["-c", code]);
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.test("np.save output loads in NumPy for every dtype", async () => {
  const dir = await Deno.makeTempDir();
  const arrays: Record<string, np.NDArray> = {
    f32: np.arange(6, null, 1, { dtype: "float32" }).reshape(2, 3).T,
    f64: np.array([1.5, -2, NaN, Infinity]),
    i32: np.array([[1, -2]], { dtype: "int32" }),
    i64: np.array([2n ** 62n, -3n]),
    u8: np.array([0, 255], { dtype: "uint8" }),
    b: np.array([true, false, true]),
    scalar: np.array(7.25),
    empty: np.zeros([0, 3]),
  };
  for (const [k, v] of Object.entries(arrays)) await np.save(`${dir}/${k}`, v);
  const report = await py(`
import numpy as np, json
out = {}
for k in ${JSON.stringify(Object.keys(arrays))}:
    a = np.load("${dir}/" + k + ".npy")
    out[k] = [str(a.dtype), list(a.shape), [repr(x) for x in a.ravel().tolist()]]
print(json.dumps(out))`);
  const got = JSON.parse(report);
  assert.deepEqual(got.f32, ["float32", [3, 2], ["0.0", "3.0", "1.0", "4.0", "2.0", "5.0"]]);
  assert.deepEqual(got.f64, ["float64", [4], ["1.5", "-2.0", "nan", "inf"]]);
  assert.deepEqual(got.i32, ["int32", [1, 2], ["1", "-2"]]);
  assert.deepEqual(got.i64, ["int64", [2], [String(2n ** 62n), "-3"]]);
  assert.deepEqual(got.u8, ["uint8", [2], ["0", "255"]]);
  assert.deepEqual(got.b, ["bool", [3], ["True", "False", "True"]]);
  assert.deepEqual(got.scalar, ["float64", [], ["7.25"]]);
  assert.deepEqual(got.empty, ["float64", [0, 3], []]);
});

Deno.test("np.load reads NumPy's .npy (C, Fortran, big-endian) and .npz", async () => {
  const dir = await Deno.makeTempDir();
  await py(`
import numpy as np
np.save("${dir}/c.npy", np.arange(12, dtype=np.int32).reshape(3, 4))
np.save("${dir}/f.npy", np.asfortranarray(np.arange(6.).reshape(2, 3)))
np.save("${dir}/be.npy", np.arange(3, dtype=">f8"))
np.savez("${dir}/z.npz", np.arange(3), named=np.eye(2, dtype=np.float32))
np.savez_compressed("${dir}/zc.npz", x=np.array([True, False]))`);
  assert.deepEqual((await np.load(`${dir}/c.npy`) as np.NDArray).tolist(), [[0, 1, 2, 3], [4, 5, 6, 7], [
    8,
    9,
    10,
    11,
  ]]);
  assert.deepEqual((await np.load(`${dir}/f.npy`) as np.NDArray).tolist(), [[0, 1, 2], [3, 4, 5]]);
  assert.deepEqual((await np.load(`${dir}/be.npy`) as np.NDArray).tolist(), [0, 1, 2]);
  const z = await np.load(`${dir}/z.npz`) as Record<string, np.NDArray>;
  assert.deepEqual(z.arr_0.tolist(), [0, 1, 2]);
  assert.equal(z.named.dtype, "float32");
  const zc = await np.load(`${dir}/zc.npz`) as Record<string, np.NDArray>;
  assert.deepEqual(zc.x.tolist(), [true, false]);
});

Deno.test("np.savez output loads in NumPy; a failed save keeps the old file", async () => {
  const dir = await Deno.makeTempDir();
  await np.savez(`${dir}/a`, { x: np.arange(3), y: np.ones([2, 2], { dtype: "float32" }) });
  await np.savezCompressed(`${dir}/b.npz`, [np.arange(4)]);
  const s = await py(`
import numpy as np
a = np.load("${dir}/a.npz"); b = np.load("${dir}/b.npz")
print(sorted(a.files), a["x"].tolist(), str(a["y"].dtype), b["arr_0"].tolist())`);
  assert.equal(s, "['x', 'y'] [0, 1, 2] float32 [0, 1, 2, 3]");
  await np.save(`${dir}/keep.npy`, np.arange(2));
  await assert.rejects(() => np.save(`${dir}/keep.npy`, { storage: null } as never));
  assert.deepEqual((await np.load(`${dir}/keep.npy`) as np.NDArray).tolist(), [0, 1]);
  assert.deepEqual([...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".tmp")), []);
});

Deno.test("np.load rejects bad files clearly", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/bad.npy`, "not numpy");
  await assert.rejects(() => np.load(`${dir}/bad.npy`), /not a .npy file/);
  const good = await Deno.readFile((await np.save(`${dir}/g.npy`, np.arange(100)), `${dir}/g.npy`));
  await Deno.writeFile(`${dir}/trunc.npy`, good.subarray(0, 200));
  await assert.rejects(() => np.load(`${dir}/trunc.npy`), /truncated/);
});
