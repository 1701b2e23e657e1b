/**
 * PyTorch's random streams through the torch API: after torch.manualSeed
 * (or a torch.Generator's), every random function and in-place fill gives
 * PyTorch's numbers bit for bit, for several seeds, sizes on both sides of
 * 16 (PyTorch's vectorized normal path), float32 and float64, contiguous
 * and transposed tensors (filled in memory order). One Python process runs
 * every case.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { assertMatches, type Case, numpy } from "../helpers/oracle.ts";

type T = torch.Tensor;
interface R {
  py: string;
  ts: () => unknown;
}
const cases: R[] = [];
const EXACT = { rtol: 0, atol: 0 };
const add = (py: string, ts: () => unknown) => cases.push({ py, ts });

const SEEDS = [0, 42, 2 ** 40 + 7];
const SIZES = [5, 15, 16, 17, 100];
const DT = ["float32", "float64"] as const;
const pyDt = (d: string) => `torch.${d}`;
/** Runs f with console.warn captured: the result, and what was warned. */
function warnings<R>(f: () => R): [R, string[]] {
  const w = console.warn, got: string[] = [];
  console.warn = (m: string) => void got.push(m);
  try {
    return [f(), got];
  } finally {
    console.warn = w;
  }
}
const quiet = <R>(f: () => R): R => warnings(f)[0];

