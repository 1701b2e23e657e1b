/**
 * Paths built from user strings (addScalars keys, addHparams run names,
 * addEmbedding tags, the default run name's comment). Tags may hold "/"
 * (PyTorch nests sub-runs that way), but the result must stay strictly
 * inside the folder it is built under: a path that resolves outside it (or
 * to the folder itself) is a RangeError, never silently rewritten, so a
 * logged run is always where its name says.
 */
import { isAbsolute, relative, resolve } from "node:path";

/**
 * `${root}/${sub}`, after checking that it resolves strictly inside `root`; `what` names the user string in errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inside } from "./paths.ts";
 * assert.equal(inside("logs", "main_train/a", "key"), "logs/main_train/a");
 * assert.throws(() => inside("logs", "main_/../../x", "key"), {
 *   message: "key would put files at 'logs/main_/../../x', not inside 'logs'",
 * });
 * ```
 */
export function inside(root: string, sub: string, what: string): string {
  const path = `${root}/${sub}`;
  const rel = relative(resolve(root), resolve(path));
  if (rel === "" || rel === ".." || rel.startsWith("../") || rel.startsWith("..\\") || isAbsolute(rel)) {
    throw new RangeError(`${what} would put files at '${path}', not inside '${root}'`);
  }
  return path;
}

/**
 * Writes `text` to a temp file beside `path` and renames it over `path`, so readers never see half a file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { atomicWriteText } from "./paths.ts";
 * const path = `${await Deno.makeTempDir()}/config.txt`;
 * atomicWriteText(path, "a: 1\n");
 * assert.equal(Deno.readTextFileSync(path), "a: 1\n");
 * ```
 */
export function atomicWriteText(path: string, text: string): void {
  const tmp = `${path}.${Deno.pid}.tmp`;
  Deno.writeTextFileSync(tmp, text);
  Deno.renameSync(tmp, path);
}
