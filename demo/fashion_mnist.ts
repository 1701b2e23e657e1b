/**
 * `deno task demo`: trains the conv32-conv64-fc128 CNN on Fashion-MNIST
 * with a DataLoader, transforms, Adam and a step learning-rate schedule,
 * logs to TensorBoard (scalars, weight histograms, the model graph, the
 * misclassified test images), saves plotly pages of the curves and the
 * confusion matrix next to the logs, and checks that the safetensors
 * checkpoint reloads into a fresh model with the same test accuracy.
 *
 *   deno task demo                       # 3 epochs on the CPU
 *   deno task demo --quick --epochs 1    # a 2,000-image smoke run
 *   deno task demo --device cuda         # on an NVIDIA GPU
 *   deno task demo --help
 */
import { parseArgs } from "node:util";
import { data, nn, optim, plot, progress, SummaryWriter, torch, vision } from "../mod.ts";
import { FASHION_MEAN, FASHION_STD, FashionCNN } from "../examples/fashion_mnist_cnn.ts";

type T = torch.Tensor;

const USAGE = `Trains a CNN on Fashion-MNIST.

usage: deno task demo [options]

  --epochs N        epochs to train (default 3)
  --batch-size N    training batch size (default 64)
  --lr X            Adam's learning rate (default 0.001; it decays 0.7x per epoch)
  --device D        cpu or cuda (default cpu)
  --logdir DIR      TensorBoard folder (default runs/<date>_<host>)
  --data DIR        folder with the four Fashion-MNIST IDX files, or a torchvision root
                    (DIR/FashionMNIST/raw); default: data/, then /usr/share/datasets/fashion-mnist/
                    (Debian's dataset-fashion-mnist)
  --download        download the files into --data when they are missing
  --quick           train on 2,000 images and test on 1,000 (smoke runs, CI)
  --seed N          random seed (default 0)
  --help            this text`;

/** The parsed command line. */
export interface DemoOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  device: string;
  logdir?: string;
  /** The folder given with --data (only it is searched), or undefined: data/, then the system folder. */
  data?: string;
  download: boolean;
  quick: boolean;
  seed: number;
}

/** Parses the flags; throws a TypeError naming a bad or unknown one. */
export function parseDemoArgs(args: string[]): DemoOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        epochs: { type: "string", default: "3" },
        "batch-size": { type: "string", default: "64" },
        lr: { type: "string", default: "0.001" },
        device: { type: "string", default: "cpu" },
        logdir: { type: "string" },
        data: { type: "string" },
        download: { type: "boolean", default: false },
        quick: { type: "boolean", default: false },
        seed: { type: "string", default: "0" },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (e) {
    throw new TypeError(`${(e as Error).message} (see --help)`);
  }
  if (values.help) return "help";
  const int = (flag: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new TypeError(`--${flag} must be an integer >= ${min}, got '${v}'`);
    return n;
  };
  const lr = Number(values.lr);
  if (!(lr > 0) || !Number.isFinite(lr)) throw new TypeError(`--lr must be a positive number, got '${values.lr}'`);
  if (!/^(cpu|cuda(:\d+)?)$/.test(values.device)) {
    throw new TypeError(`--device must be cpu, cuda or cuda:N, got '${values.device}'`);
  }
  return {
    epochs: int("epochs", values.epochs, 1),
    batchSize: int("batch-size", values["batch-size"], 1),
    lr,
    device: values.device,
    logdir: values.logdir,
    data: values.data,
    download: values.download,
    quick: values.quick,
    seed: int("seed", values.seed, 0),
  };
}

