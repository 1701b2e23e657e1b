/**
 * Broadcasting: the tutorial's 4x1 + (3,) example, and universal functions.
 *
 *   deno run -A examples/numpy_broadcasting.ts
 */
import { np } from "../mod.ts";

const A = np.arange(0, 40, 10).reshape(4, 1);
const B = np.arange(0, 3);
console.log("A shape:", A.shape, "B shape:", B.shape);
const C = A.add(B); // (4, 1) + (3,) -> (4, 3)
console.log("C shape:", C.shape);
console.log(C);

// ufuncs work element-wise on whole arrays, no loops
const x = np.linspace(0, 2 * np.pi, 5);
console.log(np.sin(x).round(3), np.sqrt(np.arange(5)), np.abs(np.array([-1.5, 2])));
console.log(np.log(np.array([1, Math.E])), np.log10(np.array([10, 100])), np.log2(np.array([2, 8])));
console.log(np.cumsum(np.arange(5)), np.cumprod(np.arange(1, 6)));
const m = np.array([[1, 5, 2], [4, 3, 6]], { dtype: "float64" });
console.log(np.mean(m), np.median(m), np.std(m), np.var(m, { ddof: 1 }), np.corrcoef(m));
