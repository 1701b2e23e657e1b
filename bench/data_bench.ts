/**
 * Data loading, side by side with PyTorch in the same run: one pass over
 * Fashion-MNIST train (60,000 images) with ToTensor + Normalize, batch 64,
 * shuffled, with numWorkers 0 and 2; medians of the passes, the two sides
 * alternating pass by pass. Run: `deno run -A bench/data_bench.ts [passes]`.
 * Reads /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist)
 * or $FASHION_MNIST.
 */
import { data, vision } from "../mod.ts";
import { median, pythonSide } from "./timing.ts";

const SRC = Deno.env.get("FASHION_MNIST") ?? "/usr/share/datasets/fashion-mnist";
const passes = Number(Deno.args[0] ?? 3);

async function main(): Promise<void> {
  const T = vision.transforms;
  const root = Deno.makeTempDirSync();
  Deno.mkdirSync(`${root}/FashionMNIST/raw`, { recursive: true });
  for (const f of ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]) {
    Deno.copyFileSync(`${SRC}/${f}`, `${root}/FashionMNIST/raw/${f}`);
  }
  const ds = new vision.datasets.FashionMNIST(root, {
    train: true,
    transform: new T.Compose([new T.ToTensor(), new T.Normalize([0.5], [0.5])]),
  });
  const py = pythonSide(new URL("./data_bench.py", import.meta.url).pathname, [SRC]);
  await py.read(); // ready
  const ours = (numWorkers: number): number => {
    const loader = new data.DataLoader(ds, { batchSize: 64, shuffle: true, numWorkers });
    const t = performance.now();
    let n = 0;
    for (const [, y] of loader) n += y.shape[0];
    if (n !== 60000) throw new Error(`saw ${n} samples`);
    return (performance.now() - t) / 1e3;
  };
  const rows: string[] = [];
  for (const nw of [0, 2]) {
    const a: number[] = [], b: number[] = [];
    for (let p = 0; p < passes; p++) {
      a.push(ours(nw));
      b.push(Number(await py.ask(String(nw))));
    }
    const [ma, mb] = [median(a), median(b)];
    rows.push(`| numWorkers ${nw} | ${ma.toFixed(3)} s | ${mb.toFixed(3)} s | ${(ma / mb).toFixed(2)}x |`);
    console.error(
      `numWorkers ${nw}: dendrite ${a.map((x) => x.toFixed(2)).join(", ")}; PyTorch ${
        b.map((x) => x.toFixed(2)).join(", ")
      }`,
    );
  }
  await py.close();
  Deno.removeSync(root, { recursive: true });
  console.log("One pass over Fashion-MNIST train (60,000 images), ToTensor + Normalize, batch 64, shuffled; medians");
  console.log("| case | dendrite | PyTorch | ratio |\n| --- | --- | --- | --- |");
  for (const r of rows) console.log(r);
}

if (import.meta.main) await main();
