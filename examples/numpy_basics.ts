/**
 * The NumPy basics of the tutorial, ported line by line:
 * creation, np.random, element access, arithmetic, reshaping and joining.
 *
 *   deno run -A examples/numpy_basics.ts
 */
import { np } from "../mod.ts";

// (1) arrays from existing data
const lst1 = [3.14, 2.17, 0, 1, 2];
const nd1 = np.array(lst1);
console.log(nd1); // array([3.14, 2.17, 0.  , 1.  , 2.  ])
const nd2 = np.array([[3.14, 2.17, 0, 1, 2], [1, 2, 3, 4, 5]]);
console.log(nd2);

// (2) the random module: the same seed prints the same numbers as NumPy
np.random.seed(123);
console.log(np.random.random([3, 3]));
console.log(np.random.uniform(1, 25, [3, 3]));
console.log(np.random.randn(3, 3));
console.log(np.random.randint(1, 100, [3, 3]));
console.log(np.random.normal(0, 1, [2, 3]));
const shuffled = np.arange(10);
np.random.shuffle(shuffled);
console.log(shuffled);

// (3) arrays of a given shape
console.log(np.zeros([3, 3]), np.ones([3, 3]), np.eye(3), np.full([2, 2], 666));
const nd5 = np.random.random([3, 3]) as np.NDArray;
console.log(np.zerosLike(nd5).shape, np.onesLike(nd5).dtype);

// (4) arange and linspace
console.log(np.arange(10), np.arange(1, 4, 0.5), np.linspace(0, 1, 10));

// getting elements: slices are views, fancy indices copy
np.random.seed(2019);
const nd11 = np.random.random([10]) as np.NDArray;
console.log(nd11.get(3), nd11.get("1:6"), nd11.get("1:6:2"), nd11.get("::-2"));
const nd12 = np.arange(25).reshape(5, 5);
console.log(nd12.get("1:3, 1:3"), nd12.get([nd12.greater(3).logicalAnd(nd12.less(10))]));
console.log(nd12.get("..., 1"), nd12.get([[0, 2], [1, 3]]));
console.log(np.random.choice(np.arange(1, 25), [3, 4]));
console.log(np.random.choice(np.arange(1, 25), [3, 4], false));
console.log(np.random.choice(np.arange(1, 25), [3, 4], true, np.arange(1, 25).divide(300)));

// arithmetic: element-wise products and dot products
const A = np.array([[1, 2], [-1, 4]]), B = np.array([[2, 0], [3, 4]]);
console.log(A.multiply(B), np.multiply(A, B), A.multiply(2), A.divide(2));
const X = np.random.rand(2, 3) as np.NDArray;
const sigmoid = (x: np.NDArray) => np.divide(1, np.add(1, np.exp(x.negative())));
const relu = (x: np.NDArray) => np.maximum(0, x);
const softmax = (x: np.NDArray) => np.divide(np.exp(x), np.sum(np.exp(x)));
console.log(sigmoid(X), relu(X), softmax(X));
const X1 = np.array([[1, 2], [3, 4]]), X2 = np.array([[5, 6, 7], [8, 9, 10]]);
console.log(np.dot(X1, X2));

// changing shapes
const arr = np.arange(10);
console.log(arr.reshape(2, 5), arr.reshape(5, -1), arr.reshape(-1, 5));
arr.resize(2, 5);
console.log(arr, arr.T);
const arr3 = np.arange(6).reshape(2, -1);
console.log(arr3.ravel(), arr3.ravel().flatten(), arr3.reshape(3, 1, 2).squeeze().shape);
console.log(np.arange(24).reshape(2, 3, 4).transpose(1, 2, 0).shape);

// joining and splitting
const a = np.array([1, 2, 3]), b = np.array([4, 5, 6]);
console.log(np.append(a, b), np.append(a.reshape(1, 3), b.reshape(1, 3), 0));
console.log(np.concatenate([a.reshape(1, 3), b.reshape(1, 3)], 1));
console.log(np.stack([a, b], 0), np.hstack([a, b]), np.vstack([a, b]), np.dstack([a, b]));
console.log(np.hsplit(np.arange(16).reshape(4, 4), 2), np.vsplit(np.arange(16).reshape(4, 4), [1, 3]));