/** Loads both splits, or throws an Error that says how to get the files. */
function loadData(o: DemoOptions): { train: data.Dataset<[T, number]>; test: data.Dataset<[T, number]> } {
  const Tr = vision.transforms;
  const transform = new Tr.Compose([new Tr.ToTensor(), new Tr.Normalize([FASHION_MEAN], [FASHION_STD])]);
  // --data may hold the IDX files directly, or be a torchvision root (DIR/FashionMNIST/raw); an explicit
  // --data is the only place searched, so that a wrong path is an error rather than a silent fallback
  const root = o.data ?? "data";
  const Fashion = class FashionMNIST extends vision.datasets.FashionMNIST {
    static override systemFolders: string[] = o.data ? [o.data] : vision.datasets.FashionMNIST.systemFolders;
  };
  const searched = o.data ? `${o.data}/ or ${o.data}/FashionMNIST/raw/` : "data/FashionMNIST/raw/ or " +
    vision.datasets.FashionMNIST.systemFolders.map((f) => `${f}/`).join(", ");
  let train, test;
  try {
    train = new Fashion(root, { train: true, transform, download: o.download });
    test = new Fashion(root, { train: false, transform, download: o.download });
  } catch (e) {
    throw new Error(
      `Fashion-MNIST is not in ${searched}.\n` +
        `Get it with one of:\n` +
        `  sudo apt-get install dataset-fashion-mnist      (Debian/Ubuntu)\n` +
        `  deno task demo --download                       (needs the network)\n` +
        `  --data DIR with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz,\n` +
        `             t10k-labels-idx1-ubyte.gz from https://github.com/zalandoresearch/fashion-mnist` +
        // a download or integrity failure says more than "not found"
        (/not found/i.test((e as Error).message) ? "" : `\n(${(e as Error).message.split("\n")[0]})`),
    );
  }
  const ds = (d: unknown) => d as data.Dataset<[T, number]>;
  if (!o.quick) return { train: ds(train), test: ds(test) };
  const first = (n: number) => [...Array(n).keys()];
  return { train: ds(new data.Subset(ds(train), first(2000))), test: ds(new data.Subset(ds(test), first(1000))) };
}

/** Test loss, accuracy, predictions and labels. */
function evaluate(model: nn.Module, test: data.Dataset<[T, number]>, device: string) {
  model.eval();
  const preds: number[] = [], labels: number[] = [];
  let lossSum = 0;
  torch.noGrad(() => {
    for (const [x, y] of new data.DataLoader(test, { batchSize: 1000 }) as Iterable<[T, T]>) {
      torch.tidy(() => {
        const out = model.forward(x.to(device));
        lossSum += Number(nn.F.crossEntropy(out, y.to(device), { reduction: "sum" }).item());
        preds.push(...(out.argmax(1).tolist() as number[]).map(Number));
        labels.push(...(y.tolist() as number[]).map(Number));
      });
    }
  });
  const correct = preds.reduce((s, p, i) => s + (p === labels[i] ? 1 : 0), 0);
  return { loss: lossSum / labels.length, accuracy: correct / labels.length, preds, labels };
}

/** Up to 64 misclassified test images (un-normalized, N x 1 x 28 x 28) and their captions. */
function misclassified(test: data.Dataset<[T, number]>, preds: number[], labels: number[], classes: string[]) {
  const idx = preds.flatMap((p, i) => (p !== labels[i] ? [i] : [])).slice(0, 64);
  const imgs = idx.map((i) => test.getItem(i)[0].mul(FASHION_STD).add(FASHION_MEAN).clamp(0, 1));
  const captions = idx.map((i) => `${classes[labels[i]]} -> ${classes[preds[i]]}`);
  return { grid: idx.length ? vision.utils.makeGrid(imgs, { nrow: 8 }) : null, captions };
}