for (const s of SEEDS) {
  for (const n of SIZES) {
    for (const dt of DT) {
      add(
        `torch.manual_seed(${s}); r = (torch.rand(${n}, dtype=${pyDt(dt)}), torch.randn(${n}, dtype=${
          pyDt(dt)
        }), torch.rand(2, ${n}, dtype=${pyDt(dt)}))`,
        () => {
          torch.manualSeed(s);
          return [torch.rand(n, { dtype: dt }), torch.randn(n, { dtype: dt }), torch.rand(2, n, { dtype: dt })];
        },
      );
      // in-place fills on contiguous and transposed tensors (memory order)
      add(
        `torch.manual_seed(${s})
a = torch.empty(${n}, 3, dtype=${pyDt(dt)}).t()
b = torch.empty(3, ${n}, dtype=${pyDt(dt)})
a.normal_(1.5, 2.0); b.normal_(-1, 0.5)
c = torch.empty(${n}, 2, dtype=${pyDt(dt)}).t().uniform_(-2, 3)
d = torch.empty(${n}, dtype=${pyDt(dt)}).exponential_(1.5)
r = (a, b, c, d)`,
        () => {
          torch.manualSeed(s);
          const a = torch.empty(n, 3, { dtype: dt }).t(), b = torch.empty(3, n, { dtype: dt });
          a.normal_(1.5, 2.0);
          b.normal_(-1, 0.5);
          const c = torch.empty(n, 2, { dtype: dt }).t().uniform_(-2, 3);
          const d = torch.empty(n, { dtype: dt }).exponential_(1.5);
          return [a, b, c, d];
        },
      );
      add(
        `torch.manual_seed(${s})
p = torch.linspace(0, 1, ${n}, dtype=${pyDt(dt)})
r = (torch.bernoulli(p), torch.empty(${n}, dtype=${pyDt(dt)}).bernoulli_(0.3), torch.normal(0.5, 2.0, (${n},), dtype=${
          pyDt(dt)
        }), torch.normal(p, p + 1), torch.normal(p, 0.3), torch.normal(0.7, p + 0.1), torch.rand_like(p), torch.randn_like(p))`,
        () => {
          torch.manualSeed(s);
          const p = torch.linspace(0, 1, n, { dtype: dt });
          return [
            torch.bernoulli(p),
            torch.empty(n, { dtype: dt }).bernoulli_(0.3),
            torch.normal(0.5, 2.0, [n], { dtype: dt }),
            torch.normal(p, p.add(1)),
            torch.normal(p, 0.3),
            torch.normal(0.7, p.add(0.1)),
            torch.randLike(p),
            torch.randnLike(p),
          ];
        },
      );
    }
    add(
      `torch.manual_seed(${s}); r = (torch.randint(10, (${n},)), torch.randint(-5, 1000, (2, ${n})), torch.randperm(${n}), torch.randint(0, 2**40, (${n},)), torch.randint(3, 9, (${n},), dtype=torch.int32))`,
      () => {
        torch.manualSeed(s);
        return [
          torch.randint(10, [n]),
          torch.randint(-5, 1000, [2, n]),
          torch.randperm(n),
          torch.randint(0, 2 ** 40, [n]),
          torch.randint(3, 9, [n], { dtype: "int32" }),
        ];
      },
    );
    add(
      `torch.manual_seed(${s})
w = torch.linspace(0.1, 2, ${n})
r = (torch.multinomial(w, 3), torch.multinomial(w, ${
        n + 4
      }, replacement=True), torch.multinomial(torch.stack([w, w.flip(0)]), 2))`,
      () => {
        torch.manualSeed(s);
        const w = torch.linspace(0.1, 2, n);
        return [
          torch.multinomial(w, 3),
          torch.multinomial(w, n + 4, true),
          torch.multinomial(torch.stack([w, w.flip(0)]), 2),
        ];
      },
    );
  }
  // torch.Generator objects: own streams, the default one untouched
  add(
    `torch.manual_seed(7)
g = torch.Generator().manual_seed(${s})
a = torch.rand(20, generator=g); b = torch.randn(3, 7, generator=g, dtype=torch.float64)
c = torch.rand(4)
st = g.get_state()
d = torch.randn(18, generator=g)
g.set_state(st)
e = torch.randn(18, generator=g)
r = (a, b, c, d, e, st, torch.tensor(g.initial_seed()))`,
    () => {
      torch.manualSeed(7);
      const g = new torch.Generator().manualSeed(s);
      const a = torch.rand(20, { generator: g }), b = torch.randn(3, 7, { generator: g, dtype: "float64" });
      const c = torch.rand(4);
      const st = g.getStateTensor();
      const d = torch.randn(18, { generator: g });
      g.setState(st);
      const e = torch.randn(18, { generator: g });
      return [a, b, c, d, e, st, torch.tensor(g.initialSeed())];
    },
  );
}
// cauchy_, log_normal_ (the scalar normal path and its cached normal), geometric_, random_ with and without a range
for (const s of SEEDS) {
  for (const n of [5, 17]) {
    for (const dt of DT) {
      add(
        `torch.manual_seed(${s})
a = torch.empty(${n}, dtype=${pyDt(dt)}).cauchy_(0.5, 2); b = torch.empty(${n}, 2, dtype=${pyDt(dt)}).t().log_normal_()
c = torch.randn(3, dtype=${pyDt(dt)}); d = torch.empty(${n}, dtype=${pyDt(dt)}).geometric_(0.3)
e = torch.empty(${n}, dtype=${pyDt(dt)}).random_(); f = torch.empty(${n}, dtype=${pyDt(dt)}).random_(-3, 10)
g = torch.empty(${n}, dtype=${pyDt(dt)}).random_(2**${dt === "float32" ? 24 : 40}); h = torch.randint_like(a, 3, 9)
r = (a, b, c, d, e, f, g, h)`,
        () => {
          torch.manualSeed(s);
          const a = torch.empty(n, { dtype: dt }).cauchy_(0.5, 2),
            b = torch.empty(n, 2, { dtype: dt }).t().logNormal_();
          const c = torch.randn(3, { dtype: dt }), d = torch.empty(n, { dtype: dt }).geometric_(0.3);
          const e = torch.empty(n, { dtype: dt }).random_(), f = torch.empty(n, { dtype: dt }).random_(-3, 10);
          const g = torch.empty(n, { dtype: dt }).random_(2 ** (dt === "float32" ? 24 : 40)),
            h = torch.randintLike(a, 3, 9);
          return [a, b, c, d, e, f, g, h];
        },
      );
    }
  }
}
// poisson: products of uniforms below rate 10, transformed rejection from 10; C order even for a transposed input
for (const s of SEEDS) {
  for (const dt of DT) {
    add(
      `torch.manual_seed(${s})
lam = torch.tensor([0, 0.5, 1, 3, 9.9, 10, 25, 100, 1e4, 7, 12, 0.01], dtype=${pyDt(dt)})
r = (torch.poisson(lam), torch.poisson(lam.reshape(3, 4).t()), torch.poisson(lam, generator=torch.Generator().manual_seed(5)), torch.rand(3))`,
      () => {
        torch.manualSeed(s);
        const lam = torch.tensor([0, 0.5, 1, 3, 9.9, 10, 25, 100, 1e4, 7, 12, 0.01], { dtype: dt });
        return [
          torch.poisson(lam),
          torch.poisson(lam.reshape(3, 4).t()),
          torch.poisson(lam, new torch.Generator().manualSeed(5)),
          torch.rand(3),
        ];
      },
    );
  }
}
for (const dt of ["int64", "int32", "uint8", "bool"] as const) {
  add(
    `torch.manual_seed(3); r = (torch.empty(9, dtype=torch.${dt}).random_(), torch.empty(9, dtype=torch.${dt}).random_(2)${
      dt === "bool"
        ? ""
        : `, torch.empty(9, dtype=torch.${dt}).geometric_(0.2), torch.randint_like(torch.empty(9, dtype=torch.${dt}), 5)`
    })`,
    () => {
      torch.manualSeed(3);
      const r: T[] = [torch.empty(9, { dtype: dt }).random_(), torch.empty(9, { dtype: dt }).random_(2)];
      if (dt !== "bool") {
        r.push(torch.empty(9, { dtype: dt }).geometric_(0.2), torch.randintLike(torch.empty(9, { dtype: dt }), 5));
      }
      return r;
    },
  );
}
// float bounds past the exact integers: moved inside as PyTorch's update_from / update_to do, then drawn; int64 bounds
// past 2^53 as bigints
add(
  `torch.manual_seed(3); r = (torch.empty(6).random_(0, 2**25), torch.empty(6).random_(-2**30, 2**40), torch.empty(4, dtype=torch.float64).random_(0, 2**60), torch.randint(0, 2**25, (3,), dtype=torch.float32), torch.empty(3).random_(2**24 + 1, 2**24 + 2), torch.randint(-2**62, 2**62, (3,)))`,
  () => {
    torch.manualSeed(3);
    return quiet(() => [
      torch.empty(6).random_(0, 2 ** 25),
      torch.empty(6).random_(-(2 ** 30), 2 ** 40),
      torch.empty(4, { dtype: "float64" }).random_(0, 2n ** 60n),
      torch.randint(0, 2 ** 25, [3], { dtype: "float32" }),
      torch.empty(3).random_(2 ** 24 + 1, 2 ** 24 + 2),
      torch.randint(-(2n ** 62n), 2n ** 62n, [3]),
    ]);
  },
);
// the default generator's state: get/set round trips and matches PyTorch's bytes
add(
  `torch.manual_seed(3); torch.randn(5); s = torch.get_rng_state(); a = torch.rand(17); torch.set_rng_state(s); r = (s, a, torch.rand(17))`,
  () => {
    torch.manualSeed(3);
    torch.randn(5);
    const s = torch.getRngState();
    const a = torch.rand(17);
    torch.setRngState(s);
    return [s, a, torch.rand(17)];
  },
);
// a float64 default dtype and the integer sampling of bernoulli_ on an integer tensor
add(
  `torch.manual_seed(11); torch.set_default_dtype(torch.float64); a = torch.rand(20); b = torch.randn(20); torch.set_default_dtype(torch.float32); r = (a, b)`,
  () => {
    torch.manualSeed(11);
    torch.setDefaultDtype("float64");
    try {
      return [torch.rand(20), torch.randn(20)];
    } finally {
      torch.setDefaultDtype("float32");
    }
  },
);

