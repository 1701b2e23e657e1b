/**
 * vision.transforms on an image and on tensors: augmentation pipelines,
 * random transforms under torch.manualSeed (torchvision's choices for the
 * same seed), a grid of the results saved as PNG.
 * Run: `deno run -A examples/vision_transforms.ts`.
 */
import { torch, vision } from "../mod.ts";

const T = vision.transforms;

// a synthetic RGB image: gradients and a square
const w = 64, h = 48, px = new Uint8Array(w * h * 3);
for (let y = 0; y < h; y++) {
  for (let x = 0; x < w; x++) {
    const inSquare = x > 20 && x < 44 && y > 12 && y < 36;
    px.set([x * 4, y * 5, inSquare ? 255 : 40], (y * w + x) * 3);
  }
}
const img = new vision.Image(px, w, h, "RGB");

const augment = new T.Compose([
  new T.RandomResizedCrop(32, { scale: [0.5, 1] }),
  new T.RandomHorizontalFlip(),
  new T.ColorJitter(0.4, 0.4, 0.4, 0.1),
  new T.RandomRotation(15),
  new T.ToTensor(),
]);
torch.manualSeed(0);
const views = Array.from({ length: 8 }, () => augment.forward(img) as torch.Tensor);
console.log("8 augmented views:", views[0].shape, views[0].dtype);

// the same pipeline on a uint8 tensor image (torchvision's tensor path)
const asTensor = new T.PILToTensor().forward(img);
const tensorPipe = new T.Compose([
  new T.Resize(24),
  new T.CenterCrop(24),
  new T.ConvertImageDtype("float32"),
  new T.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
]);
const t = tensorPipe.forward(asTensor) as torch.Tensor;
console.log("tensor pipeline:", t.shape, "range", t.min().item(), t.max().item());

vision.utils.saveImage(views, "augmented.png", { nrow: 4, padding: 2 });
const back = vision.io.readImage("augmented.png");
console.log("saved augmented.png:", back.shape);
Deno.removeSync("augmented.png");
