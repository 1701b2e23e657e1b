/**
 * Who owns a leaf's `.grad`: backward keeps a gradient it made as the
 * `.grad` itself (no copy) only when nothing else can reach it, and
 * `zeroGrad` releases a gradient nobody outside the library read. Each
 * test would fail if a `.grad` aliased another tensor or a released
 * gradient were still reachable from user code.
 */
import assert from "node:assert/strict";
import { nn, optim, torch } from "../../mod.ts";
import { nextSerial } from "../../src/core/storage.ts";
import { peekGrad } from "../../src/torch/tensor.ts";

type T = torch.Tensor;
const vals = (t: T) => t.tolist() as number[];

/** Storages made while `fn` runs. */
function made(fn: () => void): number {
  const before = nextSerial();
  fn();
  return nextSerial() - before;
}

Deno.test("a gradient backward made becomes the leaf's .grad without a copy", () => {
  const x = torch.tensor([1, 2, 3], { requiresGrad: true });
  const plain = made(() => x.mul(2).sum().backward());
  assert.deepEqual(vals(x.grad!), [2, 2, 2]);
  // a hook that only looks makes the engine copy (it could have kept the gradient): one storage more
  const y = torch.tensor([1, 2, 3], { requiresGrad: true });
  y.registerHook(() => {});
  const hooked = made(() => y.mul(2).sum().backward());
  assert.equal(hooked, plain + 1);
  assert.deepEqual(vals(y.grad!), [2, 2, 2]);
});

Deno.test("two leaves fed the same gradient get separate .grad memory", () => {
  const a = torch.tensor([1, 2], { requiresGrad: true }), b = torch.tensor([3, 4], { requiresGrad: true });
  a.add(b).mul(3).sum().backward(); // add hands one gradient tensor to both leaves
  a.grad!.add_(100);
  assert.deepEqual(vals(b.grad!), [3, 3]);
  assert.deepEqual(vals(a.grad!), [103, 103]);
});

Deno.test("a user's root gradient and a saved forward tensor are never taken as .grad", () => {
  const f32 = { dtype: torch.float32 };
  const x = torch.tensor([1, 2], { ...f32, requiresGrad: true });
  const root = torch.tensor([5, 6], f32);
  assert.equal(root.dtype, x.dtype);
  x.add(0).backward(root);
  x.grad!.add_(1);
  assert.deepEqual(vals(root), [5, 6]);
  // relu's input gradient is where(mask, g, 0): a new tensor; expand's backward sums; both leave inputs alone
  const w = torch.tensor([1, -1], { ...f32, requiresGrad: true });
  const g = torch.ones(2);
  w.relu().backward(g);
  w.grad!.add_(7);
  assert.deepEqual(vals(g), [1, 1]);
});

Deno.test("gradients a hook kept stay separate from .grad and survive zeroGrad", () => {
  const p = new nn.Parameter(torch.tensor([1, 2, 3], { dtype: torch.float32 }));
  let seen: T | null = null;
  p.registerHook((g: T) => {
    seen = g;
  });
  p.mul(2).sum().backward();
  peekGrad(p)!.add_(10);
  assert.deepEqual(vals(seen!), [2, 2, 2]);
  const opt = new optim.SGD([p], { lr: 0.1 });
  const before = peekGrad(p)!;
  opt.zeroGrad();
  assert.equal(seen!.isReleased, false);
  assert.deepEqual(vals(seen!), [2, 2, 2]);
  assert.equal(before.isReleased, true, "the unread .grad was released");
});

Deno.test("a module backward hook's gradients are not taken as a leaf's .grad", () => {
  const lin = new nn.Linear(2, 2, { bias: false });
  const x = torch.tensor([[1, 2]], { requiresGrad: true });
  let gin: (T | null)[] = [];
  lin.registerFullBackwardHook((_m: nn.Module, gi: (T | null)[]) => {
    gin = gi;
  });
  lin.forward(x).sum().backward();
  x.grad!.add_(1000);
  assert.ok(vals(gin[0]!.reshape(-1)).every((v) => Math.abs(v) < 100));
});

Deno.test("zeroGrad releases only gradients nobody read", () => {
  const model = new nn.Linear(3, 2);
  const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const x = torch.rand(4, 3);
  model.forward(x).sum().backward();
  opt.step(); // the fused update reads the gradients without exposing them
  const unread = peekGrad(model.weight)!;
  const read = model.bias!.grad!; // the user holds this one
  opt.zeroGrad();
  assert.equal(unread.isReleased, true);
  assert.equal(read.isReleased, false);
  assert.equal(read.shape[0], 2);
  assert.equal(model.weight.grad, null);
  // Module.zeroGrad follows the same rule
  model.forward(x).sum().backward();
  const w = peekGrad(model.weight)!, b = model.bias!.grad!;
  model.zeroGrad();
  assert.equal(w.isReleased, true);
  assert.deepEqual(b.shape, [2]);
  // a user-assigned gradient is the user's: never released
  const mine = torch.ones(2, 3);
  model.weight.grad = mine;
  opt.zeroGrad();
  assert.equal(mine.isReleased, false);
});

