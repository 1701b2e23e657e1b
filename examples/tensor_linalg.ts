/**
 * Matrix operations, as in the tutorial: element-wise product against the
 * matrix product, dot (1-d only, unlike np.dot), mm/bmm/mv/matmul with
 * broadcasting, transposes (views, not contiguous), SVD, and a few of
 * torch.linalg functions checked against their definitions.
 *
 *   deno run -A examples/tensor_linalg.ts
 */
import { torch } from "../mod.ts";

torch.manualSeed(0);
const a = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32 });
const b = torch.tensor([[0, 1], [1, 0]], { dtype: torch.float32 });
console.log(a.mul(b), a.mm(b)); // element-wise against matrix product
console.log(
  torch.dot(torch.tensor([2, 3]), torch.tensor([2, 1])),
  a.mv(torch.tensor([1, 1], { dtype: torch.float32 })),
);

// batches: bmm on 3-d tensors, matmul broadcasting the batch dims
const x = torch.randn(10, 3, 4), y = torch.randn(10, 4, 5);
console.log(torch.bmm(x, y).shape, x.matmul(torch.randn(4, 5)).shape, torch.randn(2, 1, 3, 4).matmul(y).shape);

// the transpose is a view with swapped strides: not contiguous until copied
const t = a.t();
console.log(t, t.isContiguous(), t.contiguous().isContiguous(), t.stride(), t.contiguous().stride());

// SVD: u diag(s) vh gives the matrix back
const m = torch.randn(4, 3);
const [U, S, Vh] = torch.linalg.svd(m, { fullMatrices: false });
console.log(S, torch.allclose(U.mm(torch.diag(S)).mm(Vh), m, { atol: 1e-5 }));

// solve, inverse, determinant, eigenvalues of a symmetric matrix, QR, norms
const sym = m.t().mm(m).add(torch.eye(3));
const rhs = torch.randn(3, 2);
const sol = torch.linalg.solve(sym, rhs);
console.log(torch.allclose(sym.mm(sol), rhs, { atol: 1e-4 }), torch.linalg.det(sym), torch.linalg.inv(sym).mm(sym));
const [eigenvalues] = torch.linalg.eigh(sym);
const [Q, R] = torch.linalg.qr(m);
console.log(eigenvalues, torch.allclose(Q.mm(R), m, { atol: 1e-5 }), torch.linalg.norm(m));