/** Runs the demo; returns the final test accuracy. */
export async function runDemo(o: DemoOptions): Promise<number> {
  const start = performance.now();
  if (o.device.startsWith("cuda") && !torch.cuda.isAvailable()) {
    throw new Error(`--device ${o.device}: CUDA is not available here (torch.cuda.isAvailable() is false)`);
  }
  torch.manualSeed(o.seed);
  const { train, test } = loadData(o);
  const classes = vision.datasets.FashionMNIST.classes;
  const writer = new SummaryWriter(o.logdir ?? "");
  const logdir = writer.logdir;
  console.log(
    `Fashion-MNIST: ${train.length} training, ${test.length} test images; device ${o.device}; logs in ${logdir}`,
  );

  const model = new FashionCNN().to(o.device);
  const opt = new optim.Adam(model.parameters(), { lr: o.lr });
  const sched = new optim.lrScheduler.StepLR(opt, 1, { gamma: 0.7 });
  const lossFn = new nn.CrossEntropyLoss();
  const loader = new data.DataLoader(train, { batchSize: o.batchSize, shuffle: true });

  // the model graph, traced through autograd on one batch
  torch.tidy(() => {
    const [x] = loader[Symbol.iterator]().next().value as [T, T];
    writer.addGraph((inp: T) => model.forward(inp), x.to(o.device));
  });

  const history: Record<string, number[]> = {
    "train loss": [],
    "test loss": [],
    "train accuracy": [],
    "test accuracy": [],
  };
  let step = 0;
  let last: ReturnType<typeof evaluate> | undefined;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    model.train();
    const t0 = performance.now();
    let lossSum = 0, correct = 0, seen = 0;
    const bar = progress(loader as Iterable<[T, T]>, { desc: `epoch ${epoch}/${o.epochs}` });
    for (const [xb, yb] of bar) {
      const [loss, hits] = torch.tidy(() => {
        const x = xb.to(o.device), y = yb.to(o.device);
        opt.zeroGrad();
        const out = model.forward(x);
        const l = lossFn.forward(out, y);
        l.backward();
        opt.step();
        return [Number(l.item()), Number(out.argmax(1).eq(y).sum().item())];
      });
      const n = xb.shape[0];
      xb.dispose();
      yb.dispose();
      lossSum += loss * n;
      correct += hits;
      seen += n;
      if (step++ % 50 === 0) writer.addScalar("loss/train_step", loss, step);
      bar.setPostfix({
        loss: (lossSum / seen).toFixed(4),
        "img/s": Math.round(seen / ((performance.now() - t0) / 1000)),
      });
    }
    sched.step();
    const epochSecs = (performance.now() - t0) / 1000;
    last = evaluate(model, test, o.device);
    history["train loss"].push(lossSum / seen);
    history["train accuracy"].push(correct / seen);
    history["test loss"].push(last.loss);
    history["test accuracy"].push(last.accuracy);
    writer.addScalar("loss/train", lossSum / seen, epoch);
    writer.addScalar("loss/test", last.loss, epoch);
    writer.addScalar("accuracy/train", correct / seen, epoch);
    writer.addScalar("accuracy/test", last.accuracy, epoch);
    writer.addScalar("lr", opt.paramGroups[0].lr as number, epoch);
    for (const [name, p] of model.namedParameters()) writer.addHistogram(name, p.detach().cpu(), epoch);
    const wrong = misclassified(test, last.preds, last.labels, classes);
    if (wrong.grid) {
      writer.addImage("test/misclassified", wrong.grid, epoch);
      writer.addText("test/misclassified", wrong.captions.join("  \n"), epoch);
    }
    writer.flush();
    console.log(
      `epoch ${epoch}: train loss ${(lossSum / seen).toFixed(4)}, test loss ${last.loss.toFixed(4)}, ` +
        `test accuracy ${(100 * last.accuracy).toFixed(2)}%, ${epochSecs.toFixed(1)} s (${
          Math.round(seen / epochSecs)
        } img/s)`,
    );
  }
  writer.close();
  if (!last) throw new Error("no epoch ran");

  // plotly pages next to the event files
  await plot.trainingCurves(history, { title: "Fashion-MNIST CNN" }).save(`${logdir}/curves.html`);
  const confusion = classes.map(() => classes.map(() => 0));
  last.labels.forEach((t, i) => confusion[t][last.preds[i]]++);
  const cm = plot.heatmap(confusion, { title: "Confusion matrix (test)", xlabel: "predicted", ylabel: "true" });
  Object.assign(cm.data[0], { x: classes, y: classes, colorscale: "Blues" });
  cm.update({ yaxis: { title: { text: "true" }, autorange: "reversed" } });
  await cm.save(`${logdir}/confusion_matrix.html`);

  // the checkpoint, reloaded into a fresh model
  const ckpt = `${logdir}/model.safetensors`;
  await torch.save(model.stateDict(), ckpt);
  const fresh = new FashionCNN().to(o.device);
  fresh.loadStateDict(await torch.load(ckpt, { mapLocation: o.device }));
  const again = evaluate(fresh, test, o.device);
  console.log(
    `checkpoint ${ckpt}: reloaded test accuracy ${(100 * again.accuracy).toFixed(2)}%` +
      (again.accuracy === last.accuracy ? " (same)" : ` (DIFFERS from ${(100 * last.accuracy).toFixed(2)}%)`),
  );
  if (again.accuracy !== last.accuracy) throw new Error("the reloaded checkpoint does not reproduce the accuracy");
  console.log(`curves: ${logdir}/curves.html, confusion matrix: ${logdir}/confusion_matrix.html`);
  console.log(`view the logs: tensorboard --logdir ${logdir}`);
  const wall = (performance.now() - start) / 1000;
  console.log(
    `test accuracy ${(100 * last.accuracy).toFixed(2)}% after ${o.epochs} epoch${o.epochs > 1 ? "s" : ""}, ` +
      `wall time ${wall.toFixed(1)} s`,
  );
  return last.accuracy;
}

if (import.meta.main) {
  let opts;
  try {
    opts = parseDemoArgs(Deno.args);
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    Deno.exit(2);
  }
  if (opts === "help") console.log(USAGE);
  else {
    try {
      await runDemo(opts);
    } catch (e) {
      console.error(`error: ${(e as Error).message}`);
      Deno.exit(1);
    }
  }
}
