/**
 * Finds or builds the native kernel library. Its file name carries a hash
 * of the kernel sources and one of the build configuration (compiler,
 * flags, optional libraries found: toolchain.ts), so a stale library is
 * never loaded. Search order: $DENDRITE_LIB, then `build/` beside the
 * sources (what `deno task build` writes and `deno compile --include
 * build` embeds), then the cache folders (cache.ts), and last a fresh
 * build into the cache. A start that cannot tell the configuration (no
 * compiler, no --allow-env, or no --allow-run and no saved probe) takes
 * any library built from these sources.
 */
import {
  BUILD_PREFIX,
  cacheDirs,
  isFile,
  onInterrupt,
  openCache,
  preferredCacheDir,
  removeBuild,
  removeStaleBuilds,
  withBuildLock,
} from "./cache.ts";
import { notice } from "./errors.ts";
import { loadSources, readSources, saveSources, shortHash, type SourceFiles, sourceHash } from "./kernel_sources.ts";
import { env, granted, permissionError } from "./permissions.ts";
import {
  type BuildConfig,
  compileLibrary,
  type ConfigProbe,
  describe,
  detectConfig,
  stopCompilers,
  writeSources,
} from "./toolchain.ts";

const ROOT = new URL("../", import.meta.url);

/** The library's file name: the source hash, then the configuration's. */
export const libName = (source: string, config: string): string => `libdendrite-${source}-${config}.so`;

/** A short hash of everything besides the sources that shapes the library. */
export const configHash = (config: BuildConfig): Promise<string> => shortHash(JSON.stringify(config), 4);

/** Folders that may hold the library, in search order: build/ when `root` is local, then the caches. */
export function libraryFolders(root: URL, caches: readonly string[]): string[] {
  return [...(root.protocol === "file:" ? [new URL("build", root).pathname] : []), ...caches];
}

/** The newest library built from `source` (any configuration) in the first folder that has one. */
function anyConfigLibrary(source: string, folders: readonly string[]): string | undefined {
  for (const dir of folders) {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(dir)];
    } catch {
      continue;
    }
    const built = entries.filter((e) => e.name.startsWith(`libdendrite-${source}-`) && e.name.endsWith(".so"))
      .map((e) => ({ path: `${dir}/${e.name}`, mtime: Deno.statSync(`${dir}/${e.name}`).mtime?.getTime() ?? 0 }))
      .sort((a, b) => b.mtime - a.mtime);
    if (built.length) return built[0].path;
  }
  return undefined;
}

/** Why no library can be built on this start. */
function cannotBuild(probe: Exclude<ConfigProbe, { config: BuildConfig }>): Error {
  if ("noCompiler" in probe) return probe.noCompiler;
  const cache = preferredCacheDir();
  const write = granted(cache ? { name: "write", path: cache } : { name: "write" }) ? [] : ["--allow-write"];
  return permissionError([...probe.missingFlags, ...write], {
    detail: "No kernel library built from these sources was found, and building one needs them.",
  });
}

/**
 * Checks, before any work, every permission building `name` into `dir`
 * needs, and names all that are missing in one error.
 */
function requireBuildPermissions(dir: string | null, name: string, cc: string): asserts dir is string {
  const missing = [
    ...(dir === null ? ["--allow-env"] : []),
    ...(dir !== null && granted({ name: "write", path: dir }) ? [] : ["--allow-write"]),
    ...(granted({ name: "run", command: cc }) ? [] : ["--allow-run"]),
    ...(dir !== null && granted({ name: "ffi", path: `${dir}/${name}` }) ? [] : ["--allow-ffi"]),
  ];
  if (missing.length) throw permissionError(missing, { detail: "Building the kernel library needs them." });
}

/**
 * Builds the library `name` into the cache folder `dir` (or its temp
 * fallback, see openCache), unless a process this one waited for built it
 * meanwhile. Returns its path.
 */
export async function buildLibrary(
  files: SourceFiles,
  config: BuildConfig,
  dir: string | null,
  name: string,
): Promise<string> {
  requireBuildPermissions(dir, name, config.cc);
  const cache = openCache(dir);
  const out = `${cache.dir}/${name}`;
  return await withBuildLock(cache, async () => {
    if (isFile(out)) return out;
    removeStaleBuilds(cache.dir);
    const work = await Deno.makeTempDir({ dir: cache.dir, prefix: BUILD_PREFIX });
    const stopWatching = onInterrupt(() => {
      stopCompilers();
      removeBuild(work);
    });
    try {
      notice(`dendrite: compiling kernels ${describe(config)} (first run only, ~20 s)...`);
      writeSources(work, files);
      await compileLibrary(work, config, `${work}/${name}`);
      // same folder, so the rename is atomic: a reader sees no file or a whole one
      await Deno.rename(`${work}/${name}`, out);
      return out;
    } finally {
      stopWatching();
      removeBuild(work);
    }
  });
}

/** `deno task build`: builds (if not current) the library into `dir` and returns its path. */
export async function buildInto(dir: string, root: URL = ROOT): Promise<string> {
  const files = await readSources(root);
  const probe = await detectConfig(cacheDirs());
  if (!probe.config) throw cannotBuild(probe);
  const name = libName(await sourceHash(files), await configHash(probe.config));
  return await buildLibrary(files, probe.config, dir, name);
}

/** Returns the path of an up-to-date library, building it if needed. */
export async function locateLibrary(): Promise<string> {
  const envLib = env("DENDRITE_LIB");
  if (envLib) return envLib;
  const caches = cacheDirs();
  const sources = await loadSources(ROOT, caches);
  const source = await sourceHash(sources.files);
  const folders = libraryFolders(ROOT, caches);
  const probe = await detectConfig(caches);
  if (!probe.config) {
    const any = anyConfigLibrary(source, folders);
    if (any) return any;
    throw cannotBuild(probe);
  }
  const name = libName(source, await configHash(probe.config));
  const found = folders.find((d) => isFile(`${d}/${name}`));
  if (found !== undefined) {
    await saveSources(found, sources);
    return `${found}/${name}`;
  }
  const out = await buildLibrary(sources.files, probe.config, preferredCacheDir(), name);
  await saveSources(out.slice(0, out.lastIndexOf("/")), sources);
  return out;
}
