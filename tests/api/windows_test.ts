/**
 * src/api/ops/windows.ts against NumPy 2.4 (np.hanning, hamming, blackman, bartlett, kaiser) and PyTorch 2.13
 * (torch.hann_window, hamming_window, blackman_window, bartlett_window, kaiser_window): values in both float dtypes,
 * lengths 0 and 1, periodic and symmetric, the parameters, call forms, dtype/device/requiresGrad options, errors.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type C = readonly [string, () => unknown];
type F = (...a: unknown[]) => unknown;
const npf = np as unknown as Record<string, F>, tf = torch as unknown as Record<string, F>;

Deno.test("np.hanning / hamming / blackman / bartlett / kaiser match NumPy", async () => {
  const cases: C[] = [];
  for (const w of ["hanning", "hamming", "blackman", "bartlett"]) {
    for (const M of [-3, 0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 33, 5.5, 1.5]) cases.push([`np.${w}(${M})`, () => npf[w](M)]);
    cases.push([`np.${w}(8)`, () => npf[w]({ M: 8 })]);
  }
  for (const M of [-1, 0, 1, 2, 5, 6, 11, 5.5]) {
    for (const beta of [0, 3, 8.6, -3, 14]) cases.push([`np.kaiser(${M}, ${beta})`, () => np.kaiser(M, beta)]);
  }
  cases.push(
    ["np.kaiser(4, float('nan'))", () => np.kaiser(4, NaN)],
    ["np.kaiser(7, beta=5)", () => np.kaiser(7, { beta: 5 })],
    ["np.kaiser(M=7, beta=5)", () => np.kaiser({ M: 7, beta: 5 })],
  );
  const res = await numpy(cases.map(([expr]) => ({ expr })));
  assert.deepEqual(caseFailures(cases, res, { tol: { rtol: 1e-13, atol: 1e-15 } }), []);
  assert.throws(() => np.hanning(Infinity), RangeError);
  assert.throws(() => np.kaiser(...([5] as unknown as [number, number])), /missing required argument 'beta'/);
  assert.throws(() => np.hamming(5, { sym: false } as never), /unknown option 'sym'/);
});

Deno.test("torch.hannWindow / hammingWindow / blackmanWindow / bartlettWindow / kaiserWindow match PyTorch", async () => {
  const cases: C[] = [];
  const names: [string, string][] = [
    ["hannWindow", "hann_window"],
    ["hammingWindow", "hamming_window"],
    ["blackmanWindow", "blackman_window"],
    ["bartlettWindow", "bartlett_window"],
    ["kaiserWindow", "kaiser_window"],
  ];
  for (const [ours, py] of names) {
    for (const L of [0, 1, 2, 3, 4, 5, 8, 16, 17, 51]) {
      for (const periodic of [true, false]) {
        for (const dt of ["float32", "float64"]) {
          cases.push([
            `torch.${py}(${L}, ${periodic ? "True" : "False"}, dtype=torch.${dt})`,
            () => tf[ours](L, periodic, { dtype: dt }),
          ]);
        }
      }
    }
    cases.push(
      [`torch.${py}(6)`, () => tf[ours](6)],
      [`torch.${py}(6, dtype=torch.float64, device='cpu')`, () => tf[ours](6, { dtype: "float64", device: "cpu" })],
      [`torch.${py}(6, False)`, () => tf[ours]({ windowLength: 6, periodic: false })],
      [`torch.${py}(5, dtype=torch.int64)`, () => tf[ours](5, { dtype: "int64" })],
      [`torch.${py}(4, False, dtype=torch.int32)`, () => tf[ours](4, false, { dtype: "int32" })],
      [`torch.${py}(4, dtype=torch.bool)`, () => tf[ours](4, { dtype: "bool" })],
      [`torch.${py}(4, dtype=torch.uint8)`, () => tf[ours](4, { dtype: "uint8" })],
      [`torch.${py}(-1)`, () => tf[ours](-1)],
      [`torch.${py}(-1, dtype=torch.int64)`, () => tf[ours](-1, { dtype: "int64" })],
      [`torch.${py}(3, requires_grad=True)`, () => tf[ours](3, { requiresGrad: true })],
      [
        `(torch.set_default_dtype(torch.float64), torch.${py}(7), torch.set_default_dtype(torch.float32))[1]`,
        () => {
          torch.setDefaultDtype("float64");
          try {
            return tf[ours](7);
          } finally {
            torch.setDefaultDtype("float32");
          }
        },
      ],
    );
  }
  for (const [alpha, beta] of [[0.3, 0.4], [0.5, 0.5], [1, -1], [0.54, 0.46]]) {
    for (const periodic of [true, false]) {
      for (const dt of ["float32", "float64"]) {
        cases.push([
          `torch.hamming_window(9, ${periodic ? "True" : "False"}, ${alpha}, ${beta}, dtype=torch.${dt})`,
          () => torch.hammingWindow(9, periodic, alpha, beta, { dtype: dt }),
        ]);
      }
    }
  }
  for (const beta of [0, 0.5, 3.5, 12, 20]) {
    for (const periodic of [true, false]) {
      for (const dt of ["float32", "float64"]) {
        cases.push([
          `torch.kaiser_window(12, ${periodic ? "True" : "False"}, ${beta}, dtype=torch.${dt})`,
          () => torch.kaiserWindow(12, periodic, beta, { dtype: dt }),
        ]);
      }
    }
  }
  cases.push(
    ["torch.hamming_window(5, True, 0.3)", () => torch.hammingWindow(5, true, 0.3)],
    ["torch.hamming_window(5, True, 0.3, 0.4)", () => torch.hammingWindow(5, { alpha: 0.3, beta: 0.4 })],
    ["torch.kaiser_window(5, False, 3.5)", () => torch.kaiserWindow(5, false, { beta: 3.5 })],
  );
  const res = await numpy(cases.map(([expr]) => ({ expr, torch: true })));
  // float32 within a few ulps: ATen's float cos and i0 round differently from double results rounded once
  assert.deepEqual(caseFailures(cases, res), []);
  // the result is a leaf that requires grad when asked (PyTorch's creation keyword)
  const w = torch.hannWindow(4, { requiresGrad: true });
  assert.ok(w.requiresGrad && w.isLeaf && w.gradFn === null);
  w.mul(2).sum().backward();
  assert.deepEqual(w.grad!.tolist(), [2, 2, 2, 2]);
  assert.equal(torch.blackmanWindow(4).requiresGrad, false);
  // PyTorch's binder refuses a float length; an unknown option names itself
  assert.throws(() => torch.hannWindow(2.5), TypeError);
  assert.throws(() => torch.kaiserWindow(5, { alpha: 1 } as never), /unknown option 'alpha'/);
  assert.throws(() => torch.hannWindow(5, { device: "cuda:9" }), Error);
});
