import { pythonJson } from "../helpers/python.ts";

/** Runs cases through tests/optim/more_oracle.py (PyTorch's side of the ASGD/Rprop/Adafactor/Muon and swaUtils tests). */
// deno-lint-ignore no-explicit-any
export async function moreOracle(cases: unknown[]): Promise<any[]> {
  const script = new URL("./more_oracle.py", import.meta.url).pathname;
  return await pythonJson([script], { stdin: JSON.stringify(cases) });
}
