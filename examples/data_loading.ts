/**
 * The tutorial's data section, line by line: Fashion-MNIST from disk,
 * DataLoader batches, a custom Dataset, a random split, and loading in
 * parallel workers. Run: `deno run -A examples/data_loading.ts`.
 */
import { data, torch, vision } from "../mod.ts";

const T = vision.transforms;

/** A custom dataset: exported and registered so DataLoader workers can rebuild it. */
export class NoisyLines extends data.Dataset<[torch.Tensor, number]> {
  n: number;
  constructor(n: number) {
    super();
    this.n = n;
  }
  get length(): number {
    return this.n;
  }
  getItem(i: number): [torch.Tensor, number] {
    const x = torch.linspace(0, 1, 8).mul(i % 5).add(torch.randn(8).mul(0.01));
    return [x, i % 5];
  }
}
data.registerClass(NoisyLines, import.meta.url);

// workers import this module to find NoisyLines: the script's work runs only when it is the main module
if (import.meta.main) {
  torch.manualSeed(0);
  // FashionMNIST finds Debian's dataset-fashion-mnist when ./data has no files (download: true fetches them)
  const trainingData = new vision.datasets.FashionMNIST("data", { train: true, transform: new T.ToTensor() });
  const testData = new vision.datasets.FashionMNIST("data", { train: false, transform: new T.ToTensor() });
  console.log(String(trainingData));
  const [img, label] = trainingData.getItem(0) as [torch.Tensor, number];
  console.log("first sample:", img.shape, "label", label, trainingData.classes[label]);

  const trainDataloader = new data.DataLoader(trainingData, { batchSize: 64, shuffle: true });
  const testDataloader = new data.DataLoader(testData, { batchSize: 64 });
  const [trainFeatures, trainLabels] = trainDataloader[Symbol.iterator]().next().value!;
  console.log(`Feature batch shape: [${trainFeatures.shape}]`);
  console.log(`Labels batch shape: [${trainLabels.shape}]`);
  console.log("batches per epoch:", trainDataloader.length, "test batches:", testDataloader.length);
  vision.utils.saveImage(trainFeatures.narrow(0, 0, 16), "fashion_grid.png", { nrow: 8 });
  console.log("wrote fashion_grid.png");

  // a custom dataset, split 80/20, loaded by two workers
  const [train, val] = data.randomSplit(new NoisyLines(100), [0.8, 0.2], {
    generator: new torch.Generator().manualSeed(42),
  });
  const loader = new data.DataLoader(train, { batchSize: 16, shuffle: true, numWorkers: 2 });
  let seen = 0;
  for await (const [x, y] of loader) seen += (y as torch.Tensor).shape[0] + 0 * (x as torch.Tensor).shape[0];
  console.log(`split ${train.length}/${val.length}; the workers loaded ${seen} samples`);
  Deno.removeSync("fashion_grid.png");
}
