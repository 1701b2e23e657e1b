/**
 * Launches test children with mpirun (multi-process tests) and says why
 * such tests are skipped where Open MPI is not installed.
 */

/** Why multi-process tests cannot run here ("" when mpirun works). */
export const NO_MPIRUN: string = (() => {
  try {
    const out = new Deno.Command("mpirun", { args: ["--version"], stdout: "piped", stderr: "piped" }).outputSync();
    return out.success ? "" : "mpirun --version failed";
  } catch {
    return "mpirun is not installed (apt-get install libopenmpi-dev openmpi-bin)";
  }
})();

if (NO_MPIRUN) console.warn(`tests/distributed: multi-process tests skipped: ${NO_MPIRUN}`);

/** What a job printed and how it ended. */
export interface JobResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Seconds from start to end. */
  seconds: number;
}

/** The flags and environment every job gets (root needs --allow-run-as-root; 3 ranks on 2 cores oversubscribe). */
export function mpirunArgs(np: number): { args: string[]; env: Record<string, string> } {
  const args = ["-np", String(np), "--oversubscribe", "--timeout", "120"];
  if (Deno.uid() === 0) args.push("--allow-run-as-root");
  // containers often forbid the cross-memory-attach calls of Open MPI's shared-memory transport
  return { args, env: { OMPI_MCA_btl_vader_single_copy_mechanism: "none" } };
}

/** Runs `deno run -A <script> ...scriptArgs` on `np` ranks. */
export async function mpirun(
  np: number,
  script: string,
  scriptArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<JobResult> {
  const m = mpirunArgs(np);
  const path = new URL(script, import.meta.url).pathname;
  const t0 = performance.now();
  const out = await new Deno.Command("mpirun", {
    args: [...m.args, Deno.execPath(), "run", "-A", "--no-lock", path, ...scriptArgs],
    env: { ...m.env, ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return {
    code: out.code,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
    seconds: (performance.now() - t0) / 1000,
  };
}
