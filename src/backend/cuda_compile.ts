/**
 * Compiles the CUDA kernel files (ffi/cuda/sources.ts) with NVRTC for one
 * GPU architecture, and caches the results on disk like the CPU library:
 * `<cache>/cuda/<module>-<hash>-sm_<arch>.ptx` and `.cubin`, the hash
 * covering the module's source, every header, the options and the arch.
 * The backend loads the CUBIN (no JIT at start); the PTX is kept for
 * inspection and the tests. A file compiles on its first use (seconds,
 * once per machine); `compileKernelImages` compiles all files in parallel
 * ahead of time.
 */
import { createHash } from "node:crypto";
import { preferredCacheDir } from "../../ffi/cache.ts";
import { notice } from "../../ffi/errors.ts";
import { CudaLibraryError } from "../../ffi/cuda/errors.ts";
import { checkNvrtc, type NvrtcApi, openNvrtc } from "../../ffi/cuda/libraries.ts";
import { CUDA_HEADER_FILES, CUDA_KERNEL_FILES, NVRTC_OPTIONS } from "../../ffi/cuda/sources.ts";

const ROOT = new URL("../../", import.meta.url);

/** What one kernel file compiles to. */
export interface KernelImage {
  module: string;
  arch: number;
  ptx: string;
  cubin: Uint8Array;
}

/** The module name of a kernel file: its base name without `.cu`. */
const moduleName = (file: string): string => file.slice(file.lastIndexOf("/") + 1).replace(/\.cu$/, "");

/** Every kernel module, by name. */
export const CUDA_MODULES: readonly string[] = CUDA_KERNEL_FILES.map(moduleName);

function fileOf(module: string): string {
  const file = CUDA_KERNEL_FILES.find((f) => moduleName(f) === module);
  if (!file) throw new RangeError(`no CUDA kernel module "${module}" (have: ${CUDA_MODULES.join(", ")})`);
  return file;
}

function readSource(rel: string): string {
  const url = new URL(rel, ROOT);
  if (url.protocol !== "file:") {
    throw new CudaLibraryError(
      `dendrite: the CUDA kernels compile from local sources, and ${url} is remote: use a local copy of dendrite`,
    );
  }
  return Deno.readTextFileSync(url);
}

interface Sources {
  source: string;
  headers: [string, string][];
}

function sourcesOf(module: string): Sources {
  return {
    source: readSource(fileOf(module)),
    headers: Object.entries(CUDA_HEADER_FILES).map(([name, rel]) => [name, readSource(rel)]),
  };
}

const archOption = (arch: number) => `--gpu-architecture=sm_${arch}`;

function cacheKey(module: string, arch: number, src: Sources): string {
  const h = createHash("sha256");
  h.update([module, archOption(arch), ...NVRTC_OPTIONS].join("\0"));
  h.update(`\0${src.source}`);
  for (const [name, text] of src.headers) h.update(`\0${name}\0${text}`);
  return h.digest("hex").slice(0, 16);
}

/** The cache files of a module, or null when no cache folder may be used. */
function cachePaths(module: string, arch: number, key: string): { ptx: string; cubin: string } | null {
  const dir = preferredCacheDir();
  if (!dir) return null;
  const base = `${dir}/cuda/${module}-${key}-sm_${arch}`;
  return { ptx: `${base}.ptx`, cubin: `${base}.cubin` };
}

function readCached(module: string, arch: number, paths: { ptx: string; cubin: string } | null): KernelImage | null {
  if (!paths) return null;
  try {
    return { module, arch, ptx: Deno.readTextFileSync(paths.ptx), cubin: Deno.readFileSync(paths.cubin) };
  } catch {
    return null;
  }
}

/** Saves a compiled module (temp file + rename, so readers see a whole file or none); best effort. */
function writeCached(img: KernelImage, paths: { ptx: string; cubin: string } | null): void {
  if (!paths) return;
  try {
    Deno.mkdirSync(paths.ptx.slice(0, paths.ptx.lastIndexOf("/")), { recursive: true });
    const tag = crypto.randomUUID();
    Deno.writeTextFileSync(`${paths.ptx}.${tag}.tmp`, img.ptx);
    Deno.renameSync(`${paths.ptx}.${tag}.tmp`, paths.ptx);
    Deno.writeFileSync(`${paths.cubin}.${tag}.tmp`, img.cubin);
    Deno.renameSync(`${paths.cubin}.${tag}.tmp`, paths.cubin);
  } catch (e) {
    notice(`dendrite: cannot cache the CUDA kernels in ${paths.ptx} (${(e as Error).message})`);
  }
}

const encoder = new TextEncoder();
const cString = (s: string) => encoder.encode(`${s}\0`);
/** A char** over NUL-terminated strings (the strings must stay referenced while it is used). */
function cStringArray(strings: Uint8Array[]): BigUint64Array {
  return BigUint64Array.from(strings, (s) => BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(s))));
}

