/**
 * The one place the two front-ends meet: `tensor.numpy()` makes an
 * ndarray over the tensor's memory. Neither front-end imports the other;
 * this module, above both, connects them.
 */
import { NDArray } from "./numpy/ndarray.ts";
import { NUMPY_BRIDGE } from "./torch/tensor.ts";

NUMPY_BRIDGE.toNumpy = (t) => new NDArray(t.storage, t.layout);
