/**
 * Runs every doc example (`tools/doc_examples.ts` finds them as `deno test
 * --doc` does) as its own test, all in this one isolate: each is written to
 * a temporary module with its relative imports made absolute, then
 * imported. `deno task test` type-checks the same blocks first with
 * `deno check --doc-only`.
 *
 * Where `deno test --doc` gave each example a fresh process, here they share
 * the library's global settings: an example that changes one (a default
 * dtype, grad mode, print options) must restore it, and its test fails
 * naming the setting when it does not, so that no example passes or fails
 * because of the one before it.
 */
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { np, torch } from "../mod.ts";
import { docBlocks, REPO_ROOT, withAbsoluteImports } from "../tools/doc_examples.ts";

/** The global settings a doc example can change, as their getters report them. */
function settings(): Record<string, unknown> {
  return {
    defaultDtype: torch.getDefaultDtype(),
    defaultDevice: torch.getDefaultDevice(),
    deterministic: [
      torch.areDeterministicAlgorithmsEnabled(),
      torch.isDeterministicAlgorithmsWarnOnlyEnabled(),
      torch.getDeterministicDebugMode(),
    ],
    matmulPrecision: torch.getFloat32MatmulPrecision(),
    numThreads: torch.getNumThreads(),
    gradEnabled: torch.isGradEnabled(),
    inferenceMode: torch.isInferenceModeEnabled(),
    anomaly: [torch.isAnomalyEnabled(), torch.isAnomalyCheckNanEnabled()],
    validateArgs: new torch.distributions.Normal(0, 1).validateArgs,
    npPrintoptions: np.getPrintoptions(),
    npErr: [np.geterr(), np.geterrcall()],
    // torch's print options have no getter: a printed tensor shows them
    torchPrint: torch.tensor([1 / 3, 1e-9]).toString(),
  };
}

const blocks = await docBlocks(REPO_ROOT);
const dir = await Deno.makeTempDir({ prefix: "dendrite-doc-" });
// removed once the last example has run (a test file has no "after all" hook)
let left = blocks.length;

for (const [i, block] of blocks.entries()) {
  Deno.test(`doc: ${block.file}:${block.line}`, async () => {
    const path = `${dir}/example_${i}.${block.js ? "js" : "ts"}`;
    try {
      await Deno.writeTextFile(path, withAbsoluteImports(block, REPO_ROOT));
      const before = settings();
      await import(pathToFileURL(path).href);
      assert.deepEqual(settings(), before, "the example changed a global setting and did not restore it");
    } finally {
      if (--left === 0) await Deno.remove(dir, { recursive: true });
    }
  });
}