Deno.test("assigning .grad releases the old gradient when nobody read it", () => {
  const leaf = torch.rand(6, { requiresGrad: true });
  leaf.mul(2).sum().backward();
  const unread = peekGrad(leaf)!;
  leaf.grad = null; // PyTorch frees it here: nothing else refers to it
  assert.equal(unread.isReleased, true);
  leaf.mul(3).sum().backward();
  const read = leaf.grad!;
  leaf.grad = null;
  assert.equal(read.isReleased, false);
  assert.deepEqual(read.tolist(), [3, 3, 3, 3, 3, 3]);
  // a gradient the user assigned is never released by the next assignment
  const mine = torch.ones(6);
  leaf.grad = mine;
  leaf.grad = null;
  assert.equal(mine.isReleased, false);
  // assigning the same gradient again keeps it
  leaf.mul(2).sum().backward();
  const same = peekGrad(leaf)!;
  leaf.grad = same;
  assert.equal(same.isReleased, false);
});

Deno.test("a training loop in a scope reuses gradient memory and trains as before", () => {
  torch.manualSeed(0);
  const model = new nn.Linear(8, 1);
  const opt = new optim.SGD(model.parameters(), { lr: 0.05 });
  const x = torch.keep(torch.rand(16, 8)), y = torch.keep(x.sum(1, true));
  let first = 0, last = 0;
  for (let i = 0; i < 200; i++) {
    last = torch.tidy(() => {
      opt.zeroGrad();
      const loss = model.forward(x).sub(y).pow(2).mean();
      loss.backward();
      opt.step();
      return loss.item() as number;
    });
    if (i === 0) first = last;
  }
  assert.ok(last < first / 10, `loss ${first} -> ${last}`);
});

Deno.test("a gradient converted to the leaf's dtype keeps a contiguous layout", () => {
  const x = torch.ones(2, 3, { dtype: torch.float32, requiresGrad: true });
  const c = torch.ones(3, 2, { dtype: torch.float64 });
  x.t().mul(c).sum().backward(); // the graph runs in float64: the leaf's gradient is converted
  assert.deepEqual(x.grad!.stride(), [3, 1]);
  assert.deepEqual(vals(x.grad!.view(-1)), [1, 1, 1, 1, 1, 1]);
});

Deno.test("createGraph: two leaves fed one gradient get their own .grad, still differentiable", () => {
  const a = torch.tensor([1, 2], { dtype: torch.float32, requiresGrad: true });
  const b = torch.tensor([3, 4], { dtype: torch.float32, requiresGrad: true });
  a.add(b).pow(2).sum().backward({ createGraph: true }); // both leaves are fed the one gradient 2(a + b)
  assert.notEqual(a.grad, b.grad);
  assert.ok(b.grad!.requiresGrad);
  b.grad!.detach().add_(100); // PyTorch's grads are separate clones: a.grad does not move
  assert.deepEqual(vals(a.grad!.detach()), [8, 12]);
  const [g2] = torch.autograd.grad(a.grad!.sum(), [a]) as T[]; // d/da sum(2(a + b)) = 2
  assert.deepEqual(vals(g2), [2, 2]);
});

Deno.test("a leaf's .grad follows PyTorch's layout contract: the leaf's strides when dense, else C order", () => {
  const f32 = { dtype: torch.float32 };
  // values and strides from PyTorch 2.13: x.t(), permute, strided slice, expand, each made a leaf with requires_grad_
  const x = torch.randn([3, 4], f32).t().requiresGrad_();
  x.mul(2).sum().backward();
  assert.deepEqual(x.grad!.stride(), [1, 4]);
  assert.deepEqual(x.grad!.tolist(), Array.from({ length: 4 }, () => [2, 2, 2]));
  const y = torch.randn([2, 3, 4], f32).permute(2, 0, 1).requiresGrad_();
  y.exp().sum().backward();
  assert.deepEqual(y.grad!.stride(), [1, 12, 4]);
  assert.ok(y.grad!.sub(y.detach().exp()).abs().max().item() === 0);
  const z = torch.randn([4, 6], f32).get(":, ::2").requiresGrad_();
  z.mul(3).sum().backward();
  assert.deepEqual(z.grad!.stride(), [3, 1]);
  const w = torch.randn([3, 1], f32).expand(3, 4).requiresGrad_();
  w.mul(3).sum().backward();
  assert.deepEqual(w.grad!.stride(), [4, 1]);
  // a second backward accumulates in place, keeping the layout
  x.mul(2).sum().backward();
  assert.deepEqual(x.grad!.stride(), [1, 4]);
  assert.equal(x.grad!.get([0, 0]).item(), 4);
});
