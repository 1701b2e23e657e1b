/**
 * download: true against a local HTTP server on 127.0.0.1 serving
 * generated archives: a good download loads; a corrupted file fails its
 * checksum and leaves nothing behind; a dropped connection fails and
 * leaves nothing; an unreachable mirror gives an error that says where to
 * put the files. CIFAR's tar.gz is downloaded and extracted.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { vision } from "../../mod.ts";

const md5 = (b: Uint8Array) => createHash("md5").update(b).digest("hex");

function idx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const dv = new DataView(out.buffer);
  out[2] = 8;
  out[3] = dims.length;
  dims.forEach((d, i) => dv.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** A ustar archive of the given files. */
function tar(files: Record<string, Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const [name, data] of Object.entries(files)) {
    const h = new Uint8Array(512);
    h.set(enc.encode(name), 0);
    h.set(enc.encode("0000644\0"), 100);
    h.set(enc.encode("0000000\0"), 108);
    h.set(enc.encode("0000000\0"), 116);
    h.set(enc.encode(data.length.toString(8).padStart(11, "0") + "\0"), 124);
    h.set(enc.encode("00000000000\0"), 136);
    h[156] = 48;
    h.set(enc.encode("ustar\0" + "00"), 257);
    h.fill(32, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.set(enc.encode(sum.toString(8).padStart(6, "0") + "\0 "), 148);
    parts.push(h, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

async function startServer(files: Record<string, Uint8Array>): Promise<{ port: number; stop: () => void }> {
  const w = new Worker(new URL("./serve_worker.ts", import.meta.url), { type: "module" });
  const port = await new Promise<number>((resolve) => (w.onmessage = (e) => resolve(e.data.port)));
  w.postMessage({ files });
  await new Promise((r) => setTimeout(r, 50));
  return { port, stop: () => w.terminate() };
}

const listing = (dir: string) => {
  try {
    return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  } catch {
    return [];
  }
};

Deno.test("download: checksums, temp files, dropped connections, offline", async () => {
  const names = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
  ];
  const raw: Record<string, Uint8Array> = {
    [names[0]]: idx([4, 28, 28], Uint8Array.from({ length: 4 * 784 }, (_, i) => i & 255)),
    [names[1]]: idx([4], new Uint8Array([3, 1, 4, 1])),
    [names[2]]: idx([2, 28, 28], Uint8Array.from({ length: 2 * 784 }, (_, i) => (i * 3) & 255)),
    [names[3]]: idx([2], new Uint8Array([5, 9])),
  };
  const files: Record<string, Uint8Array> = {};
  for (const n of names) files[`${n}.gz`] = gzipSync(raw[n]);
  const resources = names.map((n) => [`${n}.gz`, md5(files[`${n}.gz`])] as [string, string]);
  const c10: Record<string, Uint8Array> = {};
  for (const b of ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"]) {
    c10[`cifar-10-batches-bin/${b}.bin`] = Uint8Array.from({ length: 3073 }, (_, i) => (i === 0 ? 6 : i & 255));
  }
  files["cifar.tar.gz"] = gzipSync(tar(c10));
  const server = await startServer(files);
  const tmp = Deno.makeTempDirSync();
  const base = `http://127.0.0.1:${server.port}`;
  class M extends vision.datasets.MNIST {
    static override resources = resources;
  }
  try {
    // corrupted: checksum error, nothing left behind
    M.mirrors = [`${base}/corrupt/`];
    assert.throws(() => new M(`${tmp}/a`, { download: true }), /checksum mismatch/);
    assert.deepEqual(listing(`${tmp}/a/M/raw`), []);
    // dropped connection: an error, nothing left behind
    M.mirrors = [`${base}/drop/`];
    assert.throws(() => new M(`${tmp}/b`, { download: true }), /Error downloading train-images-idx3-ubyte\.gz/);
    assert.deepEqual(listing(`${tmp}/b/M/raw`), []);
    // offline (nothing listens there): the error says where to put the files
    M.mirrors = ["http://127.0.0.1:9/"];
    assert.throws(
      () => new M(`${tmp}/c`, { download: true }),
      /Put train-images-idx3-ubyte\[\.gz\] and train-labels-idx1-ubyte\[\.gz\] into .*c\/M\/raw/,
    );
    // the first mirror fails, the second serves: loads
    M.mirrors = [`${base}/corrupt/`, `${base}/files/`];
    const ds = new M(`${tmp}/d`, { download: true });
    assert.deepEqual(listing(`${tmp}/d/M/raw`), names.map((n) => `${n}.gz`).sort());
    assert.deepEqual([ds.length, ds.getItem(2)[1], new M(`${tmp}/d`, { train: false }).getItem(1)[1]], [4, 4, 9]);
    assert.deepEqual([...(ds.getItem(1)[0] as vision.Image).data.subarray(0, 3)], [784 & 255, 785 & 255, 786 & 255]);
    // CIFAR: the tar.gz is fetched, checked, extracted
    class C extends vision.datasets.CIFAR10 {
      static override url = `${base}/files/cifar.tar.gz`;
      static override filename = "cifar.tar.gz";
      static override tgzMd5 = md5(files["cifar.tar.gz"]);
    }
    const c = new C(`${tmp}/e`, { download: true });
    assert.deepEqual([c.length, c.getItem(4)[1]], [5, 6]);
    class Cbad extends C {
      static override tgzMd5 = "0".repeat(32);
    }
    assert.throws(() => new Cbad(`${tmp}/f`, { download: true }), /checksum mismatch/);
    assert.deepEqual(listing(`${tmp}/f`), []);
  } finally {
    server.stop();
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("models' weights: downloaded into the hub cache with torch.hub's SHA-256 prefix check", async () => {
  const { torch } = await import("../../mod.ts");
  const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
  const st = torch.safetensors.save({ "fc.weight": torch.ones(2, 3), "fc.bias": torch.zeros(2) });
  const pth = new TextEncoder().encode("PK\u0003\u0004 a pickled checkpoint");
  const stName = `tiny-${sha(st).slice(0, 8)}.safetensors`, pthName = `tiny-${sha(pth).slice(0, 8)}.pth`;
  const server = await startServer({ [stName]: st, [pthName]: pth });
  const dir = Deno.makeTempDirSync();
  const W = vision.models.Weights, meta = { numParams: 8, numClasses: 2, acc1: 0, acc5: 0 };
  const base = `http://127.0.0.1:${server.port}`;
  try {
    // a corrupted file fails the check and is removed
    const bad = new W("V1", `${base}/corrupt/${stName}`, meta);
    assert.throws(() => bad.getStateDict({ modelDir: dir }), /invalid hash value .* does not start with/);
    assert.deepEqual(listing(dir), []);
    // a dropped connection leaves nothing
    assert.throws(
      () => new W("V1", `${base}/drop/${stName}`, meta).getStateDict({ modelDir: dir }),
      /Error downloading/,
    );
    assert.deepEqual(listing(dir), []);
    // safetensors weights load; a second call reads the cache
    const sd = new W("V1", `${base}/files/${stName}`, meta).getStateDict({ modelDir: dir });
    assert.deepEqual([sd["fc.weight"].shape, listing(dir)], [[2, 3], [stName]]);
    // torchvision's pickled .pth files are downloaded and checked, then the error says how to convert them
    assert.throws(
      () => new W("V1", `${base}/files/${pthName}`, meta).getStateDict({ modelDir: dir }),
      /is a pickled PyTorch file, which dendrite cannot read; convert it once to .*tiny-[0-9a-f]{8}\.safetensors/,
    );
    assert.deepEqual(listing(dir), [pthName, stName].sort());
  } finally {
    server.stop();
    Deno.removeSync(dir, { recursive: true });
  }
});
