/**
 * nn.functional values and gradients at their edges against PyTorch 2.13:
 * softplus above its threshold (no NaN gradient), logsigmoid and
 * binary_cross_entropy_with_logits at 0 (PyTorch's 0.5), binary_cross_entropy
 * at inputs 0 and 1 (PyTorch's finite gradient), cosine_similarity (each
 * norm clamped to eps), normalize with p = inf / 0 and on zero rows.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { assertMatches, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
const F = torch.nn.functional;
const f64 = (v: number[][]) => torch.tensor(v, { dtype: "float64" });
/** [value, gradient of its sum] of f at x (float64), as the Python side's `vg`. */
const vg = (f: (x: T) => T, v: number[][]): T[] => {
  const x = f64(v).requiresGrad_();
  const r = f(x);
  r.sum().backward();
  return [r.detach(), x.grad!];
};
const SETUP = [
  "F = torch.nn.functional",
  "def vg(f, v):",
  "    x = torch.tensor(v, dtype=torch.float64, requires_grad=True)",
  "    r = f(x)",
  "    r.sum().backward()",
  "    return (r.detach(), x.grad)",
].join("\n");

const CASES: [py: string, ours: () => unknown][] = [
  ["vg(lambda x: F.softplus(x), [[-100., 0., 30., 100.]])", () => vg((x) => F.softplus(x), [[-100, 0, 30, 100]])],
  [
    "vg(lambda x: F.softplus(x, 2., 5.), [[-1., 2., 2.5, 40.]])",
    () => vg((x) => F.softplus(x, 2, 5), [[-1, 2, 2.5, 40]]),
  ],
  [
    "vg(lambda x: F.logsigmoid(x), [[-100., -1., 0., 1., 100.]])",
    () => vg((x) => F.logsigmoid(x), [[-100, -1, 0, 1, 100]]),
  ],
  [
    "vg(lambda x: F.binary_cross_entropy_with_logits(x, torch.tensor([[1., .5, 0.]], dtype=torch.float64), reduction='none'), [[0., 0., 0.]])",
    () => vg((x) => F.binaryCrossEntropyWithLogits(x, f64([[1, 0.5, 0]]), { reduction: "none" }), [[0, 0, 0]]),
  ],
  [
    "vg(lambda x: F.binary_cross_entropy_with_logits(x, torch.tensor([[1., 0.]], dtype=torch.float64), pos_weight=torch.tensor([2., 3.], dtype=torch.float64)), [[0., 1.5]])",
    () =>
      vg(
        (x) =>
          F.binaryCrossEntropyWithLogits(x, f64([[1, 0]]), { posWeight: torch.tensor([2, 3], { dtype: "float64" }) }),
        [[0, 1.5]],
      ),
  ],
  [
    "vg(lambda x: F.binary_cross_entropy(x, torch.tensor([[1., 0., .5], [0., 1., .75]], dtype=torch.float64), reduction='none'), [[0., 1., .5], [1., 0., .25]])",
    () =>
      vg(
        (x) => F.binaryCrossEntropy(x, f64([[1, 0, 0.5], [0, 1, 0.75]]), { reduction: "none" }),
        [[0, 1, 0.5], [1, 0, 0.25]],
      ),
  ],
  [
    "vg(lambda x: F.binary_cross_entropy(x, torch.tensor([[1., 0.]], dtype=torch.float64), weight=torch.tensor([2., 3.], dtype=torch.float64)), [[.3, .9]])",
    () =>
      vg((x) => F.binaryCrossEntropy(x, f64([[1, 0]]), { weight: torch.tensor([2, 3], { dtype: "float64" }) }), [[
        0.3,
        0.9,
      ]]),
  ],
  [
    "vg(lambda x: F.cosine_similarity(x, x), [[1e-5, 0.], [0., 0.], [3., 4.]])",
    () => vg((x) => F.cosineSimilarity(x, x), [[1e-5, 0], [0, 0], [3, 4]]),
  ],
  [
    "vg(lambda x: F.cosine_similarity(x, torch.tensor([[1., 2.]], dtype=torch.float64), eps=100.), [[1., 1.], [30., 40.]])",
    () => vg((x) => F.cosineSimilarity(x, f64([[1, 2]]), { eps: 100 }), [[1, 1], [30, 40]]),
  ],
  [
    "vg(lambda x: F.normalize(x, p=float('inf')), [[3., -4., 1.], [0., 0., 0.]])",
    () => vg((x) => F.normalize(x, { p: Infinity }), [[3, -4, 1], [0, 0, 0]]),
  ],
  ["vg(lambda x: F.normalize(x, p=0.), [[3., -4., 0.]])", () => vg((x) => F.normalize(x, { p: 0 }), [[3, -4, 0]])],
  ["vg(lambda x: F.normalize(x), [[3., -4.], [0., 0.]])", () => vg((x) => F.normalize(x), [[3, -4], [0, 0]])],
  [
    "vg(lambda x: F.normalize(x, p=1., dim=0), [[3., -4.], [1., 0.]])",
    () => vg((x) => F.normalize(x, { p: 1, dim: 0 }), [[3, -4], [1, 0]]),
  ],
];
const results = await numpy(CASES.map(([py]) => ({ torch: true, setup: SETUP, expr: py })));

Deno.test("nn.functional at its edges: PyTorch's values and gradients", () => {
  const failures: string[] = [];
  CASES.forEach(([py, ours], k) => {
    const want = results[k];
    try {
      assert.ok(!("error" in want), "error" in want ? want.message : "");
      if (!("error" in want)) assertMatches(ours(), want.value, py, { rtol: 1e-12, atol: 1e-15 });
    } catch (e) {
      failures.push(`${py}: ${(e as Error).message.split("\n")[0]}`);
    }
  });
  assert.deepEqual(failures, []);
});
