/**
 * The `np` namespace: NumPy's API for Deno over dendrite's strided core.
 * Its functions are generated from the op declarations (src/numpy/decls.ts),
 * so every call form binds through one signature: positional arguments in
 * NumPy's order, then an options object for keyword arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const a = np.array([[1, 2], [3, 4]]);
 * assert.equal(np.add(a, 1).sum().item(), 14);
 * assert.deepEqual(np.sum(a, { axis: 0 }).tolist(), [4, 6]);
 * assert.deepEqual(a.sum(1, { keepdims: true }).tolist(), [[3], [7]]);
 * ```
 * @module
 */
import type { Functions } from "../api/surface.ts";
import { NP_LINALG } from "../api/ops/linalg.ts";
import { NP_LINALG_EXTRA } from "../api/ops/linalg_extra.ts";
import { NP_LINALG_MORE } from "../api/ops/linalg_more.ts";
import { NP_LINALG_ALIASES } from "../api/ops/np_misc.ts";
import type { DType } from "../core/dtype.ts";
import { LinAlgError } from "../core/errors.ts";
import type { NP_DECLS } from "./decls.ts";
import * as extras from "./extras.ts";
import { type ArrayLike, NDArray, NP_FUNCTIONS, npFunctions } from "./ndarray.ts";
import { load, save, savez, savezCompressed } from "./npy.ts";
import * as printOptions from "./print_options.ts";
import * as random from "./random.ts";
import { loadtxt, savetxt } from "./text.ts";
import * as fileIo from "./file_io.ts";
import { einsumPath } from "./einsum_path.ts";
import * as indexTricks from "./index_tricks.ts";
import * as nditer from "./nditer.ts";
import * as vectorize from "./vectorize.ts";
import * as scalarTypes from "./scalar_types.ts";
import * as poly1dMod from "./poly1d.ts";
import * as polynomialMod from "./polynomial.ts";
import * as errstate from "./errstate.ts";
import * as testing from "./testing.ts";

/** The generated np functions' types. */
export type NpFunctions = Functions<typeof NP_DECLS, "np", NDArray, ArrayLike>;
/** np.linalg's functions' types. */
export type NpLinalg =
  & Functions<typeof NP_LINALG, "np", NDArray, ArrayLike>
  & Functions<typeof NP_LINALG_EXTRA, "np", NDArray, ArrayLike>
  & Functions<typeof NP_LINALG_MORE, "np", NDArray, ArrayLike>
  & Functions<typeof NP_LINALG_ALIASES, "np", NDArray, ArrayLike>
  & { LinAlgError: typeof LinAlgError };

const linalg: NpLinalg = {
  ...(npFunctions(NP_LINALG) as unknown as Functions<typeof NP_LINALG, "np", NDArray, ArrayLike>),
  ...(npFunctions(NP_LINALG_EXTRA) as unknown as Functions<typeof NP_LINALG_EXTRA, "np", NDArray, ArrayLike>),
  ...(npFunctions(NP_LINALG_MORE) as unknown as Functions<typeof NP_LINALG_MORE, "np", NDArray, ArrayLike>),
  ...(npFunctions(NP_LINALG_ALIASES) as unknown as Functions<typeof NP_LINALG_ALIASES, "np", NDArray, ArrayLike>),
  LinAlgError,
};

/** np's index tricks, iteration helpers, vectorize and file I/O (each module's functions). */
export type NpMore =
  & Pick<typeof fileIo, "fromfile" | "fromstring" | "genfromtxt">
  & Pick<typeof indexTricks, "s_" | "indexExp" | "r_" | "c_" | "mgrid" | "ogrid">
  & Pick<typeof nditer, "ndindex" | "ndenumerate" | "nditer" | "broadcast">
  & Pick<typeof vectorize, "vectorize" | "frompyfunc" | "iterable" | "typename" | "euler_gamma">
  & { einsumPath: typeof einsumPath }
  & typeof scalarTypes
  & Pick<typeof poly1dMod, "poly1d" | "Poly1d" | "roots">
  & Pick<typeof polynomialMod, "polynomial">
  & Pick<typeof errstate, "seterr" | "geterr" | "seterrcall" | "geterrcall" | "errstate" | "FloatingPointError">;

/** What `np` holds besides the generated functions. */
export interface NpExtras {
  /** The array class. */
  NDArray: typeof NDArray;
  /** The array class (NumPy's name). */
  ndarray: typeof NDArray;
  /** np.random: NumPy's legacy RandomState functions and `defaultRng`. */
  random: typeof random;
  /** np.linalg. */
  linalg: NpLinalg;
  /** np.testing: assertAllclose, assertArrayEqual, assertEqual, ... with NumPy's messages. */
  testing: Omit<typeof testing, "pyFloat">;
  /** Reads a .npy or .npz file. */
  load: typeof load;
  /** Writes an array to a .npy file. */
  save: typeof save;
  /** Writes arrays to a .npz file. */
  savez: typeof savez;
  /** Writes arrays to a compressed .npz file. */
  savezCompressed: typeof savezCompressed;
  /** Writes an array as text. */
  savetxt: typeof savetxt;
  /** Reads an array from text. */
  loadtxt: typeof loadtxt;
}

