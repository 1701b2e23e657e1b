/**
 * Reductions and comparisons, as in the tutorial: over the whole tensor or
 * along a dim (with keepdim), cumulative sums and products, statistics,
 * norms and distances; element-wise comparisons, equal, max/min with their
 * indices, topk, sort.
 *
 *   deno run -A examples/tensor_reductions.ts
 */
import { torch } from "../mod.ts";

const a = torch.linspace(0, 10, 6).view(2, 3);
console.log(a);

// whole tensor, along a dim, keeping the reduced dim: positional or options, as PyTorch's keywords
console.log(a.sum(), a.sum(0), a.sum(1, true), a.sum({ dim: 1, keepdim: true }).shape);
console.log(torch.cumsum(a, 1), torch.cumprod(a.add(1), 0));
console.log(a.mean(), a.mean(0), a.median(), a.std(), a.var(1), a.prod(1), a.amax(1), a.logsumexp(1));

// norms and distances
const b = torch.ones(2, 3);
console.log(a.norm(), a.norm(1), torch.dist(a, b), torch.dist(a, b, 1), a.norm(2, 1));

// comparisons: element-wise (broadcasting), whole-tensor equality
const x = torch.tensor([[1, 2, 3], [4, 5, 6]]), y = torch.tensor([1, 5, 3]);
console.log(x.eq(y), x.ge(y), x.le(y), x.gt(y), x.lt(y), x.ne(y), torch.equal(x, x.clone()));
console.log(x.eq(y).any(), x.eq(y).all(), x.eq(y).sum(1));

// max/min along a dim return values and indices; topk and sort too
const m = torch.max(x, 1);
console.log(m.values, m.indices, torch.min(x), torch.max(x, y));
const k = torch.topk(torch.tensor([3, 1, 4, 1, 5, 9, 2, 6]), 3);
console.log(k.values, k.indices);
const s = torch.tensor([3, 1, 2]).sort({ descending: true });
console.log(s.values, s.indices, torch.argsort(torch.tensor([3, 1, 2])));
