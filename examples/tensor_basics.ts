/**
 * Tensors, as in the tutorial: creating them, torch.Tensor against
 * torch.tensor, dtypes, changing shapes (view shares memory, reshape may
 * copy), in-place operations with a trailing underscore, element-wise math,
 * broadcasting and the numpy bridge (shared memory both ways).
 *
 *   deno run -A examples/tensor_basics.ts
 */
import { np, torch } from "../mod.ts";

// creating tensors: from lists, by shape, ranges, random
console.log(torch.tensor([1, 2, 3, 4, 5, 6]), torch.tensor([1.3, 1.4], { dtype: torch.float32 }));
console.log(torch.eye(2, 2), torch.zeros(2, 3), torch.ones(2, 3), torch.linspace(1, 10, 4), torch.logspace(0, 2, 3));
console.log(torch.arange(1, 6, 2), torch.onesLike(torch.eye(2)), torch.zerosLike(torch.eye(2)));
torch.manualSeed(42); // the same numbers as PyTorch's torch.manual_seed(42)
console.log(torch.rand(2, 3), torch.randn(2, 3));

// torch.Tensor(2, 3) is a shape (default dtype float32); torch.tensor(data) infers the dtype from data
console.log(torch.Tensor(2, 3).shape, torch.Tensor([1, 2]).dtype, torch.tensor([1, 2]).dtype, torch.tensor(1).shape);

// shapes: size, numel, view (shares memory), reshape, unsqueeze/squeeze, permute, transpose
const x = torch.randn(2, 3);
console.log(x.size(), x.shape, x.dim(), x.numel(), x.view(-1).shape, x.view(3, 2).shape);
const flat = x.view(-1);
flat.set("0", 100);
console.log("the view wrote through to x:", x.get("0, 0").item());
console.log(x.unsqueeze(0).shape, x.unsqueeze(0).squeeze().shape, x.t().shape, x.t().isContiguous());
console.log(x.t().contiguous().isContiguous(), x.t().reshape(-1).shape); // reshape copies a non-contiguous tensor
console.log(torch.randn(2, 3, 4).permute(2, 0, 1).shape, torch.randn(2, 3, 4).transpose(0, 2).shape);

// element-wise math: a new tensor, or in place with the trailing underscore
const a = torch.tensor([[1, -2], [3, -4]], { dtype: torch.float32 });
console.log(a.abs(), a.add(1), torch.mul(a, a), a.div(2), a.pow(2), a.clamp(-1, 1), a.sign(), a.sigmoid());
console.log(a.exp(), a.abs().sqrt(), a.abs().log(), a.ceil(), a.floor(), torch.addcmul(a, a, a, { value: 0.5 }));
a.add_(10);
console.log("after add_:", a);

// broadcasting: shapes are matched from the right, size-1 dimensions stretch
console.log(torch.arange(0, 40, 10).reshape(4, 1).add(torch.arange(0, 3)));

// dtypes and conversions
const i = torch.tensor([1, 2, 3]);
console.log(i.dtype, i.float().dtype, i.to(torch.float64).dtype, i.double().div(2), i.long().dtype);

// the numpy bridge: fromNumpy and .numpy() share memory
const n = np.ones([5], { dtype: "float32" });
const tn = torch.fromNumpy(n);
np.add(n, 1, { out: n });
console.log(n, tn); // both hold 2s
const back = tn.numpy();
back.set([0], 7);
console.log(tn.get("0").item()); // 7
