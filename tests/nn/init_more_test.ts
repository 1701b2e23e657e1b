/**
 * nn.init.truncNormal_, orthogonal_, dirac_, sparse_ and the deprecated names without the underscore against
 * PyTorch 2.13: seeded values (both of trunc_normal_'s samplers, with and without a generator, float32 and float64,
 * and the default generator's state afterwards, so the draws are PyTorch's in number and order), the warnings'
 * texts, and PyTorch's errors.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
const init = nn.init;
const SETUP = `
import warnings
import torch.nn as nn
def caught(f):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        r = f()
    return (r, [f"{x.category.__name__}: {x.message}" for x in w])
`;

/** Python: seed, run, and also return the default generator's next draws. */
const seeded = (seed: number, py: string) => `(torch.manual_seed(${seed}), ${py}, torch.rand(3))[1:]`;
/** Ours: the same. */
const seededTs = (seed: number, f: () => T) => () => {
  torch.manualSeed(seed);
  const r = f();
  return [r, torch.rand(3)];
};
const gen = (s: number) => new torch.Generator().manualSeed(s);
const pyDt = (dt: string) => (dt === "float64" ? ", dtype=torch.float64" : "");

const CASES: [py: string, ours: () => unknown][] = [];
const add = (py: string, ours: () => unknown) => CASES.push([py, ours]);

// the warnings first (each is shown once): the deprecated names (each drawing as its underscore version) and trunc_normal_'s mean check
const deprecated: [py: string, ours: () => T][] = [
  ["nn.init.uniform(torch.empty(3), -2., 2.)", () => init.uniform(torch.empty(3), -2, 2)],
  ["nn.init.normal(torch.empty(3), 1., 0.5)", () => init.normal(torch.empty(3), 1, 0.5)],
  ["nn.init.constant(torch.empty(3), 0.25)", () => init.constant(torch.empty(3), 0.25)],
  ["nn.init.eye(torch.empty(2, 3))", () => init.eye(torch.empty(2, 3))],
  ["nn.init.dirac(torch.empty(2, 2, 3))", () => init.dirac(torch.empty(2, 2, 3))],
  ["nn.init.xavier_uniform(torch.empty(3, 4), gain=2.)", () => init.xavierUniform(torch.empty(3, 4), { gain: 2 })],
  ["nn.init.xavier_normal(torch.empty(3, 4))", () => init.xavierNormal(torch.empty(3, 4))],
  ["nn.init.kaiming_uniform(torch.empty(3, 4), a=1.)", () => init.kaimingUniform(torch.empty(3, 4), { a: 1 })],
  [
    "nn.init.kaiming_normal(torch.empty(3, 4), mode='fan_out')",
    () => init.kaimingNormal(torch.empty(3, 4), { mode: "fan_out" }),
  ],
  ["nn.init.orthogonal(torch.empty(3, 4), 0.5)", () => init.orthogonal(torch.empty(3, 4), 0.5)],
  ["nn.init.sparse(torch.empty(4, 3), 0.5)", () => init.sparse(torch.empty(4, 3), 0.5)],
];
for (const [py, ours] of deprecated) {
  add(`(torch.manual_seed(16), caught(lambda: ${py}))[1]`, () => withWarnings(16, ours));
}
add(
  "(torch.manual_seed(17), caught(lambda: nn.init.trunc_normal_(torch.empty(5), 0., 1., 3., 4.)))[1]",
  () => withWarnings(17, () => init.truncNormal_(torch.empty(5), 0, 1, 3, 4)),
);

