/**
 * Finds or builds the native kernel library. The file name carries a hash
 * of the kernel sources and flags, so a stale library is never loaded:
 * search order is $DENDRITE_LIB, then `build/` beside the sources (what
 * `deno task build` writes and `deno compile --include build` embeds), then
 * the cache folder ($DENDRITE_CACHE, else $XDG_CACHE_HOME/dendrite, else
 * ~/.cache/dendrite), and last a fresh build into that cache with the system
 * C compiler.
 */
import { CFLAGS, KERNEL_SOURCES } from "./sources.ts";

const ROOT = new URL("../", import.meta.url);

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env: fall back to defaults
  }
}

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Reads the kernel sources, from disk or over HTTP (import by URL). */
export async function readSources(root: URL = ROOT): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(KERNEL_SOURCES.map(async (rel) => {
    const url = new URL(rel, root);
    if (url.protocol === "file:") out.set(rel, await Deno.readTextFile(url));
    else {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`dendrite: cannot fetch kernel source ${url} (HTTP ${res.status})`);
      out.set(rel, await res.text());
    }
  }));
  return out;
}

/** A short content hash of the sources and flags. */
export async function sourceHash(sources: Map<string, string>): Promise<string> {
  const text = [...CFLAGS, Deno.build.arch, ...KERNEL_SOURCES.map((k) => `${k}\n${sources.get(k)}`)].join("\0");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The library's file name for a source hash. */
export const libName = (hash: string): string => `libdendrite-${hash}.so`;

/** The cache folder for built libraries. */
export function cacheDir(): string {
  const explicit = env("DENDRITE_CACHE");
  if (explicit) return explicit;
  const xdg = env("XDG_CACHE_HOME");
  if (xdg) return `${xdg}/dendrite`;
  const home = env("HOME");
  return home ? `${home}/.cache/dendrite` : `${Deno.cwd()}/.cache/dendrite`;
}

/**
 * Where to look for the library, in order. `root` is the repository (or
 * the compiled binary's embedded copy of it) when it is a local path.
 */
export function libraryCandidates(hash: string, opts: { envLib?: string; root?: URL; cache: string }): string[] {
  const out: string[] = [];
  if (opts.envLib) out.push(opts.envLib);
  if (opts.root?.protocol === "file:") out.push(new URL(`build/${libName(hash)}`, opts.root).pathname);
  out.push(`${opts.cache}/${libName(hash)}`);
  return out;
}

async function run(cmd: string, args: string[], cwd?: string): Promise<{ ok: boolean; err: string }> {
  try {
    const r = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).output();
    return { ok: r.success, err: new TextDecoder().decode(r.stderr) };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { ok: false, err: `${cmd}: not found` };
    throw e;
  }
}

function compiler(): string {
  return env("CC") ?? "cc";
}

/** Whether OpenBLAS (cblas + LAPACK) links on this machine. */
async function haveOpenBLAS(dir: string): Promise<boolean> {
  const probe = `${dir}/probe_blas.c`;
  await Deno.writeTextFile(
    probe,
    "void cblas_sgemm(void);void dgesdd_(void);int main(void){cblas_sgemm();dgesdd_();return 0;}\n",
  );
  return (await run(compiler(), [probe, "-o", `${dir}/probe_blas`, "-lopenblas"])).ok;
}

/**
 * Compiles the sources into `outPath` (written to a temp name, then
 * renamed, so a concurrent or interrupted build never leaves a broken file).
 */
export async function buildLibrary(sources: Map<string, string>, outPath: string): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "dendrite-build-" });
  try {
    for (const [rel, text] of sources) {
      const p = `${dir}/${rel}`;
      await Deno.mkdir(p.slice(0, p.lastIndexOf("/")), { recursive: true });
      await Deno.writeTextFile(p, text);
    }
    const cc = compiler();
    const check = await run(cc, ["--version"]);
    if (!check.ok) {
      throw new Error(
        `dendrite: no C compiler found (${check.err.trim()}). Install one (Debian/Ubuntu: apt-get install gcc; ` +
          `optionally libopenblas-dev for fast matmul and np.linalg), or set CC, or point DENDRITE_LIB at a built library.`,
      );
    }
    const blas = await haveOpenBLAS(dir);
    const defs = blas ? ["-DDK_HAVE_CBLAS", "-DDK_HAVE_LAPACK"] : [];
    const cfiles = KERNEL_SOURCES.filter((s) => s.endsWith(".c"));
    // One compiler process per file, in parallel, then one link.
    const results = await Promise.all(cfiles.map((c) => run(cc, [...CFLAGS, ...defs, "-c", c, "-o", `${c}.o`], dir)));
    const failed = results.find((r) => !r.ok);
    if (failed) throw new Error(`dendrite: compiling the kernels failed:\n${failed.err}`);
    const tmpOut = `${dir}/${libName("tmp")}`;
    const link = await run(cc, [
      "-shared",
      "-fopenmp",
      // never unmapped: OpenMP worker threads outlive the FFI handle at exit
      "-Wl,-z,nodelete",
      "-o",
      tmpOut,
      ...cfiles.map((c) => `${c}.o`),
      ...(blas ? ["-lopenblas"] : []),
      "-lmvec",
      "-lm",
    ], dir);
    if (!link.ok) throw new Error(`dendrite: linking the kernels failed:\n${link.err}`);
    await Deno.mkdir(outPath.slice(0, outPath.lastIndexOf("/")), { recursive: true });
    const staged = `${outPath}.${Deno.pid}.tmp`;
    await Deno.copyFile(tmpOut, staged);
    await Deno.rename(staged, outPath);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** Returns the path of an up-to-date library, building it if needed. */
export async function locateLibrary(): Promise<string> {
  const envLib = env("DENDRITE_LIB");
  if (envLib) return envLib;
  const sources = await readSources();
  const hash = await sourceHash(sources);
  const cache = cacheDir();
  const found = libraryCandidates(hash, { root: ROOT, cache }).find(exists);
  if (found) return found;
  const out = `${cache}/${libName(hash)}`;
  await buildLibrary(sources, out);
  return out;
}
