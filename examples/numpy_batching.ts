/**
 * Mini-batches the tutorial's way: shuffle a data set, then walk it in
 * batches of 100.
 *
 *   deno run -A examples/numpy_batching.ts
 */
import { np } from "../mod.ts";

const data = np.random.randn(10000, 2, 3) as np.NDArray;
console.log(data.shape); // [10000, 2, 3]
np.random.shuffle(data);
const batchSize = 100;
let batches = 0;
for (let i = 0; i < data.shape[0]; i += batchSize) {
  const xBatch = data.get(`${i}:${i + batchSize}`); // a view, no copy
  if (batches < 3) console.log(`batch ${batches}:`, xBatch.shape, "mean", (xBatch.mean().item() as number).toFixed(4));
  batches++;
}
console.log(`${batches} batches of ${batchSize}`);

// the same with explicit index permutations, as in many training loops
const perm = np.random.permutation(data.shape[0]);
const first = data.get([perm.get("0:100")]);
console.log("fancy-indexed batch", first.shape, first.dtype);