for (const dt of ["float32", "float64"] as const) {
  const o = { dtype: dt };
  // the normal sampler (mass of [a, b] above 0.3): few redraws by default, many with [-0.5, 0.5]
  for (const shape of [[3, 4], [50]]) {
    add(
      seeded(1, `nn.init.trunc_normal_(torch.empty(${shape}${pyDt(dt)}))`),
      seededTs(1, () => init.truncNormal_(torch.empty(shape, o))),
    );
    add(
      seeded(2, `nn.init.trunc_normal_(torch.empty(${shape}${pyDt(dt)}), 0.5, 2., -0.5, 1.5)`),
      seededTs(2, () => init.truncNormal_(torch.empty(shape, o), 0.5, 2, -0.5, 1.5)),
    );
    add(
      seeded(3, `nn.init.trunc_normal_(torch.empty(${shape}${pyDt(dt)}), a=-0.5, b=0.5)`),
      seededTs(3, () => init.truncNormal_(torch.empty(shape, o), { a: -0.5, b: 0.5 })),
    );
    // the uniform sampler with acceptance (mass at most 0.3)
    add(
      seeded(4, `nn.init.trunc_normal_(torch.empty(${shape}${pyDt(dt)}), 0., 1., 1., 2.)`),
      seededTs(4, () => init.truncNormal_(torch.empty(shape, o), 0, 1, 1, 2)),
    );
    add(
      seeded(5, `nn.init.trunc_normal_(torch.empty(${shape}${pyDt(dt)}), -0.3, 0.05, -0.1, 0.1)`),
      seededTs(5, () => init.truncNormal_(torch.empty(shape, o), -0.3, 0.05, -0.1, 0.1)),
    );
    add(
      seeded(6, `nn.init.trunc_normal_(torch.empty(${shape}${pyDt(dt)}), std=0.02, a=-0.01, b=0.01)`),
      seededTs(6, () => init.truncNormal_(torch.empty(shape, o), { std: 0.02, a: -0.01, b: 0.01 })),
    );
  }
  add(
    seeded(
      7,
      `nn.init.trunc_normal_(torch.empty(7, 3${pyDt(dt)}), 1., 2., generator=torch.Generator().manual_seed(5))`,
    ),
    seededTs(7, () => init.truncNormal_(torch.empty([7, 3], o), 1, 2, { generator: gen(5) })),
  );
  add(
    seeded(8, `nn.init.trunc_normal_(torch.empty(20${pyDt(dt)}), 0., 1., 0.5, 3., torch.Generator().manual_seed(6))`),
    seededTs(8, () => init.truncNormal_(torch.empty([20], o), 0, 1, 0.5, 3, gen(6))),
  );
  // orthogonal_: tall, wide and convolution shapes, gain, generator
  for (const shape of [[5, 3], [3, 5], [4, 2, 3, 3], [6, 6]]) {
    add(
      seeded(9, `nn.init.orthogonal_(torch.empty(${shape}${pyDt(dt)}))`),
      seededTs(9, () => init.orthogonal_(torch.empty(shape, o))),
    );
  }
  add(
    seeded(10, `nn.init.orthogonal_(torch.empty(4, 7${pyDt(dt)}), 2.5, torch.Generator().manual_seed(3))`),
    seededTs(10, () => init.orthogonal_(torch.empty([4, 7], o), 2.5, gen(3))),
  );
  // sparse_: the normal fill from the given generator, the permutations from the default one
  add(
    seeded(11, `nn.init.sparse_(torch.empty(10, 4${pyDt(dt)}), 0.3)`),
    seededTs(11, () => init.sparse_(torch.empty([10, 4], o), 0.3)),
  );
  add(
    seeded(12, `nn.init.sparse_(torch.empty(5, 3${pyDt(dt)}), 0.4, 0.1, torch.Generator().manual_seed(2))`),
    seededTs(12, () => init.sparse_(torch.empty([5, 3], o), 0.4, 0.1, gen(2))),
  );
}
add(seeded(13, "nn.init.sparse_(torch.empty(4, 3), 1.5)"), seededTs(13, () => init.sparse_(torch.empty(4, 3), 1.5)));
add(
  seeded(14, "nn.init.sparse_(torch.empty(6, 2), -0.2, std=1.)"),
  seededTs(14, () => init.sparse_(torch.empty(6, 2), -0.2, { std: 1 })),
);
add(seeded(15, "nn.init.sparse_(torch.empty(6, 2), 0.)"), seededTs(15, () => init.sparse_(torch.empty(6, 2), 0)));
// dirac_
for (
  const [shape, groups] of [[[4, 2, 3], 2], [[3, 5, 3, 3], 1], [[2, 2, 3, 4, 3], 1], [[6, 2, 5], 3], [[4, 4, 2], 4]]
) {
  add(
    `nn.init.dirac_(torch.full(${JSON.stringify(shape)}, 7.), ${groups})`,
    () => init.dirac_(torch.full(shape as number[], 7, { dtype: "float32" }), groups as number),
  );
}
add("nn.init.dirac_(torch.empty(3, 3))", () => init.dirac_(torch.empty(3, 3)));
add("nn.init.dirac_(torch.empty(3, 3, 3), 2)", () => init.dirac_(torch.empty(3, 3, 3), 2));
add("nn.init.sparse_(torch.empty(3, 3, 3), 0.5)", () => init.sparse_(torch.empty(3, 3, 3), 0.5));
add("nn.init.orthogonal_(torch.empty(3))", () => init.orthogonal_(torch.empty(3)));
add("nn.init.orthogonal_(torch.empty(0, 3))", () => init.orthogonal_(torch.empty(0, 3)));
add("nn.init.trunc_normal_(torch.empty(0), a=1., b=2.)", () => init.truncNormal_(torch.empty(0), { a: 1, b: 2 }));
/** [result, warnings shown] of f after manualSeed(seed). */
function withWarnings(seed: number, f: () => T): [T, string[]] {
  const warn = console.warn, got: string[] = [];
  console.warn = (...a: unknown[]) => got.push(a.join(" "));
  try {
    torch.manualSeed(seed);
    return [f(), got];
  } finally {
    console.warn = warn;
  }
}

