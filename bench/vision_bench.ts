/**
 * vision.models' ResNet18 forward (eval, no grad) on a 16x3x224x224 batch,
 * side by side with torchvision's on PyTorch CPU in the same run: passes
 * alternate between the two sides, medians reported. Run:
 * `deno run -A bench/vision_bench.ts [passes] [threads]` (PyTorch gets the
 * same thread count, 2 by default).
 */
import { torch, vision } from "../mod.ts";

const passes = Number(Deno.args[0] ?? 5);
const threads = Deno.args[1] ?? "2";

async function main(): Promise<void> {
  const py = new Deno.Command("python3", {
    args: [new URL("./vision_bench.py", import.meta.url).pathname, threads],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const w = py.stdin.getWriter(), enc = new TextEncoder();
  const lines = py.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  const readLine = async (): Promise<string> => {
    while (!buf.includes("\n")) {
      const r = await lines.read();
      if (r.done) throw new Error("python bench ended");
      buf += r.value;
    }
    const i = buf.indexOf("\n"), line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    return line;
  };
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
  await readLine(); // ready
  const a: number[] = [], b: number[] = [];
  for (let p = 0; p < passes; p++) {
    a.push(ours());
    await w.write(enc.encode("1\n"));
    b.push(Number(await readLine()));
  }
  await w.close();
  await py.status;
  const median = (v: number[]) => [...v].sort((p, q) => p - q)[v.length >> 1];
  const [ma, mb] = [median(a), median(b)];
  console.error(`dendrite ${a.map((s) => s.toFixed(3)).join(", ")}; PyTorch ${b.map((s) => s.toFixed(3)).join(", ")}`);
  console.log(`ResNet18 forward, 16x3x224x224, eval, no grad, ${threads} threads; medians of ${passes} passes`);
  console.log("| case | dendrite | PyTorch | ratio |\n| --- | --- | --- | --- |");
  console.log(`| resnet18 forward | ${ma.toFixed(3)} s | ${mb.toFixed(3)} s | ${(ma / mb).toFixed(2)}x |`);
}

if (import.meta.main) await main();
