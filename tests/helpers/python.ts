/**
 * Runs `python3 <args>` for a test's oracle: through the fork server `deno task test` starts
 * (tests/helpers/py_server.py, its socket in $DENDRITE_PY_SERVER), which has NumPy and PyTorch imported already, or
 * as a new process when the tests run without it (`deno test` directly).
 */

/** What `python3 <args>` gave: exit status, stdout and stderr. */
export interface PythonResult {
  success: boolean;
  code: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
}

/** Options of a run: its stdin and extra environment variables. */
export interface PythonOptions {
  stdin?: string | Uint8Array;
  env?: Record<string, string>;
}

const encoder = new TextEncoder(), decoder = new TextDecoder();

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;) done += await conn.write(bytes.subarray(done));
}

/** The run through the server at `path`, or null when it cannot be reached (then the caller starts a process). */
async function viaServer(path: string, args: string[], o: PythonOptions): Promise<PythonResult | null> {
  let conn: Deno.UnixConn;
  try {
    conn = await Deno.connect({ transport: "unix", path });
  } catch {
    return null;
  }
  // reading the reply to its end closes the connection; until then, any failure closes it here
  let open = true;
  try {
    await writeAll(conn, encoder.encode(JSON.stringify({ args }) + "\n"));
    await writeAll(conn, typeof o.stdin === "string" ? encoder.encode(o.stdin) : o.stdin ?? new Uint8Array(0));
    await conn.closeWrite(); // the script's stdin ends here
    open = false;
    const reply = new Uint8Array(await new Response(conn.readable).arrayBuffer());
    const eol = reply.indexOf(10);
    if (eol < 0) throw new Error(`the Python fork server gave no reply to python3 ${args[0]}`);
    const { code, stderr } = JSON.parse(decoder.decode(reply.subarray(0, eol)));
    return { success: code === 0, code, stdout: reply.slice(eol + 1), stderr: encoder.encode(stderr) };
  } finally {
    if (open) conn.close();
  }
}

/** Runs `python3 <args>` (see the module's doc). */
export async function python(args: string[], options: PythonOptions = {}): Promise<PythonResult> {
  // a run with its own environment gets its own process: PyTorch may read a variable as it imports
  const server = Deno.env.get("DENDRITE_PY_SERVER");
  if (server && Object.keys(options.env ?? {}).length === 0) {
    const r = await viaServer(server, args, options);
    if (r) return r;
  }
  const p = new Deno.Command("python3", {
    args,
    env: options.env,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const w = p.stdin.getWriter();
    await w.write(typeof options.stdin === "string" ? encoder.encode(options.stdin) : options.stdin);
    await w.close();
  }
  const out = await p.output();
  return { success: out.success, code: out.code, stdout: out.stdout, stderr: out.stderr };
}

/** `python()`'s stdout read as JSON, or an error with its stderr when the run failed. */
// deno-lint-ignore no-explicit-any
export async function pythonJson(args: string[], options: PythonOptions = {}): Promise<any> {
  const r = await python(args, options);
  if (!r.success) throw new Error(`python3 ${args[0]} failed (${r.code}): ${decoder.decode(r.stderr)}`);
  return JSON.parse(decoder.decode(r.stdout));
}
