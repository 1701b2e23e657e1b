/**
 * np.load refuses malformed .npy headers and corrupt .npz members as NumPy
 * does; np.save writes files the way NumPy's open(path, "wb") would (mode
 * 0666 minus the umask, an existing file's mode kept, through symlinks).
 */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { python } from "../helpers/python.ts";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** An .npy file with the given header dict text, data bytes and format version. */
function npy(header: string, data = new Uint8Array(0), version: [number, number] = [1, 0]): Uint8Array {
  const pre = version[0] === 1 ? 10 : 12;
  const h = new TextEncoder().encode(header + " ".repeat(64 - ((pre + header.length + 1) % 64)) + "\n");
  const out = new Uint8Array(pre + h.length + data.length);
  out.set(MAGIC);
  out.set(version, 6);
  const dv = new DataView(out.buffer);
  if (pre === 10) dv.setUint16(8, h.length, true);
  else dv.setUint32(8, h.length, true);
  out.set(h, pre);
  out.set(data, pre + h.length);
  return out;
}

const header = (shape: string, extra = "") => `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, ${extra}}`;

async function loadBytes(bytes: Uint8Array): Promise<unknown> {
  const path = await Deno.makeTempFile({ suffix: ".npy" });
  await Deno.writeFile(path, bytes);
  return np.load(path);
}

