/**
 * Every op np has, as declared once in src/api/ops (NumPy's face of each
 * declaration): the ndarray methods and np functions are generated from this
 * record.
 */
import { CREATION } from "../api/ops/creation.ts";
import { BINARY, UNARY } from "../api/ops/elementwise.ts";
import { INDEX } from "../api/ops/index.ts";
import { PRODUCTS } from "../api/ops/linalg.ts";
import { MISC } from "../api/ops/misc.ts";
import { REDUCE } from "../api/ops/reduce.ts";
import { SHAPE } from "../api/ops/shape.ts";

/** The declarations np generates its surface from. */
export const NP_DECLS = { ...UNARY, ...BINARY, ...REDUCE, ...SHAPE, ...INDEX, ...PRODUCTS, ...CREATION, ...MISC };