/** An NVRTC program with the buffers it points into. */
interface Program {
  handle: Deno.PointerValue;
  options: BigUint64Array;
  /** Referenced so the GC keeps every buffer NVRTC may read until the compile is done. */
  keep: unknown[];
}

function createProgram(nv: NvrtcApi, module: string, arch: number, src: Sources): Program {
  const hsrc = src.headers.map(([, text]) => cString(text)), hnames = src.headers.map(([name]) => cString(name));
  const opts = [archOption(arch), ...NVRTC_OPTIONS].map(cString);
  const out = new BigUint64Array(1);
  const source = cString(src.source), name = cString(`${module}.cu`);
  const headers = cStringArray(hsrc), names = cStringArray(hnames);
  checkNvrtc(nv.nvrtcCreateProgram(out, source, name, hsrc.length, headers, names), "nvrtcCreateProgram");
  const keep = [source, name, headers, names, hsrc, hnames, opts];
  return { handle: Deno.UnsafePointer.create(out[0]), options: cStringArray(opts), keep };
}

function readBytes(
  prog: Deno.PointerValue,
  size: (p: Deno.PointerValue, n: BigUint64Array) => number,
  get: (p: Deno.PointerValue, b: Uint8Array) => number,
  fn: string,
): Uint8Array {
  const n = new BigUint64Array(1);
  checkNvrtc(size(prog, n), `${fn}Size`);
  const buf = new Uint8Array(Number(n[0]));
  checkNvrtc(get(prog, buf), fn);
  return buf;
}

/** Collects a compiled program's log, PTX and CUBIN, and destroys it. */
function finish(nv: NvrtcApi, module: string, arch: number, prog: Program, rc: number): KernelImage {
  const h = prog.handle;
  try {
    if (rc !== 0) {
      const log = new TextDecoder().decode(
        readBytes(h, nv.nvrtcGetProgramLogSize, nv.nvrtcGetProgramLog, "nvrtcGetProgramLog"),
      )
        .replace(/\0+$/, "");
      checkNvrtc(rc, "nvrtcCompileProgram", ` (kernels/cuda/${module}.cu for sm_${arch}):\n${log}`);
    }
    const ptx = new TextDecoder().decode(readBytes(h, nv.nvrtcGetPTXSize, nv.nvrtcGetPTX, "nvrtcGetPTX"))
      .replace(/\0+$/, "");
    const cubin = readBytes(h, nv.nvrtcGetCUBINSize, nv.nvrtcGetCUBIN, "nvrtcGetCUBIN");
    return { module, arch, ptx, cubin };
  } finally {
    nv.nvrtcDestroyProgram(BigUint64Array.of(BigInt(Deno.UnsafePointer.value(h))));
  }
}

/** A module to compile: its sources, cache files and, when cached, its image. */
interface Job {
  module: string;
  arch: number;
  src: Sources;
  paths: { ptx: string; cubin: string } | null;
  cached: KernelImage | null;
}

function job(module: string, arch: number): Job {
  const src = sourcesOf(module);
  const paths = cachePaths(module, arch, cacheKey(module, arch, src));
  return { module, arch, src, paths, cached: readCached(module, arch, paths) };
}

function say(j: Job): void {
  notice(`dendrite: compiling CUDA kernels ${j.module}.cu for sm_${j.arch} (first use only, up to a minute)...`);
}

/** The compiled module, from the cache or compiled now (blocking). */
export function loadKernelImage(module: string, arch: number): KernelImage {
  const j = job(module, arch);
  if (j.cached) return j.cached;
  const nv = openNvrtc().library.symbols;
  say(j);
  const prog = createProgram(nv, module, arch, j.src);
  const img = finish(nv, module, arch, prog, nv.nvrtcCompileProgram(prog.handle, prog.options.length, prog.options));
  writeCached(img, j.paths);
  return img;
}

/** Compiles (or reads from the cache) the given modules for `arch`, in parallel. */
export async function compileKernelImages(arch: number, modules = CUDA_MODULES): Promise<KernelImage[]> {
  return await Promise.all(modules.map(async (module) => {
    const j = job(module, arch);
    if (j.cached) return j.cached;
    const nv = openNvrtc().library.symbols;
    say(j);
    const prog = createProgram(nv, module, arch, j.src);
    const img = finish(
      nv,
      module,
      arch,
      prog,
      await nv.nvrtcCompileProgramAsync(prog.handle, prog.options.length, prog.options),
    );
    writeCached(img, j.paths);
    return img;
  }));
}

/** The names of a PTX module's kernels (its `.entry` directives). */
export function ptxEntries(ptx: string): string[] {
  return [...ptx.matchAll(/\.entry\s+(\w+)\s*\(/g)].map((m) => m[1]);
}

/** The byte size of each kernel's single parameter, by kernel name, read from PTX. */
export function ptxParamSizes(ptx: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of ptx.matchAll(/\.entry\s+(\w+)\s*\(\s*\.param\s+\.align\s+\d+\s+\.b8\s+\w+\[(\d+)\]\s*\)/g)) {
    out.set(m[1], Number(m[2]));
  }
  return out;
}
