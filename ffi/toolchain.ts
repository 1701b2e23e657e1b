/**
 * The C toolchain: the compiler, the optional libraries it can link, and
 * the compile and link steps. Everything that decides what a build
 * produces is gathered in a BuildConfig whose hash names the library, so
 * installing OpenBLAS, switching compilers or changing flags builds anew
 * instead of reusing a library built without them.
 */
import { isFile, readJson, writeAtomic } from "./cache.ts";
import { KernelBuildError } from "./errors.ts";
import { env, envReadable, granted } from "./permissions.ts";
import { CFLAGS, KERNEL_SOURCES } from "./sources.ts";

/** An optional library: linked, with its macros defined, when the linker finds it. */
export interface OptionalLibrary {
  /** Its name in messages. */
  name: string;
  /** The `-l` name. */
  link: string;
  /** Macros the kernels test (`#ifdef`) for code that uses it. */
  defines: readonly string[];
  /** Environment switch that leaves it out (set to anything but "" or "0"). */
  disable: string;
  /** Its development package on Debian/Ubuntu. */
  debian: string;
}

export const OPTIONAL_LIBRARIES: readonly OptionalLibrary[] = [
  {
    name: "OpenBLAS",
    link: "openblas",
    defines: ["DK_HAVE_CBLAS", "DK_HAVE_LAPACK"],
    disable: "DENDRITE_NO_BLAS",
    debian: "libopenblas-dev",
  },
  { name: "oneDNN", link: "dnnl", defines: ["DK_HAVE_DNNL"], disable: "DENDRITE_NO_DNNL", debian: "libdnnl-dev" },
];

/** Everything besides the sources that decides what a build produces. */
export interface BuildConfig {
  /** The compiler command: $CC, else cc. */
  cc: string;
  /** Its `--version` output. */
  compiler: string;
  arch: string;
  /** Compile flags: CFLAGS, the found libraries' macros, then $DENDRITE_CFLAGS (last, so they override). */
  flags: string[];
  /** $DENDRITE_CFLAGS alone, also passed to the link (e.g. -fsanitize=address). */
  userFlags: string[];
  /** `-l` names of the optional libraries found and not disabled. */
  libraries: string[];
}

/** The configuration, or why it cannot be known on this start: missing flags, or no compiler. */
export type ConfigProbe =
  | { config: BuildConfig }
  | { config: null; missingFlags: string[] }
  | { config: null; noCompiler: KernelBuildError };

/** What to install, for messages. */
export const INSTALL_HINT = "Debian/Ubuntu: apt-get install gcc libopenblas-dev";

/** Environment variables the configuration depends on. */
const CONFIG_ENV = ["CC", "PATH", "LIBRARY_PATH", "DENDRITE_CFLAGS", ...OPTIONAL_LIBRARIES.map((l) => l.disable)];

interface RunResult {
  ok: boolean;
  out: string;
  err: string;
}

/** Compiler processes still running, so an interrupted build can stop them. */
const running = new Set<Deno.ChildProcess>();

async function run(cmd: string, args: string[], cwd?: string): Promise<RunResult> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).spawn();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { ok: false, out: "", err: `${cmd}: not found` };
    throw e;
  }
  running.add(child);
  try {
    const r = await child.output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    return { ok: r.success, out: text(r.stdout), err: text(r.stderr) };
  } finally {
    running.delete(child);
  }
}

/** Signals the running compiler processes to stop (gcc then deletes its own temp files). */
export function stopCompilers(): void {
  for (const c of running) {
    try {
      c.kill("SIGTERM");
    } catch {
      // exited already, its output not yet collected
    }
  }
}

const compilerCommand = (): string => env("CC") || "cc";

const isDisabled = (lib: OptionalLibrary): boolean => !["", "0", undefined].includes(env(lib.disable));

/** The linker's search folders, from `cc -print-search-dirs` (gcc and clang print the same line). */
function libraryDirs(searchDirs: string): string[] {
  const line = searchDirs.split("\n").find((l) => l.startsWith("libraries: ="));
  return line ? line.slice("libraries: =".length).split(":").filter(Boolean) : [];
}

/** What running the compiler tells: its identity and the linker's search folders. */
interface Toolchain {
  /** `cc --version` output. */
  compiler: string;
  libraryDirs: string[];
}

/** A probe saved in the cache, valid while `key` (toolchainKey) is unchanged. */
interface SavedToolchain extends Toolchain {
  key: string;
}

const TOOLCHAIN_FILE = "toolchain.json";

/** The command's file: as given when it is a path, else the first on $PATH. */
function which(cmd: string): string | undefined {
  if (cmd.includes("/")) return isFile(cmd) ? cmd : undefined;
  return (env("PATH") ?? "").split(":").filter(Boolean).map((d) => `${d}/${cmd}`).find(isFile);
}

/**
 * What identifies the toolchain without running it: the compiler binary
 * behind `cc` (resolved through links; an upgrade replaces the file) and
 * $LIBRARY_PATH, which the linker searches. Undefined when not found.
 */
function toolchainKey(cc: string): string | undefined {
  const path = which(cc);
  if (!path) return undefined;
  try {
    const real = Deno.realPathSync(path);
    const st = Deno.statSync(real);
    return JSON.stringify([cc, real, st.size, st.mtime?.getTime(), env("LIBRARY_PATH") ?? ""]);
  } catch {
    return undefined;
  }
}

/** Runs the compiler twice (in parallel): --version and -print-search-dirs. */
async function probeToolchain(cc: string): Promise<Toolchain | KernelBuildError> {
  const [version, search] = await Promise.all([run(cc, ["--version"]), run(cc, ["-print-search-dirs"])]);
  if (!version.ok) {
    return new KernelBuildError(
      `dendrite: no C compiler found (${version.err.trim()}). Install one (${INSTALL_HINT}), set CC, ` +
        `or point DENDRITE_LIB at a built library.`,
    );
  }
  return { compiler: version.out, libraryDirs: libraryDirs(search.out) };
}

