/**
 * Finds and opens the CUDA libraries. Places are searched in order, and
 * each is only looked at when the ones before it had nothing:
 *
 * 1. `$DENDRITE_CUDA_LIB_DIR` (folders separated by `:`),
 * 2. the loader path (the plain soname: ldconfig, LD_LIBRARY_PATH),
 * 3. the CUDA toolkit (`$CUDA_HOME`, `/usr/local/cuda`, `/usr/local/cuda-13*`)
 *    and the driver folders of containers and WSL,
 * 4. the `nvidia/<package>/lib` folders of Python's site-packages (what
 *    `pip install nvidia-cublas ...` writes; Python is asked only here) and
 *    of `~/.cache/dendrite-cuda-libs` (a `pip install --target` there).
 *
 * A library that is nowhere is a CudaLibraryError naming it, every place
 * looked at and what to install.
 */
import { isFile } from "../cache.ts";
import { env, granted } from "../permissions.ts";
import { CudaLibraryError } from "./errors.ts";
import type { CudaLibrary } from "./library.ts";

/** Where `pip install --target` puts the libraries for dendrite's own tests and checks. */
export const PIP_TARGET_DIR = "~/.cache/dendrite-cuda-libs";

/** One place searched: what it is called in messages, and its folders (computed when first searched). */
interface Place {
  describe: () => string;
  dirs: () => string[];
}

function listDir(dir: string): string[] {
  try {
    return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  } catch {
    return [];
  }
}

function home(): string | undefined {
  return env("HOME");
}

/** `nvidia/<package>/lib` folders under a site-packages folder. */
function nvidiaLibDirs(site: string): string[] {
  return listDir(`${site}/nvidia`).map((p) => `${site}/nvidia/${p}/lib`).filter((d) => listDir(d).length > 0);
}

let pythonSites: string[] | null = null;
let pythonNote = "";

/** Python's site-packages folders, asked once; empty (with a note for messages) when Python cannot be run. */
function sitePackages(): string[] {
  if (pythonSites) return pythonSites;
  pythonSites = [];
  if (!granted({ name: "run", command: "python3" })) {
    pythonNote = " (not asked: needs --allow-run)";
    return pythonSites;
  }
  const code = "import site; print('\\n'.join(site.getsitepackages() + [site.getusersitepackages()]))";
  try {
    const out = new Deno.Command("python3", { args: ["-c", code], stdout: "piped", stderr: "null" }).outputSync();
    if (out.success) pythonSites = new TextDecoder().decode(out.stdout).split("\n").filter((l) => l.length > 0);
    else pythonNote = " (python3 failed)";
  } catch {
    pythonNote = " (no python3)";
  }
  return pythonSites;
}

const TOOLKIT_SUFFIXES = ["lib64", "targets/x86_64-linux/lib", "targets/sbsa-linux/lib"];

function toolkitDirs(): string[] {
  const roots = [env("CUDA_HOME"), env("CUDA_PATH"), "/usr/local/cuda"].filter((r): r is string => !!r);
  roots.push(...listDir("/usr/local").filter((n) => /^cuda-13/.test(n)).map((n) => `/usr/local/${n}`));
  const dirs = roots.flatMap((r) => TOOLKIT_SUFFIXES.map((s) => `${r}/${s}`));
  // where containers (nvidia-container-toolkit) and WSL mount the driver
  dirs.push("/usr/local/nvidia/lib64", "/usr/lib/wsl/lib");
  return [...new Set(dirs)];
}

const PLACES: readonly Place[] = [
  {
    describe: () => "$DENDRITE_CUDA_LIB_DIR",
    dirs: () => (env("DENDRITE_CUDA_LIB_DIR") ?? "").split(":").filter((d) => d.length > 0),
  },
  { describe: () => "the CUDA toolkit and driver folders", dirs: toolkitDirs },
  {
    describe: () => `nvidia/*/lib in Python's site-packages${pythonNote || ` (${sitePackages().join(", ")})`}`,
    dirs: () => sitePackages().flatMap(nvidiaLibDirs),
  },
  {
    describe: () => `${PIP_TARGET_DIR}/nvidia/*/lib`,
    dirs: () => {
      const h = home();
      return h ? nvidiaLibDirs(`${h}/.cache/dendrite-cuda-libs`) : [];
    },
  },
];

/** Libraries opened only so that others find them by soname; kept open for the process. */
const preloaded: Deno.DynamicLibrary<Record<never, never>>[] = [];

/** Opens what `lib` needs beside it in `dir` (NVRTC's builtins, cuBLASLt). */
function preload(lib: CudaLibrary, dir: string): void {
  for (const name of listDir(dir)) {
    if (lib.preload.some((re) => re.test(name))) preloaded.push(Deno.dlopen(`${dir}/${name}`, {}));
  }
}

/** An opened library and the file it came from (the soname when the loader found it). */
export interface Opened<S extends Deno.ForeignLibraryInterface> {
  path: string;
  library: Deno.DynamicLibrary<S>;
}

function firstLine(e: unknown): string {
  return String((e as Error).message ?? e).split("\n")[0];
}

/**
 * Opens `lib` with `symbols` from the first place that has it; a symbol
 * missing from the file found is an error too (a library of another
 * version).
 */
export function openCudaLibrary<S extends Deno.ForeignLibraryInterface>(lib: CudaLibrary, symbols: S): Opened<S> {
  if (!granted({ name: "ffi" })) {
    throw new CudaLibraryError(`dendrite: loading the ${lib.title} library needs --allow-ffi`);
  }
  const tried: string[] = [];
  const attempt = (path: string, dir: string | null): Opened<S> | null => {
    try {
      if (dir) preload(lib, dir);
      return { path, library: Deno.dlopen(path, symbols) };
    } catch (e) {
      tried.push(`${path}: ${firstLine(e)}`);
      return null;
    }
  };
  const envDirs = PLACES[0].dirs();
  for (const dir of envDirs) {
    const path = `${dir}/${lib.soname}`;
    const found = isFile(path) ? attempt(path, dir) : null;
    if (found) return found;
  }
  const viaLoader = attempt(lib.soname, null);
  if (viaLoader) return viaLoader;
  const looked: string[] = [`${PLACES[0].describe()} (${envDirs.join(":") || "unset"})`, "the loader path"];
  for (const place of PLACES.slice(1)) {
    const dirs = place.dirs();
    for (const dir of dirs) {
      const path = `${dir}/${lib.soname}`;
      const found = isFile(path) ? attempt(path, dir) : null;
      if (found) return found;
    }
    looked.push(`${place.describe()}${dirs.length ? `: ${dirs.join(", ")}` : ""}`);
  }
  throw new CudaLibraryError(
    `dendrite: cannot load the ${lib.title} library ${lib.soname}. Looked in: ${looked.join("; ")}.\n` +
      (tried.length ? `Failed to open:\n  ${tried.join("\n  ")}\n` : "") +
      `${lib.install}. Or set DENDRITE_CUDA_LIB_DIR to the folder that holds ${lib.soname}.`,
  );
}
