/** Small parity fixes found by this stop's audits, each checked against PyTorch 2.13's behaviour (its messages). */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";

Deno.test('torch.norm(x, "fro", dim) over more than two dims is a matrix norm, refused as PyTorch refuses it', () => {
  const x = torch.ones(2, 3, 4);
  assert.throws(() => torch.norm(x, "fro", [0, 1, 2]), {
    name: "RuntimeError",
    message: "linalg.matrix_norm: dim must be a 2-tuple. Got 0 1 2",
  });
  assert.throws(() => torch.linalg.matrixNorm(x, "fro", [0]), {
    name: "RuntimeError",
    message: "linalg.matrix_norm: dim must be a 2-tuple. Got 0",
  });
  // one or two dims (or none) stay the vector 2-norm: torch.norm(torch.ones(2, 3, 4), "fro", dim) in PyTorch
  assert.deepEqual(torch.norm(x, "fro", [0, 1]).shape, [4]);
  assert.deepEqual(torch.norm(x, "fro", 0).shape, [3, 4]);
  assert.ok(Math.abs((torch.norm(x, "fro").item() as number) - Math.sqrt(24)) < 1e-6);
});

Deno.test("new nn.Module(...) with arguments is PyTorch's TypeError; no arguments or {} build a module", () => {
  assert.throws(() => new (nn.Module as new (...a: unknown[]) => nn.Module)({ bogus: 1 }), {
    name: "TypeError",
    message: "Module.__init__() got an unexpected keyword argument 'bogus'",
  });
  assert.throws(() => new (nn.Module as new (...a: unknown[]) => nn.Module)(1), {
    name: "TypeError",
    message: "Module.__init__() takes 1 positional argument but 2 were given",
  });
  assert.equal(String(new nn.Module()), "Module()");
  assert.equal(String(new (nn.Module as new (...a: unknown[]) => nn.Module)({})), "Module()");
});
