/**
 * The PyTorch basics of the tutorial, ported line by line: creating tensors,
 * shapes, indexing, arithmetic, the numpy bridge.
 *
 *   deno run -A examples/torch_basics.ts
 */
import { np, torch } from "../mod.ts";

// creating tensors
console.log(torch.tensor([1, 2, 3, 4, 5, 6]));
console.log(torch.Tensor(2, 3).shape, torch.Tensor([[1, 2, 3], [4, 5, 6]]));
console.log(torch.eye(2, 2), torch.zeros(2, 3), torch.linspace(1, 10, 4));
torch.manualSeed(42);
console.log(torch.rand(2, 3), torch.randn(2, 3), torch.zerosLike(torch.rand(2, 3)));

// shapes: size, view (shares memory), reshape, unsqueeze/squeeze, permute
const x = torch.randn(2, 3);
console.log(x.size(), x.dim(), x.view(-1), x.view(3, 2).shape);
const y = x.view(-1);
y.set("0", 100);
console.log("view shares memory:", x.get("0, 0").item());
console.log(x.unsqueeze(0).shape, x.unsqueeze(0).squeeze().shape, x.numel(), x.t().shape);
console.log(torch.randn(2, 3, 4).permute(2, 0, 1).shape, torch.randn(2, 3, 4).transpose(0, 2).shape);

// indexing and selection
const t = torch.arange(12).reshape(3, 4);
console.log(t.get("0, :"), t.get(":, -1"), t.get([t.gt(5)]));
console.log(torch.indexSelect(t, 0, torch.tensor([0, 2])), t.nonzero().shape, t.maskedSelect(t.gt(8)));
console.log(torch.gather(t, 1, torch.tensor([[0, 1], [1, 2], [2, 3]])));
console.log(t.max(1), t.topk(2), torch.where(t.gt(5), t, torch.zerosLike(t)));

// arithmetic: element-wise, in place, with broadcasting
const a = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32 });
const b = torch.tensor([1, 10], { dtype: torch.float32 });
console.log(a.add(b), torch.mul(a, b), a.div(2), a.pow(2), a.sqrt(), a.clamp(2, 3));
a.add_(1);
console.log(a, a.sum(), a.mean(0), a.std(), a.norm(), a.mm(a), a.matmul(b));

// numpy bridge: shared memory both ways
const n = np.ones([5], { dtype: "float32" });
const tn = torch.fromNumpy(n);
np.add(n, 1, { out: n });
console.log(n, tn);
console.log(torch.ones(5).numpy());
