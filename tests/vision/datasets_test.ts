/**
 * vision.datasets on real and generated files, against torchvision reading
 * the same files: the real Fashion-MNIST (Debian's dataset-fashion-mnist),
 * small generated MNIST/KMNIST IDX files (gzipped and not), CIFAR binary
 * batches, an ImageFolder of generated PNGs, FakeData.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { torch, vision } from "../../mod.ts";
import { dec, type Enc, torchvision, values } from "./oracle.ts";

const T = vision.transforms;
const FM = "/usr/share/datasets/fashion-mnist";
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

Deno.test({
  name: "FashionMNIST: the real files read as torchvision reads them",
  ignore: !(() => {
    try {
      return Deno.statSync(`${FM}/train-images-idx3-ubyte.gz`).isFile;
    } catch {
      return false;
    }
  })(),
  fn: async () => {
    const tmp = Deno.makeTempDirSync();
    try {
      const tf = new T.Compose([new T.ToTensor(), new T.Normalize([0.5], [0.5])]);
      const train = new vision.datasets.FashionMNIST(tmp, { transform: tf });
      const test = new vision.datasets.FashionMNIST(tmp, { train: false });
      assert.deepEqual([train.length, test.length, train.rows, train.cols], [60000, 10000, 28, 28]);
      const picks = [0, 1, 59999, 31337];
      const setup = `
import gzip, hashlib, os, shutil
raw = os.path.join(${JSON.stringify(tmp)}, "FashionMNIST", "raw")
os.makedirs(raw, exist_ok=True)
for f in os.listdir(${JSON.stringify(FM)}):
    with gzip.open(os.path.join(${JSON.stringify(FM)}, f)) as src, open(os.path.join(raw, f[:-3]), "wb") as dst:
        shutil.copyfileobj(src, dst)
tf = T.Compose([T.ToTensor(), T.Normalize([0.5], [0.5])])
tr = torchvision.datasets.FashionMNIST(${JSON.stringify(tmp)}, train=True, transform=tf)
te = torchvision.datasets.FashionMNIST(${JSON.stringify(tmp)}, train=False)
h = lambda t: hashlib.md5(t.numpy().tobytes()).hexdigest()
`;
      const [r] = await torchvision([{
        setup,
        expr:
          `[h(tr.data), h(tr.targets), h(te.data), h(te.targets), tr.classes, [tr[i][0] for i in ${
            JSON.stringify(picks)
          }], ` +
          `[tr[i][1] for i in ${JSON.stringify(picks)}], list(te[5][0].getdata())]`,
      }]);
      if ("error" in r) throw new Error(`${r.error}: ${r.message}`);
      const [hTrain, hTrainT, hTest, hTestT, classes, imgs, labels, pix] = r.value as Enc[];
      const hash = (t: torch.Tensor) =>
        md5(
          new Uint8Array(
            t.contiguous().storage.data.buffer as ArrayBuffer,
            t.storage.data.byteOffset,
            t.numel() * t.elementSize(),
          ),
        );
      assert.equal(md5(train.images), hTrain);
      assert.equal(hash(train.targets), hTrainT);
      assert.equal(md5(test.images), hTest);
      assert.equal(hash(test.targets), hTestT);
      assert.deepEqual(train.classes, classes);
      picks.forEach((i, k) => {
        const [x, y] = train.getItem(i) as [torch.Tensor, number];
        assert.equal(typeof y, "number");
        assert.equal(y, (labels as number[])[k]);
        assert.deepEqual(values(x), values(dec((imgs as Enc[])[k])));
      });
      assert.deepEqual([...(test.getItem(5)[0] as vision.Image).data], pix);
    } finally {
      Deno.removeSync(tmp, { recursive: true });
    }
  },
});

Deno.test("MNIST/KMNIST: generated IDX files, gzipped or not, as torchvision reads them", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const rnd = (n: number, seed: number) =>
      Uint8Array.from({ length: n }, (_, i) => (i * 37 + seed * 11 + ((i * i) >> 3)) & 255);
    for (const [cls, gz] of [["MNIST", true], ["KMNIST", false]] as const) {
      const raw = `${tmp}/${cls}/raw`;
      Deno.mkdirSync(raw, { recursive: true });
      for (const [split, n] of [["train", 7], ["t10k", 3]] as const) {
        const files: [string, Uint8Array][] = [
          [`${split}-images-idx3-ubyte`, idx([n, 28, 28], rnd(n * 784, n))],
          [`${split}-labels-idx1-ubyte`, idx([n], rnd(n, 3).map((v) => v % 10))],
        ];
        for (const [f, b] of files) {
          // torchvision reads the plain files; ours reads whichever is there (the .gz for MNIST)
          Deno.writeFileSync(`${raw}/${f}`, b);
          if (gz) Deno.writeFileSync(`${raw}/${f}.gz`, gzipSync(b));
        }
      }
    }
    const [r] = await torchvision([{
      setup: `m = torchvision.datasets.MNIST(${JSON.stringify(tmp)}); k = torchvision.datasets.KMNIST(${
        JSON.stringify(tmp)
      }, train=False)`,
      expr:
        "[[list(m[i][0].getdata()) + [m[i][1]] for i in range(len(m))], [list(k[i][0].getdata()) + [k[i][1]] for i in range(len(k))], k.classes]",
    }]);
    if ("error" in r) throw new Error(`${r.error}: ${r.message}`);
    const [mv, kv, kc] = r.value as number[][][];
    for (const f of Deno.readDirSync(`${tmp}/MNIST/raw`)) {
      if (!f.name.endsWith(".gz")) Deno.removeSync(`${tmp}/MNIST/raw/${f.name}`);
    }
    const m = new vision.datasets.MNIST(tmp);
    const k = new vision.datasets.KMNIST(tmp, { train: false });
    assert.deepEqual(
      [...Array(m.length).keys()].map((i) => {
        const [img, y] = m.getItem(i) as [vision.Image, number];
        return [...img.data, y];
      }),
      mv,
    );
    assert.deepEqual(
      [...Array(k.length).keys()].map((i) => {
        const [img, y] = k.getItem(i) as [vision.Image, number];
        return [...img.data, y];
      }),
      kv,
    );
    assert.deepEqual(k.classes, kc);
    assert.deepEqual(m.data.shape, [7, 28, 28]);
    assert.equal(m.targets.dtype, "int64");
    assert.throws(
      () => new vision.datasets.MNIST(`${tmp}/nothing`),
      /Put train-images-idx3-ubyte\[\.gz\].*into .*nothing\/MNIST\/raw/s,
    );
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("CIFAR10/100: the binary version's records", () => {
  const tmp = Deno.makeTempDirSync();
  try {
    const rec = (label: number[], seed: number) => {
      const r = new Uint8Array(label.length + 3072);
      r.set(label);
      for (let i = 0; i < 3072; i++) r[label.length + i] = (i * 7 + seed) & 255;
      return r;
    };
    const cat = (rs: Uint8Array[]) => {
      const out = new Uint8Array(rs.reduce((s, r) => s + r.length, 0));
      let o = 0;
      for (const r of rs) {
        out.set(r, o);
        o += r.length;
      }
      return out;
    };
    const d10 = `${tmp}/cifar-10-batches-bin`;
    Deno.mkdirSync(d10, { recursive: true });
    for (let b = 1; b <= 5; b++) {
      Deno.writeFileSync(`${d10}/data_batch_${b}.bin`, cat([rec([b], b), rec([9 - b], 10 + b)]));
    }
    Deno.writeFileSync(`${d10}/test_batch.bin`, rec([4], 99));
    Deno.writeFileSync(
      `${d10}/batches.meta.txt`,
      new TextEncoder().encode("airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n"),
    );
    const c10 = new vision.datasets.CIFAR10(tmp, { transform: new T.PILToTensor() });
    assert.equal(c10.length, 10);
    const [x, y] = c10.getItem(3) as [torch.Tensor, number];
    assert.deepEqual([x.shape, y], [[3, 32, 32], 7]);
    // CHW tensor = the record's planes, unchanged
    assert.deepEqual(values(x), [...rec([7], 12).subarray(1)]);
    const img = c10.rawItem(0)[0];
    assert.deepEqual(img.getPixel(1, 0), [(1 * 7 + 1) & 255, (1025 * 7 + 1) & 255, (2049 * 7 + 1) & 255]);
    assert.equal(c10.classes[9], "truck");
    assert.equal(new vision.datasets.CIFAR10(tmp, { train: false }).length, 1);
    const d100 = `${tmp}/cifar-100-binary`;
    Deno.mkdirSync(d100);
    Deno.writeFileSync(`${d100}/train.bin`, cat([rec([3, 42], 1), rec([19, 77], 2)]));
    Deno.writeFileSync(`${d100}/test.bin`, rec([0, 5], 3));
    const c100 = new vision.datasets.CIFAR100(tmp);
    assert.deepEqual([c100.length, c100.targets], [2, [42, 77]]);
    assert.throws(() => new vision.datasets.CIFAR10(`${tmp}/none`), /binary version/);
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});

Deno.test("ImageFolder and FakeData match torchvision", async () => {
  const tmp = Deno.makeTempDirSync();
  try {
    for (const [cls, n] of [["dog", 2], ["cat", 3]] as const) {
      Deno.mkdirSync(`${tmp}/${cls}/sub`, { recursive: true });
      for (let i = 0; i < n; i++) {
        const t = torch.arange(3 * 5 * 4).reshape(3, 5, 4).mul(i + 2).add(cls.length).remainder(256).to("uint8");
        vision.io.writePng(
          i === 2 ? t.narrow(0, 0, 1).contiguous() : t,
          `${tmp}/${cls}/${i === 1 ? "sub/" : ""}im${i}.png`,
        );
      }
      Deno.writeFileSync(`${tmp}/${cls}/notes.txt`, new Uint8Array([1]));
    }
    const [r, f] = await torchvision([
      {
        setup: `d = torchvision.datasets.ImageFolder(${JSON.stringify(tmp)})`,
        expr:
          "[d.classes, [s[1] for s in d.samples], [s[0] for s in d.samples], [T.PILToTensor()(d[i][0]) for i in range(len(d))]]",
      },
      {
        setup: "d = torchvision.datasets.FakeData(4, (3, 6, 5), 7, random_offset=3)",
        expr: "[[T.PILToTensor()(d[i][0]), d[i][1]] for i in range(4)]",
      },
    ]);
    if ("error" in r) throw new Error(`${r.error}: ${r.message}`);
    const [classes, targets, paths, imgs] = r.value as Enc[];
    const d = new vision.datasets.ImageFolder(tmp, { transform: new T.PILToTensor() });
    assert.deepEqual([d.classes, d.targets, d.samples.map((s) => s[0])], [classes, targets, paths]);
    (imgs as Enc[]).forEach((e, i) =>
      assert.deepEqual(values(d.getItem(i)[0] as torch.Tensor), values(dec(e)), `image ${i}`)
    );
    if ("error" in f) throw new Error(`${f.error}: ${f.message}`);
    const fake = new vision.datasets.FakeData(4, [3, 6, 5], 7, { randomOffset: 3, transform: new T.PILToTensor() });
    torch.manualSeed(123);
    const before = torch.rand(1).item();
    torch.manualSeed(123);
    (f.value as Enc[][]).forEach(([img, y], i) => {
      const [x, t] = fake.getItem(i) as [torch.Tensor, number];
      assert.deepEqual([values(x), t], [values(dec(img)), y], `FakeData ${i}`);
    });
    assert.equal(torch.rand(1).item(), before, "FakeData restores the default generator");
  } finally {
    Deno.removeSync(tmp, { recursive: true });
  }
});
