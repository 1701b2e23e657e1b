import { python } from "../helpers/python.ts";

/** Runs cases through tests/optim/more_oracle.py (PyTorch's side of the ASGD/Rprop/Adafactor/Muon and swaUtils tests). */
// deno-lint-ignore no-explicit-any
export async function moreOracle(cases: unknown[]): Promise<any[]> {
  const script = new URL("./more_oracle.py", import.meta.url).pathname;
  const out = await python([script], { stdin: JSON.stringify(cases) });
  if (!out.success) throw new Error(`optim oracle failed: ${new TextDecoder().decode(out.stderr)}`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}