/** NumPy for Deno: `np.array`, `np.add`, `np.linalg.svd`, `np.random.seed`, ... */
export const np: typeof extras & typeof printOptions & NpFunctions & NpExtras & NpMore = {
  ...extras,
  ...printOptions,
  ...(NP_FUNCTIONS as unknown as NpFunctions),
  fromfile: fileIo.fromfile,
  fromstring: fileIo.fromstring,
  genfromtxt: fileIo.genfromtxt,
  s_: indexTricks.s_,
  indexExp: indexTricks.indexExp,
  r_: indexTricks.r_,
  c_: indexTricks.c_,
  mgrid: indexTricks.mgrid,
  ogrid: indexTricks.ogrid,
  ndindex: nditer.ndindex,
  ndenumerate: nditer.ndenumerate,
  nditer: nditer.nditer,
  broadcast: nditer.broadcast,
  vectorize: vectorize.vectorize,
  frompyfunc: vectorize.frompyfunc,
  iterable: vectorize.iterable,
  typename: vectorize.typename,
  euler_gamma: vectorize.euler_gamma,
  einsumPath,
  ...scalarTypes,
  poly1d: poly1dMod.poly1d,
  Poly1d: poly1dMod.Poly1d,
  roots: poly1dMod.roots,
  polynomial: polynomialMod.polynomial,
  seterr: errstate.seterr,
  geterr: errstate.geterr,
  seterrcall: errstate.seterrcall,
  geterrcall: errstate.geterrcall,
  errstate: errstate.errstate,
  FloatingPointError: errstate.FloatingPointError,
  NDArray,
  ndarray: NDArray,
  random,
  linalg,
  testing: {
    assertAllclose: testing.assertAllclose,
    assertArrayEqual: testing.assertArrayEqual,
    assertArrayLess: testing.assertArrayLess,
    assertArrayAlmostEqual: testing.assertArrayAlmostEqual,
    assertAlmostEqual: testing.assertAlmostEqual,
    assertApproxEqual: testing.assertApproxEqual,
    assertEqual: testing.assertEqual,
    assertRaises: testing.assertRaises,
    assertRaisesRegex: testing.assertRaisesRegex,
  },
  load,
  save,
  savez,
  savezCompressed,
  savetxt,
  loadtxt,
};

// np.seterr / np.errstate swap np's ufuncs for checked twins while they ask for reports
errstate.reportErrorsIn(np);

/** np's types: `np.NDArray`, `np.DType`, `np.ArrayLike`. */
export declare namespace np {
  /** An N-dimensional array. */
  export type NDArray = import("./ndarray.ts").NDArray;
  /** An N-dimensional array (NumPy's class name). */
  export type ndarray = import("./ndarray.ts").NDArray;
  /** A dtype name. */
  export type DType = import("../core/dtype.ts").DType;
  /** What np functions accept as an array. */
  export type ArrayLike = import("./ndarray.ts").ArrayLike;
  /** What `get`/`set` accept as an index. */
  export type Index = import("../api/convert.ts").IndexLike;
  /** np.nditer's iterator. */
  export type Nditer = import("./nditer.ts").Nditer;
  /** np.broadcast's object. */
  export type Broadcast = import("./nditer.ts").Broadcast;
  /** np.poly1d's polynomial. */
  export type Poly1d = import("./poly1d.ts").Poly1d;
  /** np.random's types. */
  export namespace random {
    /** NumPy's Generator. */
    export type Generator = import("./generator.ts").Generator;
    /** NumPy's RandomState. */
    export type RandomState = import("./random.ts").RandomState;
    /** A seed for defaultRng. */
    export type SeedLike = import("./generator.ts").SeedLike;
    /** NumPy's SeedSequence. */
    export type SeedSequence = import("./seed_sequence.ts").SeedSequence;
    /** The base of NumPy's bit generators (PCG64, PCG64DXSM, MT19937, Philox, SFC64). */
    export type BitGenerator = import("./bit_generators.ts").BitGenerator;
    /** A bit generator's state dict, in NumPy's shape. */
    export type BitGeneratorState = import("./bit_generators.ts").BitGeneratorState;
  }
  /** np.linalg's types. */
  export namespace linalg {
    /** A norm order. */
    export type Ord = number | "fro" | "nuc" | null;
  }
}

export type { ArrayLike, DType };
