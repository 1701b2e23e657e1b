/**
 * The documentation checks issue 9 names, for the front-ends this area owns:
 * `deno doc --lint mod.ts` reports nothing in src/api, src/numpy or
 * src/torch, and every generated np/torch function and method comes from a
 * declaration with a one-sentence doc (the generated members' JSDoc). The
 * runnable @example blocks run in tests/doc_examples_test.ts (deno task test).
 */
import assert from "node:assert/strict";
import { faces } from "./registry.ts";

const OWNED = /\/src\/(api|numpy|torch)\//;

Deno.test("deno doc --lint mod.ts: no missing JSDoc or private types in src/api, src/numpy, src/torch", async () => {
  const root = new URL("../../", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--lint", `${root}mod.ts`],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  // each problem is an `error[rule]: message` line followed by a `--> file:line:col` line
  const problems: string[] = [];
  const lines = text.split("\n");
  lines.forEach((l, i) => {
    const at = /-->\s*(\S+)/.exec(l);
    if (at && OWNED.test(at[1])) problems.push(`${lines[i - 1]?.trim()} at ${at[1]}`);
  });
  assert.deepEqual(problems, []);
});

Deno.test("every generated np and torch function and method has its declaration's doc", () => {
  const undocumented = faces().filter((f) => !/\w.*[.)]$/.test(f.decl.doc.trim())).map((f) => `${f.ns}.${f.decl.name}`);
  assert.deepEqual(undocumented, []);
});
