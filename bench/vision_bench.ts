/**
 * vision.models' ResNet18 forward (eval, no grad) on a 16x3x224x224 batch,
 * side by side with torchvision's on PyTorch CPU in the same run: passes
 * alternate between the two sides, medians reported. Run:
 * `deno run -A bench/vision_bench.ts [passes] [threads]` (PyTorch gets the
 * same thread count, 2 by default).
 */
import { torch, vision } from "../mod.ts";
import { median, pythonSide } from "./timing.ts";

const passes = Number(Deno.args[0] ?? 5);
const threads = Deno.args[1] ?? "2";

async function main(): Promise<void> {
  const py = pythonSide(new URL("./vision_bench.py", import.meta.url).pathname, [threads]);
  torch.manualSeed(0);
  const model = vision.models.resnet18().eval();
  const x = torch.randn(16, 3, 224, 224);
  const ours = (): number =>
    torch.noGrad(() => {
      const t = performance.now();
      model.forward(x);
      return (performance.now() - t) / 1e3;
    });
  ours(); // warm-up: kernels loaded, buffers allocated
  await py.read(); // ready
  const a: number[] = [], b: number[] = [];
  for (let p = 0; p < passes; p++) {
    a.push(ours());
    b.push(Number(await py.ask("1")));
  }
  await py.close();
  const [ma, mb] = [median(a), median(b)];
  console.error(`dendrite ${a.map((s) => s.toFixed(3)).join(", ")}; PyTorch ${b.map((s) => s.toFixed(3)).join(", ")}`);
  console.log(`ResNet18 forward, 16x3x224x224, eval, no grad, ${threads} threads; medians of ${passes} passes`);
  console.log("| case | dendrite | PyTorch | ratio |\n| --- | --- | --- | --- |");
  console.log(`| resnet18 forward | ${ma.toFixed(3)} s | ${mb.toFixed(3)} s | ${(ma / mb).toFixed(2)}x |`);
}

if (import.meta.main) await main();