async function py(code: string): Promise<string> {
  const out = await python(["-c", code]);
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.test("np.load rejects headers with invalid shapes, naming the file and the field", async () => {
  const data = new Uint8Array(64);
  const cases: [string, ErrorConstructor, RegExp][] = [
    ["(-2, -3)", RangeError, /'shape' has a negative .*\(-2, -3\)/],
    ["(0, -5)", RangeError, /'shape' has a negative .*\(0, -5\)/],
    ["(2.5, 2)", TypeError, /'shape' must be a tuple of integers, got \(2\.5, 2\)/],
    ["(nan,)", TypeError, /'shape' must be a tuple of integers, got \(nan,\)/],
    ["(3)", TypeError, /'shape' must be a tuple of integers, got 3/], // a number in Python, not a tuple
    ["(99999999999999999999,)", RangeError, /too large/],
  ];
  for (const [shape, type, message] of cases) {
    await assert.rejects(() => loadBytes(npy(header(shape), data)), (e: Error) => {
      assert.ok(e instanceof type, `${shape}: ${e}`);
      assert.match(e.message, message);
      assert.match(e.message, /\.npy: \.npy header field/); // starts with the file's path
      return true;
    });
  }
  await assert.rejects(
    () => loadBytes(npy(header("(2,)").replace("False", "0"), data)),
    /'fortran_order' must be True or False/,
  );
  await assert.rejects(
    () => loadBytes(npy(header("(2,)", "'x': 1, "), data)),
    /keys descr, fortran_order and shape, got descr, fortran_order, shape, x/,
  );
  await assert.rejects(() => loadBytes(npy("{'descr': '<f8', 'shape': (2,), }", data)), /got descr, shape$/);
  await assert.rejects(() => loadBytes(npy("{'descr': '<f8', 'shape': (2,", data)), TypeError);
  await assert.rejects(
    () => loadBytes(npy(header("(2,)").replace("'<f8'", "[('a', '<f8')]"), data)),
    /'descr' is not a dtype string/,
  );
});

Deno.test("np.load rejects unknown format versions and data shorter than the header claims", async () => {
  const data = new Uint8Array(16);
  await assert.rejects(() => loadBytes(npy(header("(2,)"), data, [4, 0])), (e: Error) => {
    assert.ok(e instanceof RangeError);
    assert.match(e.message, /unsupported \.npy format version 4\.0 \(NumPy reads 1\.0, 2\.0 and 3\.0\)/);
    return true;
  });
  await assert.rejects(() => loadBytes(npy(header("(2,)"), data, [1, 1])), /version 1\.1/);
  // versions 2.0 and 3.0 (4-byte header length) read
  assert.deepEqual((await loadBytes(npy(header("(2,)"), data, [2, 0])) as np.NDArray).tolist(), [0, 0]);
  assert.deepEqual((await loadBytes(npy(header("(2,)"), data, [3, 0])) as np.NDArray).tolist(), [0, 0]);
  await assert.rejects(() => loadBytes(npy(header("(3,)"), data)), (e: Error) => {
    assert.ok(e instanceof RangeError);
    assert.match(e.message, /truncated: shape \(3\) of '<f8' needs 24 bytes of data, the file holds 16/);
    return true;
  });
  await assert.rejects(() => loadBytes(npy(header("(1000000, 1000000, 1000000)"), data)), /truncated/);
  const cut = npy(header("(2,)"), data).subarray(0, 40); // inside the header
  await assert.rejects(() => loadBytes(cut), /truncated: the \.npy header claims/);
  // an empty array with a zero dimension is fine
  assert.deepEqual((await loadBytes(npy(header("(0, 5)"))) as np.NDArray).shape, [0, 5]);
});

Deno.test("np.load checks each .npz member's CRC-32, as NumPy does", async () => {
  const dir = await Deno.makeTempDir();
  await np.savez(`${dir}/a.npz`, { a: np.arange(50), b: np.ones([3]) });
  const bytes = await Deno.readFile(`${dir}/a.npz`);
  // flip one data byte of member a.npy (its data starts after the 30-byte local header, name and 128-byte .npy header)
  const at = 30 + "a.npy".length + 128 + 8 * 10;
  const bad = bytes.slice();
  bad[at] ^= 0x01;
  await Deno.writeFile(`${dir}/bad.npz`, bad);
  await assert.rejects(() => np.load(`${dir}/bad.npz`), TypeError);
  await assert.rejects(() => np.load(`${dir}/bad.npz`), /bad\.npz: corrupt \.npz: Bad CRC-32 for file 'a\.npy'/);
  // NumPy agrees the file is corrupt
  const r = await py(`
import numpy as np, zipfile
try:
    np.load("${dir}/bad.npz")["a"]
    print("read")
except zipfile.BadZipFile as e:
    print(e)`);
  assert.equal(r, "Bad CRC-32 for file 'a.npy'");
  // a NumPy-written compressed archive with a flipped byte is refused too (by inflate or by the CRC)
  await py(`import numpy as np; np.savez_compressed("${dir}/c.npz", x=np.arange(1000) % 7)`);
  const c = await Deno.readFile(`${dir}/c.npz`);
  c[60] ^= 0x10;
  await Deno.writeFile(`${dir}/c.npz`, c);
  await assert.rejects(() => np.load(`${dir}/c.npz`), /c\.npz: corrupt \.npz/);
  // the intact file still loads
  assert.deepEqual((await np.load(`${dir}/a.npz`) as Record<string, np.NDArray>).a.shape, [50]);
});

/** Runs `code` (TypeScript) under `umask`; returns its stdout. */
async function underUmask(umask: string, code: string): Promise<string> {
  const script = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(script, `import { np } from "${new URL("../../mod.ts", import.meta.url).href}";\n${code}`);
  const out = await new Deno.Command("sh", {
    args: ["-c", `umask ${umask} && exec "${Deno.execPath()}" run -A "${script}"`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.test("np.save gives new files NumPy's mode (0666 minus the umask) and keeps an existing file's", async () => {
  const dir = await Deno.makeTempDir();
  for (const umask of ["022", "027", "077"]) {
    await underUmask(
      umask,
      `await np.save("${dir}/d${umask}.npy", np.arange(3)); await np.savez("${dir}/z${umask}.npz", [np.arange(2)]);`,
    );
    await py(`import os, numpy as np; os.umask(0o${umask}); np.save("${dir}/n${umask}.npy", np.arange(3))`);
    const mode = async (f: string) => ((await Deno.stat(`${dir}/${f}`)).mode! & 0o777).toString(8);
    assert.equal(await mode(`d${umask}.npy`), await mode(`n${umask}.npy`), `umask ${umask}`);
    assert.equal(await mode(`d${umask}.npy`), (0o666 & ~parseInt(umask, 8)).toString(8));
    assert.equal(await mode(`z${umask}.npz`), (0o666 & ~parseInt(umask, 8)).toString(8));
  }
  await np.save(`${dir}/keep.npy`, np.arange(2));
  await Deno.chmod(`${dir}/keep.npy`, 0o604);
  await np.save(`${dir}/keep.npy`, np.arange(4));
  assert.equal((await Deno.stat(`${dir}/keep.npy`)).mode! & 0o777, 0o604);
  assert.deepEqual((await np.load(`${dir}/keep.npy`) as np.NDArray).tolist(), [0, 1, 2, 3]);
});

Deno.test("np.save and savez write through symlinks (chains, relative, dangling) and keep them links", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/data`);
  await np.save(`${dir}/data/real.npy`, np.arange(2));
  await Deno.symlink("data/real.npy", `${dir}/link.npy`); // relative to the link's folder
  await Deno.symlink(`${dir}/link.npy`, `${dir}/link2.npy`); // a chain
  await np.save(`${dir}/link2.npy`, np.arange(5));
  assert.ok((await Deno.lstat(`${dir}/link.npy`)).isSymlink);
  assert.ok((await Deno.lstat(`${dir}/link2.npy`)).isSymlink);
  assert.deepEqual((await np.load(`${dir}/data/real.npy`) as np.NDArray).tolist(), [0, 1, 2, 3, 4]);
  await Deno.symlink("data/new.npz", `${dir}/dangling.npz`);
  await np.savez(`${dir}/dangling.npz`, { x: np.arange(3) });
  assert.ok((await Deno.lstat(`${dir}/dangling.npz`)).isSymlink);
  assert.deepEqual((await np.load(`${dir}/data/new.npz`) as Record<string, np.NDArray>).x.tolist(), [0, 1, 2]);
  const leftovers = [...Deno.readDirSync(dir), ...Deno.readDirSync(`${dir}/data`)].filter((e) =>
    e.name.endsWith(".tmp")
  );
  assert.deepEqual(leftovers, []);
  await Deno.symlink("loop.npy", `${dir}/loop.npy`);
  await assert.rejects(() => np.save(`${dir}/loop.npy`, np.arange(1)), /too many levels of symbolic links/);
});