const results = await numpy(
  cases.map((c): Case => {
    const lines = c.py.split("\n");
    return { torch: true, setup: lines.join("\n"), expr: "r" };
  }),
);

Deno.test("torch's random functions and generators give PyTorch's numbers bit for bit", () => {
  const failures: string[] = [];
  cases.forEach((c, i) => {
    const res = results[i];
    try {
      assert.ok("value" in res, `PyTorch raised: ${JSON.stringify(res)}`);
      assertMatches(c.ts(), res.value, c.py.split("\n")[0], EXACT);
    } catch (e) {
      failures.push(`${c.py.replace(/\n/g, "; ")}: ${(e as Error).message.split("\n")[0]}`);
    }
  });
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} differ`);
});

Deno.test("random fills: dtype errors and requiresGrad results", () => {
  assert.throws(() => torch.zeros(3, { dtype: "int64" }).normal_(), /"normal_" not implemented for/);
  const x = torch.ones(3, { requiresGrad: true });
  const y = x.mul(2);
  y.uniform_();
  assert.equal(y.gradFn!.name, "UniformBackward0");
  y.sum().backward();
  assert.deepEqual(x.grad!.tolist(), [0, 0, 0]);
  assert.throws(() => x.normal_(), /a leaf Variable that requires grad is being used in an in-place operation/);
  // PyTorch's node names for the other random fills, each ending the history with a zero gradient
  const names: [(t: T) => unknown, string][] = [
    [(t) => t.cauchy_(), "CauchyBackward0"],
    [(t) => t.logNormal_(), "LogNormalBackward0"],
    [(t) => t.geometric_(0.3), "GeometricBackward0"],
    [(t) => t.random_(), "RandomBackward2"],
    [(t) => t.random_(5), "RandomBackward1"],
    [(t) => t.random_(2, 5), "RandomBackward0"],
  ];
  for (const [f, name] of names) {
    const w = torch.ones(3, { requiresGrad: true }), v = w.mul(2);
    f(v);
    assert.equal(v.gradFn!.name, name);
    v.sum().backward();
    assert.deepEqual(w.grad!.tolist(), [0, 0, 0]);
  }
  assert.equal(torch.randintLike(torch.ones(3, { requiresGrad: true }), 5).requiresGrad, false);
  torch.noGrad(() => x.normal_());
  const t: T = torch.rand(2, 3, { requiresGrad: true });
  assert.ok(t.requiresGrad && t.isLeaf);
});

Deno.test("cauchy_, logNormal_, geometric_, random_, poisson: PyTorch's argument and dtype errors", () => {
  const bad: [() => unknown, RegExp][] = [
    [() => torch.empty(2).cauchy_(0, 0), /^cauchy_ expects sigma > 0\.0, but found sigma=0$/],
    [
      () => torch.empty(2, { dtype: "int64" }).cauchy_(),
      /^Cauchy distribution is a continuous probability distribution\. dtype must be a floating point but you specified long int$/,
    ],
    [() => torch.empty(2).logNormal_(0, -1), /^log_normal_ expects std > 0\.0, but found std=-1$/],
    [() => torch.empty(2, { dtype: "int64" }).logNormal_(), /"log_normal_cpu" not implemented for/],
    [() => torch.empty(2).geometric_(1), /^geometric_ expects p to be in \(0, 1\), but got p=1$/],
    [() => torch.empty(2).random_(5, 3), /^random_ expects 'from' to be less than 'to', but got from=5 >= to=3$/],
    [() => torch.empty(2, { dtype: "uint8" }).random_(0, 300), /^to - 1 is out of bounds for unsigned char$/],
    [() => torch.empty(2).random_({ to: 3, high: 2 } as never), /high/],
    [() => torch.poisson(torch.tensor([1, -1])), /"poisson_cpu" not implemented for/],
    [() => torch.poisson(torch.tensor([1.5, -1])), /^invalid Poisson rate, expected rate to be non-negative$/],
    [
      () => torch.empty(2).random_(2 ** 25 + 1, 2 ** 25 + 2),
      /^random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from=33554436 >= to=33554434$/,
    ],
    [() => torch.empty(2).random_(0, 2n ** 63n), /random_\(\) received an invalid combination of arguments/],
  ];
  for (const [f, re] of bad) assert.throws(f, (e: Error) => re.test(e.message), String(re));
  // the keyword forms bind like the positional ones
  torch.manualSeed(1);
  const a = torch.empty(4).random_(2, 9);
  torch.manualSeed(1);
  assert.deepEqual(torch.empty(4).random_({ from: 2, to: 9 }).tolist(), a.tolist());
  torch.manualSeed(1);
  assert.deepEqual(torch.empty(4).random_(2, { to: 9 }).tolist(), a.tolist());
});

Deno.test("random_ past a float dtype's exact integers warns as PyTorch does, once per bound", () => {
  const msg = (b: string, d: number, t: string) =>
    `UserWarning: ${b} is out of bounds [-(2^${d}), 2^${d}]. Due to precision limitations ${t} can support discrete uniform distribution only within this range. This warning will become an error in version 1.7 release, please fix the code in advance`;
  assert.deepEqual(warnings(() => torch.empty(2).random_(0, 2 ** 25))[1], [msg("to - 1", 24, "float")]);
  assert.deepEqual(warnings(() => torch.empty(2).random_(-(2 ** 30), 2 ** 40))[1], [
    msg("from", 24, "float"),
    msg("to - 1", 24, "float"),
  ]);
  assert.deepEqual(warnings(() => torch.empty(2, { dtype: "float64" }).random_(2n ** 60n))[1], [
    msg("to - 1", 53, "double"),
  ]);
  assert.deepEqual(warnings(() => torch.empty(2).random_(0, 2 ** 24 + 1))[1], []);
});

Deno.test("bernoulli of an expanded probability tensor: PyTorch's draws (its values read in the output's order)", () => {
  const p = torch.tensor([0.1, 0.5, 0.9, 0.3, 0.7]);
  torch.manualSeed(3);
  // torch.manual_seed(3); torch.bernoulli(p.expand(3, 5)) in PyTorch 2.13
  assert.deepEqual(torch.bernoulli(p.expand([3, 5])).tolist(), [[1, 1, 1, 1, 1], [1, 0, 1, 0, 0], [0, 0, 1, 0, 1]]);
});

Deno.test("bernoulli of a permuted probability tensor: draws in the output's C order, as PyTorch's", () => {
  // torch.manual_seed(0); r = torch.rand(4, 3).t(); torch.manual_seed(1); torch.bernoulli(r) in PyTorch 2.13
  torch.manualSeed(0);
  const r = torch.rand(4, 3).t();
  torch.manualSeed(1);
  assert.deepEqual(torch.bernoulli(r).tolist(), [[0, 0, 1, 0], [1, 0, 1, 0], [0, 1, 0, 0]]);
  torch.manualSeed(0);
  const s = torch.rand(2, 3, 4).permute(2, 0, 1);
  torch.manualSeed(1);
  assert.deepEqual(torch.bernoulli(s).tolist(), [
    [[0, 1, 1], [0, 1, 0]],
    [[1, 0, 1], [0, 1, 1]],
    [[0, 1, 0], [0, 0, 0]],
    [[0, 1, 1], [1, 0, 1]],
  ]);
});
