/**
 * Identifier spellings: the JS API's camelCase names in NumPy's / PyTorch's
 * snake_case, for messages and state-dict keys.
 */

const SNAKE = new Map<string, string>();

/**
 * A JS identifier in snake_case (`weightHhL0Reverse` -> `weight_hh_l0_reverse`, `logicalAnd` -> `logical_and`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { snakeCase } from "./names.ts";
 * assert.equal(snakeCase("indexSelect"), "index_select");
 * ```
 */
export function snakeCase(name: string): string {
  let s = SNAKE.get(name);
  if (s === undefined) {
    s = name
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
      .toLowerCase();
    SNAKE.set(name, s);
  }
  return s;
}