/** The probe saved in the first of `caches` whose key matches. */
function savedToolchain(key: string, caches: readonly string[]): Toolchain | undefined {
  return caches.map((d) => readJson<SavedToolchain>(`${d}/${TOOLCHAIN_FILE}`)).find((t) => t?.key === key);
}

/** Saves a probe in the first cache folder that takes it; without one, later starts probe again. */
function saveToolchain(saved: SavedToolchain, caches: readonly string[]): void {
  for (const dir of caches) {
    try {
      Deno.mkdirSync(dir, { recursive: true });
      writeAtomic(`${dir}/${TOOLCHAIN_FILE}`, JSON.stringify(saved));
      return;
    } catch {
      // try the next folder
    }
  }
}

/** The configuration a build with this toolchain and the environment's settings gets. */
function configFor(cc: string, toolchain: Toolchain): BuildConfig {
  const found = OPTIONAL_LIBRARIES.filter((l) =>
    !isDisabled(l) && toolchain.libraryDirs.some((d) => isFile(`${d}/lib${l.link}.so`))
  );
  const userFlags = (env("DENDRITE_CFLAGS") ?? "").split(/\s+/).filter(Boolean);
  return {
    cc,
    compiler: toolchain.compiler,
    arch: Deno.build.arch,
    flags: [...CFLAGS, ...found.flatMap((l) => l.defines.map((d) => `-D${d}`)), ...userFlags],
    userFlags,
    libraries: found.map((l) => l.link),
  };
}

/**
 * Finds the compiler and the optional libraries it can link. Running the
 * compiler costs tens of milliseconds per start, so its answers are saved
 * in the cache (`caches`) and reused while the compiler binary is the same;
 * the libraries are looked for afresh each time (a few file checks), so
 * installing one is noticed at once.
 */
export async function detectConfig(caches: readonly string[] = []): Promise<ConfigProbe> {
  const cc = compilerCommand();
  const canRun = granted({ name: "run", command: cc });
  if (!envReadable(CONFIG_ENV)) {
    return { config: null, missingFlags: ["--allow-env", ...(canRun ? [] : ["--allow-run"])] };
  }
  const key = toolchainKey(cc);
  const saved = key === undefined ? undefined : savedToolchain(key, caches);
  if (saved) return { config: configFor(cc, saved) };
  if (!canRun) return { config: null, missingFlags: ["--allow-run"] };
  const probed = await probeToolchain(cc);
  if (probed instanceof KernelBuildError) return { config: null, noCompiler: probed };
  if (key !== undefined) saveToolchain({ key, ...probed }, caches);
  return { config: configFor(cc, probed) };
}

/** The optional libraries in a build, for notices: "with OpenBLAS, oneDNN". */
export function describe(config: BuildConfig): string {
  const names = OPTIONAL_LIBRARIES.filter((l) => config.libraries.includes(l.link)).map((l) => l.name);
  return names.length ? `with ${names.join(", ")}` : `without ${OPTIONAL_LIBRARIES.map((l) => l.name).join(" or ")}`;
}

/** What to do when the link fails with optional libraries in it. */
function linkHint(config: BuildConfig): string {
  return OPTIONAL_LIBRARIES.filter((l) => config.libraries.includes(l.link))
    .map((l) =>
      `If it names ${l.name} symbols, install a complete ${l.debian} or set ${l.disable}=1 to build without it.`
    )
    .join(" ");
}

/**
 * Writes the sources into `dir`, as laid out in the repository.
 * Synchronously: an interrupt handler removing `dir` must not race a
 * pending `mkdir -p` that would bring it back.
 */
export function writeSources(dir: string, files: Map<string, string>): void {
  for (const [rel, text] of files) {
    const p = `${dir}/${rel}`;
    Deno.mkdirSync(p.slice(0, p.lastIndexOf("/")), { recursive: true });
    Deno.writeTextFileSync(p, text);
  }
}

/** Compiles the sources written in `dir` into the shared library `out` (inside `dir`). */
export async function compileLibrary(dir: string, config: BuildConfig, out: string): Promise<void> {
  const cfiles = KERNEL_SOURCES.filter((s) => s.endsWith(".c"));
  // one compiler process per file, in parallel, then one link
  const results = await Promise.all(
    cfiles.map((c) => run(config.cc, [...config.flags, "-c", c, "-o", `${c}.o`], dir)),
  );
  const failed = results.findIndex((r) => !r.ok);
  if (failed >= 0) {
    throw new KernelBuildError(
      `dendrite: compiling ${cfiles[failed]} failed:\n${results[failed].err.trim()}\n` +
        `The kernels need a C11 compiler with OpenMP (${INSTALL_HINT}); set CC to choose another.`,
    );
  }
  const link = await run(config.cc, [
    "-shared",
    "-fopenmp",
    ...config.userFlags,
    // never unmapped: OpenMP worker threads outlive the FFI handle at exit
    "-Wl,-z,nodelete",
    // an unresolved symbol fails here, not as a crash at the first call
    "-Wl,-z,defs",
    "-o",
    out,
    ...cfiles.map((c) => `${c}.o`),
    // optional libraries stay out of the library's dependencies until a kernel uses them
    "-Wl,--as-needed",
    ...config.libraries.map((l) => `-l${l}`),
    "-Wl,--no-as-needed",
    "-lmvec",
    "-lm",
  ], dir);
  if (!link.ok) {
    throw new KernelBuildError(`dendrite: linking the kernels failed:\n${link.err.trim()}\n${linkHint(config)}`.trim());
  }
}
