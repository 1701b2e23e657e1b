/**
 * Every op torch has: PyTorch's face of the shared declarations
 * (src/api/ops) and the torch-only ones (src/torch/ops). Tensor methods,
 * their in-place twins and the torch functions are generated from this
 * record; torch.linalg from TORCH_LINALG.
 */
import type { Merged } from "../api/define.ts";
import { CALCULUS } from "../api/ops/calculus.ts";
import { CONTRACT } from "../api/ops/contract.ts";
import { CREATION } from "../api/ops/creation.ts";
import { BINARY, UNARY, WHERE } from "../api/ops/elementwise.ts";
import { INDEX } from "../api/ops/index.ts";
import { INDEX_EXTRA } from "../api/ops/index_extra.ts";
import { MANIP_EXTRA } from "../api/ops/manip_extra.ts";
import { MATH_EXTRA } from "../api/ops/math_extra.ts";
import { MATH_EXTRA2 } from "../api/ops/math_extra2.ts";
import { PRODUCTS } from "../api/ops/linalg.ts";
import { MISC } from "../api/ops/misc.ts";
import { MISC_MORE } from "../api/ops/misc_more.ts";
import { NP_MISC } from "../api/ops/np_misc.ts";
import { REDUCE } from "../api/ops/reduce.ts";
import { SHAPE } from "../api/ops/shape.ts";
import { SPECIAL } from "../api/ops/special.ts";
import { WINDOWS } from "../api/ops/windows.ts";
import { COMPOSITES } from "./ops/composites.ts";
import { EXTRA } from "./ops/extra.ts";
import { INTERNAL } from "./ops/internal.ts";
import { LEGACY_SVD } from "./ops/linalg.ts";
import { RANDOM } from "./ops/random.ts";
import { SCATTER_VIEWS } from "./ops/scatter_views.ts";
import { SOFTMAX } from "./ops/softmax.ts";
import { TORCH_STATS } from "./ops/stats.ts";
import { TORCH_LINALG_EXTRA } from "./ops/linalg_extra.ts";
import { TORCH_LINALG_MORE_TOP } from "./ops/linalg_more.ts";
import { TORCH_LINALG_FACTOR_TOP } from "./ops/linalg_factor.ts";
import { LOWRANK } from "./lowrank.ts";
import { LOBPCG_OPS } from "./lobpcg.ts";

/** torch's records, in merge order (a later record's op replaces an earlier one's of the same name). */
export const RECORDS = [
  UNARY,
  BINARY,
  WHERE,
  REDUCE,
  SHAPE,
  INDEX,
  PRODUCTS,
  CREATION,
  MISC,
  SOFTMAX,
  COMPOSITES,
  EXTRA,
  INTERNAL,
  RANDOM,
  LEGACY_SVD,
  INDEX_EXTRA,
  TORCH_STATS,
  MATH_EXTRA,
  TORCH_LINALG_EXTRA,
  CONTRACT,
  MATH_EXTRA2,
  MANIP_EXTRA,
  MISC_MORE,
  SCATTER_VIEWS,
  CALCULUS,
  SPECIAL,
  TORCH_LINALG_MORE_TOP,
  TORCH_LINALG_FACTOR_TOP,
  LOWRANK,
  LOBPCG_OPS,
  NP_MISC,
  WINDOWS,
] as const;
/** TORCH_DECLS's type: the records merged as a spread merges them. */
export type TorchDecls = Merged<typeof RECORDS>;
/** The declarations torch generates its surface from. */
export const TORCH_DECLS: TorchDecls = Object.assign({}, ...RECORDS);
