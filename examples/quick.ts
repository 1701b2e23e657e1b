/**
 * The examples' small-size switch: `DENDRITE_EXAMPLE_QUICK=1` (or a
 * `--quick` argument) makes each example use small sizes, so that
 * tests/examples_test.ts can run them all in seconds.
 */
export const quick: boolean = Deno.args.includes("--quick") ||
  (Deno.permissions.querySync({ name: "env", variable: "DENDRITE_EXAMPLE_QUICK" }).state === "granted" &&
    ["1", "true"].includes(Deno.env.get("DENDRITE_EXAMPLE_QUICK") ?? ""));