Deno.test("nn.init's additions match PyTorch: seeded values and draws, warnings, errors", async () => {
  const results = await numpy(CASES.map(([py]) => ({ torch: true, setup: SETUP, expr: py })));
  assert.deepEqual(caseFailures(CASES, results), []);
});

Deno.test("the deprecated names warn once each; every call still draws", () => {
  const warn = console.warn, got: string[] = [];
  console.warn = (...a: unknown[]) => got.push(a.join(" "));
  try {
    torch.manualSeed(3);
    const a = init.normal(torch.empty(4));
    torch.manualSeed(3);
    const b = init.normal(torch.empty(4));
    assert.deepEqual(a.tolist(), b.tolist());
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(got, []); // (shown by the first test already)
});

Deno.test("the initializers work in place without recording, on parameters, and take every call form", () => {
  const p = new nn.Parameter(torch.empty(6, 4));
  for (const f of [() => init.truncNormal_(p), () => init.sparse_(p, 0.5), () => init.orthogonal_(p)]) {
    const r = f();
    assert.equal(r, p);
    assert.equal(p.gradFn, null);
    assert.equal(p.requiresGrad, true);
  }
  const w = new nn.Parameter(torch.empty(2, 2, 3));
  assert.equal(init.dirac_(w), w);
  assert.equal(w.gradFn, null);
  const forms = [
    () => init.truncNormal_(torch.empty(30), 0.5, 2, -1, 1),
    () => init.truncNormal_(torch.empty(30), { mean: 0.5, std: 2, a: -1, b: 1 }),
    () => init.truncNormal_(torch.empty(30), 0.5, { std: 2, a: -1, b: 1 }),
    () => init.truncNormal_({ tensor: torch.empty(30), mean: 0.5, std: 2, a: -1, b: 1 }),
  ];
  const values = forms.map((f) => {
    torch.manualSeed(4);
    return f().tolist();
  });
  for (const v of values) assert.deepEqual(v, values[0]);
  assert.throws(() => init.truncNormal_(torch.empty(3), { c: 1 }), /c/);
  assert.throws(() => init.sparse_(torch.empty(3, 3)), /sparsity/);
  assert.throws(() => init.dirac_(torch.empty(3, 3, 3), { group: 1 }), /group/);
  assert.deepEqual(
    init.dirac_(torch.empty(4, 2, 3), { groups: 2 }).tolist(),
    init.dirac_(torch.empty(4, 2, 3), 2).tolist(),
  );
});
