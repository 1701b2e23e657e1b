/** Runs cases through tests/optim/more_oracle.py (PyTorch's side of the ASGD/Rprop/Adafactor/Muon and swaUtils tests). */
// deno-lint-ignore no-explicit-any
export async function moreOracle(cases: unknown[]): Promise<any[]> {
  const script = new URL("./more_oracle.py", import.meta.url).pathname;
  const p = new Deno.Command("python3", { args: [script], stdin: "piped", stdout: "piped", stderr: "piped" }).spawn();
  const w = p.stdin.getWriter();
  await w.write(new TextEncoder().encode(JSON.stringify(cases)));
  await w.close();
  const out = await p.output();
  if (!out.success) throw new Error(`optim oracle failed: ${new TextDecoder().decode(out.stderr)}`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}
