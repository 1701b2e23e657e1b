/**
 * nn.ParameterDict against PyTorch 2.13: key order (a record sorted as PyTorch sorts a dict, pairs and Maps in
 * order), state dict keys, reprs, the dict methods, PyTorch's errors and messages.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

const PD = (v: ConstructorParameters<typeof nn.ParameterDict>[0]) => new nn.ParameterDict(v);
const CASES: [py: string, ours: () => unknown][] = [
  [
    "str(nn.ParameterDict({'b': torch.zeros(2, 3), 'a': torch.ones(4, dtype=torch.float64), 'c': torch.tensor(1.)}))",
    () =>
      String(
        PD({ b: torch.zeros(2, 3), a: torch.ones(4, { dtype: "float64" }), c: torch.tensor(1, { dtype: "float32" }) }),
      ),
  ],
  [
    "list(nn.ParameterDict({'b': torch.zeros(2), 'a': torch.ones(4), 'B': torch.ones(1)}).state_dict().keys())",
    () => Object.keys(PD({ b: torch.zeros(2), a: torch.ones(4), B: torch.ones(1) }).stateDict()),
  ],
  [
    "list(nn.ParameterDict([('z', torch.zeros(1)), ('y', torch.zeros(2))]).keys())",
    () => PD([["z", torch.zeros(1)], ["y", torch.zeros(2)]]).keys(),
  ],
  ["str(nn.ParameterDict())", () => String(PD(null))],
  [
    "str(nn.ParameterDict({'w': nn.Parameter(torch.zeros(3, dtype=torch.long), requires_grad=False)}))",
    () => String(PD({ w: new nn.Parameter(torch.zeros([3], { dtype: "int64" }), false) })),
  ],
  [
    "str(nn.Sequential(nn.Linear(2, 2), nn.ParameterDict({'scale': torch.ones(2)})))",
    () => String(new nn.Sequential(new nn.Linear(2, 2), PD({ scale: torch.ones(2) }))),
  ],
  ["nn.ParameterDict({1: torch.zeros(1)})", () => PD([[1 as never, torch.zeros(1)]])],
  ["nn.ParameterDict([('z', torch.zeros(1), 3)])", () => PD([["z", torch.zeros(1), 3] as never])],
  ["nn.ParameterDict([3])", () => PD([3 as never])],
  ["nn.ParameterDict(3)", () => PD(3 as never)],
  ["nn.ParameterDict()(torch.zeros(1))", () => PD(null).forward(torch.zeros(1))],
];

Deno.test("nn.ParameterDict matches PyTorch: order, state dict, reprs, errors", async () => {
  const results = await numpy(CASES.map(([py]) => ({ torch: true, setup: "import torch.nn as nn", expr: py })));
  assert.deepEqual(caseFailures(CASES, results), []);
});

Deno.test("nn.ParameterDict: the dict methods", () => {
  const p = new nn.Parameter(torch.zeros(2), false);
  const d = new nn.ParameterDict(new Map([["b", torch.ones(3)], ["a", p]]));
  assert.deepEqual(d.keys(), ["b", "a"]);
  assert.equal(d.get("a"), p); // a Parameter is stored as it is
  assert.ok(d.get("b") instanceof nn.Parameter && d.get("b").requiresGrad);
  assert.equal((d as unknown as Record<string, unknown>).b, d.get("b"));
  assert.equal(d.length, 2);
  assert.deepEqual([...d], ["b", "a"]);
  assert.ok(d.has("a") && !d.has("c"));
  assert.equal(d.get("c", null), null);
  assert.throws(
    () => d.get("c"),
    (e: Error) => e instanceof nn.AttributeError && e.message === "'ParameterDict' object has no attribute 'c'",
  );
  assert.throws(() => d.pop("c"), nn.AttributeError);
  const q = d.setdefault("q", torch.ones(1));
  assert.equal(d.setdefault("q", torch.zeros(5)), q);
  assert.deepEqual(d.keys(), ["b", "a", "q"]);
  assert.deepEqual(d.parameters().length, 3);
  const copy = d.copy();
  assert.deepEqual(copy.keys(), d.keys());
  assert.equal(copy.get("b"), d.get("b"));
  const [k, v] = d.popitem();
  assert.equal(k, "q");
  assert.equal(v, q);
  assert.equal(d.pop("b"), copy.get("b"));
  assert.deepEqual(d.keys(), ["a"]);
  assert.equal((d as unknown as Record<string, unknown>).b, undefined);
  d.set("a", torch.ones(7));
  assert.deepEqual(d.get("a").shape, [7]);
  d.update(copy);
  assert.deepEqual(d.keys(), ["a", "b", "q"]);
  assert.deepEqual(d.values().map((x) => x.shape), [[2], [3], [1]]);
  assert.deepEqual(d.items().map(([key]) => key), ["a", "b", "q"]);
  d.clear();
  assert.equal(d.length, 0);
  assert.throws(
    () => d.popitem(),
    (e: Error) => e instanceof nn.KeyError && e.message === "popitem(): dictionary is empty",
  );
  const f = d.fromkeys(["x", "y"], torch.zeros(2));
  assert.deepEqual(f.keys(), ["x", "y"]);
  // a module holding a ParameterDict: dotted state dict names, gradients, optimizers
  class Net extends nn.Module {
    gains = new nn.ParameterDict({ scale: torch.ones(3), shift: torch.zeros(3) });
    override forward(x: torch.Tensor) {
      return x.mul(this.gains.get("scale")).add(this.gains.get("shift"));
    }
  }
  const net = new Net();
  assert.deepEqual(Object.keys(net.stateDict()), ["gains.scale", "gains.shift"]);
  net.forward(torch.tensor([1, 2, 3])).sum().backward();
  assert.deepEqual(net.gains.get("scale").grad!.tolist(), [1, 2, 3]);
});

Deno.test("nn.ParameterDict refuses PyTorch's invalid names with its KeyErrors", () => {
  const refuses = (key: string, message: string) =>
    assert.throws(
      () => new nn.ParameterDict({ [key]: torch.zeros(1) }),
      (e: Error) => e instanceof nn.KeyError && e.message === message,
    );
  refuses("a.b", 'parameter name can\'t contain "."');
  refuses("", 'parameter name can\'t be empty string ""');
  refuses("keys", "attribute 'keys' already exists");
  refuses("forward", "attribute 'forward' already exists");
  assert.throws(() => new nn.ParameterDict({ a: 3 as never }), TypeError);
});
