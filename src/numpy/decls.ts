/**
 * Every op np has, as declared once in src/api/ops (NumPy's face of each
 * declaration): the ndarray methods and np functions are generated from this
 * record.
 */
import type { Merged } from "../api/define.ts";
import { BLOCK } from "../api/ops/block.ts";
import { CALCULUS } from "../api/ops/calculus.ts";
import { CONTRACT } from "../api/ops/contract.ts";
import { CREATION } from "../api/ops/creation.ts";
import { BINARY, UNARY } from "../api/ops/elementwise.ts";
import { INDEX } from "../api/ops/index.ts";
import { INDEX_EXTRA } from "../api/ops/index_extra.ts";
import { MANIP_EXTRA } from "../api/ops/manip_extra.ts";
import { LINALG_EXTRA } from "../api/ops/linalg_extra.ts";
import { MATH_EXTRA } from "../api/ops/math_extra.ts";
import { MATH_EXTRA2 } from "../api/ops/math_extra2.ts";
import { PRODUCTS } from "../api/ops/linalg.ts";
import { POLY } from "../api/ops/poly.ts";
import { MISC } from "../api/ops/misc.ts";
import { MISC_MORE } from "../api/ops/misc_more.ts";
import { NP_MISC } from "../api/ops/np_misc.ts";
import { REDUCE } from "../api/ops/reduce.ts";
import { SHAPE } from "../api/ops/shape.ts";
import { SPECIAL } from "../api/ops/special.ts";
import { STATS } from "../api/ops/stats.ts";
import { WINDOWS } from "../api/ops/windows.ts";

/** np's records, in merge order (a later record's op replaces an earlier one's of the same name). */
export const RECORDS = [
  UNARY,
  BINARY,
  REDUCE,
  SHAPE,
  INDEX,
  PRODUCTS,
  CREATION,
  MISC,
  INDEX_EXTRA,
  STATS,
  MATH_EXTRA,
  LINALG_EXTRA,
  CONTRACT,
  MATH_EXTRA2,
  MANIP_EXTRA,
  MISC_MORE,
  CALCULUS,
  POLY,
  BLOCK,
  SPECIAL,
  NP_MISC,
  WINDOWS,
] as const;
/** NP_DECLS's type: the records merged as a spread merges them. */
export type NpDecls = Merged<typeof RECORDS>;
/** The declarations np generates its surface from. */
export const NP_DECLS: NpDecls = Object.assign({}, ...RECORDS);
