/**
 * Downloads for vision's datasets: each file is fetched from its mirrors in
 * turn into a temp file in the target folder, its MD5 checked while it
 * streams, and renamed into place only when complete and correct, so a
 * failed or corrupted download never leaves a file behind.
 *
 * Dataset constructors are synchronous (as torchvision's), so
 * `downloadSync` runs the download in a child Deno process
 * (download_cli.ts) and waits for it.
 */
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { RuntimeError } from "../../core/errors.ts";

/** A file to fetch: its name, checksum and the URLs to try in order. */
export interface Resource {
  filename: string;
  md5: string | null;
  urls: string[];
}

/** The MD5 of a file's bytes, hex. */
export function md5File(path: string): string {
  return createHash("md5").update(Deno.readFileSync(path)).digest("hex");
}

/** Whether a file exists and (when given) has the MD5. */
export function checkIntegrity(path: string, md5: string | null = null): boolean {
  try {
    if (!Deno.statSync(path).isFile) return false;
  } catch {
    return false;
  }
  return md5 === null || md5File(path) === md5;
}

/** Fetches one resource into `dir` (temp file + rename; checked). */
export async function downloadResource(dir: string, r: Resource): Promise<string> {
  Deno.mkdirSync(dir, { recursive: true });
  const dest = `${dir}/${r.filename}`;
  if (checkIntegrity(dest, r.md5)) return dest;
  const errors: string[] = [];
  for (const url of r.urls) {
    const tmp = `${dir}/.${r.filename}.part-${crypto.randomUUID().slice(0, 8)}`;
    try {
      const res = await fetch(url);
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        throw new Error(`HTTP ${res.status} ${res.statusText}`);
      }
      const hash = createHash("md5");
      const file = Deno.openSync(tmp, { write: true, createNew: true });
      let n = 0;
      try {
        for await (const chunk of res.body) {
          hash.update(chunk);
          let off = 0;
          while (off < chunk.length) off += file.writeSync(chunk.subarray(off));
          n += chunk.length;
        }
      } finally {
        file.close();
      }
      const length = Number(res.headers.get("content-length") ?? NaN);
      if (Number.isFinite(length) && n !== length) throw new Error(`connection closed after ${n} of ${length} bytes`);
      const got = hash.digest("hex");
      if (r.md5 !== null && got !== r.md5) throw new Error(`checksum mismatch: MD5 ${got}, expected ${r.md5}`);
      Deno.renameSync(tmp, dest);
      return dest;
    } catch (e) {
      try {
        Deno.removeSync(tmp);
      } catch { /* never created */ }
      errors.push(`${url}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new RuntimeError(`Error downloading ${r.filename}:\n  ${errors.join("\n  ")}`);
}

/** Downloads resources from a child process and waits (what synchronous constructors use). */
export function downloadSync(dir: string, resources: Resource[]): void {
  const cli = new URL("./download_cli.ts", import.meta.url).href;
  const out = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-read",
      "--allow-write",
      "--no-prompt",
      cli,
      JSON.stringify({ dir, resources }),
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  if (!out.success) {
    const ansi = new RegExp(String.fromCharCode(27) + "\\[[0-9;]*m", "g");
    const msg = new TextDecoder().decode(out.stderr).trim().split("\n").filter((l) =>
      !/^(Download|Check)\s/.test(l.replace(ansi, ""))
    );
    throw new RuntimeError(msg.join("\n") || `download failed (exit ${out.code})`);
  }
}

/** The members of a tar archive (ustar/GNU: regular files only), gunzipped first when gzipped. */
export function* tarMembers(archive: Uint8Array): Generator<{ name: string; data: Uint8Array }> {
  const bytes = archive[0] === 0x1f && archive[1] === 0x8b ? new Uint8Array(gunzipSync(archive)) : archive;
  const dec = new TextDecoder();
  const str = (o: number, n: number) => dec.decode(bytes.subarray(o, o + n)).replace(/\0.*$/s, "");
  let off = 0, longName: string | null = null;
  while (off + 512 <= bytes.length) {
    if (bytes.subarray(off, off + 512).every((b) => b === 0)) break;
    const size = parseInt(str(off + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(bytes[off + 156] || 48);
    const prefix = str(off + 345, 155);
    let name = longName ?? (prefix ? `${prefix}/${str(off, 100)}` : str(off, 100));
    longName = null;
    const data = bytes.subarray(off + 512, off + 512 + size);
    if (type === "L") longName = dec.decode(data).replace(/\0.*$/s, "");
    else if (type === "0" || type === "\0" || type === "7") {
      name = name.replace(/^\.\//, "");
      if (name.split("/").includes("..") || name.startsWith("/")) {
        throw new RuntimeError(`unsafe path in archive: ${name}`);
      }
      yield { name, data };
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
}

/** Extracts a .tar(.gz) into `dir` (each file through a temp file + rename). */
export function extractArchive(path: string, dir: string): void {
  for (const m of tarMembers(Deno.readFileSync(path))) {
    const dest = `${dir}/${m.name}`;
    Deno.mkdirSync(dest.slice(0, dest.lastIndexOf("/")), { recursive: true });
    const tmp = `${dest}.part-${crypto.randomUUID().slice(0, 8)}`;
    Deno.writeFileSync(tmp, m.data);
    Deno.renameSync(tmp, dest);
  }
}
