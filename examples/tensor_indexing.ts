/**
 * Indexing and selection, as in the tutorial: basic indexing returns views
 * that share memory; boolean masks and index tensors copy; indexSelect,
 * nonzero, maskedSelect, gather and its inverse scatter_, where, and
 * writing through an index.
 *
 *   deno run -A examples/tensor_indexing.ts
 */
import { torch } from "../mod.ts";

torch.manualSeed(0);
const t = torch.arange(12).reshape(3, 4);
console.log(t);

// basic indexing (a string in NumPy/PyTorch syntax, or a list of parts): views
console.log(t.get("0"), t.get(":, -1"), t.get("1:, ::2"), t.get("..., None").shape);
const row = t.get("0");
row.fill_(-1);
console.log("the row view wrote into t:", t.get("0"));

// advanced indexing: a boolean mask, an index tensor (copies)
console.log(t.get([t.gt(5)]), t.get([torch.tensor([2, 0])]));

// selection functions
console.log(torch.indexSelect(t, 0, torch.tensor([0, 2]))); // rows 0 and 2
console.log(torch.indexSelect(t, 1, torch.tensor([1, 3]))); // columns 1 and 3
console.log(t.nonzero()); // the indices of the non-zero elements, one row each
console.log(torch.maskedSelect(t, t.gt(8))); // the elements where the mask holds, flattened

// gather: out[i][j] = t[i][index[i][j]] along dim 1; scatter_ is its inverse
const index = torch.tensor([[0, 1], [1, 2], [2, 3]]);
const g = torch.gather(t, 1, index);
console.log(g);
console.log(torch.zeros(3, 4, { dtype: torch.int64 }).scatter_(1, index, g));

// where, and writing through an index or a mask
console.log(torch.where(t.gt(5), t, torch.zerosLike(t)));
const u = t.clone();
u.set([u.lt(0)], 0); // u[u < 0] = 0
u.set(":, 0", 100); // u[:, 0] = 100
console.log(u);
const { values, indices } = t.max(1); // along a dim: the values and where they are
console.log(values, indices, t.argmax(), t.topk(2).values);
