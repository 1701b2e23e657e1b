/**
 * The cache folders built libraries live in, and the build lock. The
 * preferred folder is $DENDRITE_CACHE, else $XDG_CACHE_HOME/dendrite, else
 * ~/.cache/dendrite; when it cannot be written, a private per-user folder
 * under $TMPDIR. Builds into a folder take its lock file, so concurrent
 * cold starts compile once, and work in a `.build-*` folder inside it,
 * which the next lock holder removes if its builder died.
 */
import { KernelCacheError, notice } from "./errors.ts";
import { env, envReadable, granted } from "./permissions.ts";

/** Prefix of the folders builds work in, inside the cache folder. */
export const BUILD_PREFIX = ".build-";
const LOCK_NAME = ".build.lock";

/** Whether `path` is a file (following links); false when it cannot be checked. */
export function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** A JSON file's content; undefined when missing or unreadable. */
export function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(Deno.readTextFileSync(path)) as T;
  } catch {
    return undefined;
  }
}

/** Writes through a temp name and a rename, so concurrent readers see the old or the new file whole. */
export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${crypto.randomUUID()}.tmp`;
  Deno.writeTextFileSync(tmp, text);
  Deno.renameSync(tmp, path);
}

/** The cache folder the environment asks for; null without --allow-env to read it. */
export function preferredCacheDir(): string | null {
  if (!envReadable(["DENDRITE_CACHE", "XDG_CACHE_HOME", "HOME"])) return null;
  const explicit = env("DENDRITE_CACHE");
  if (explicit) return explicit;
  const xdg = env("XDG_CACHE_HOME");
  if (xdg) return `${xdg}/dendrite`;
  const home = env("HOME");
  return home ? `${home}/.cache/dendrite` : `${Deno.cwd()}/.cache/dendrite`;
}

/**
 * The per-user fallback under $TMPDIR; null when this process may not learn
 * its user id (--allow-sys), without which the folder's owner cannot be checked.
 */
function tempCacheDir(): string | null {
  if (!granted({ name: "sys", kind: "uid" })) return null;
  return `${env("TMPDIR") || "/tmp"}/dendrite-cache-${Deno.uid()}`;
}

/**
 * Whether `dir` is a real folder owned by this user and writable by no one
 * else. /tmp is shared: a folder another user made there could hold a
 * planted library, which loading would run as this user.
 */
function isPrivate(dir: string): boolean {
  try {
    const st = Deno.lstatSync(dir);
    return st.isDirectory && st.uid === Deno.uid() && ((st.mode ?? 0) & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Folders that may hold built libraries, in search order. */
export function cacheDirs(): string[] {
  const temp = tempCacheDir();
  return [preferredCacheDir(), temp && isPrivate(temp) ? temp : null].filter((d): d is string => d !== null);
}

/** Opens (creating) the lock file of `dir`; the error says why the folder cannot be written. */
function openLock(dir: string, mode?: number): Deno.FsFile {
  Deno.mkdirSync(dir, { recursive: true, mode });
  return Deno.openSync(`${dir}/${LOCK_NAME}`, { create: true, write: true });
}

/** A cache folder open for building: its path and its (not yet taken) lock. */
export interface OpenCache {
  dir: string;
  lock: Deno.FsFile;
}

/**
 * The folder to build in: `dir` when it can be written, else, when `dir`
 * is the preferred cache, the private temp folder, said once on stderr.
 * Checked before compiling, so an unwritable cache fails in a moment, not
 * after the compile.
 */
export function openCache(dir: string): OpenCache {
  try {
    return { dir, lock: openLock(dir) };
  } catch (e) {
    const why = (e as Error).message;
    const preferred = dir === preferredCacheDir();
    const temp = preferred ? openTempCache() : null;
    if (!temp) {
      throw new KernelCacheError(
        `dendrite: cannot write ${dir} (${why}).` +
          (preferred ? " Set DENDRITE_CACHE to a writable folder, or point DENDRITE_LIB at a built library." : ""),
      );
    }
    notice(`dendrite: cannot write ${dir} (${why}); caching the kernels in ${temp.dir} (set DENDRITE_CACHE to choose)`);
    return temp;
  }
}

function openTempCache(): OpenCache | null {
  const dir = tempCacheDir();
  if (!dir || !granted({ name: "write", path: dir })) return null;
  try {
    const lock = openLock(dir, 0o700);
    if (isPrivate(dir)) return { dir, lock };
    lock.close();
  } catch {
    // fall through: no usable temp folder either
  }
  return null;
}

/**
 * Runs `fn` holding the cache folder's build lock (flock: the kernel frees
 * it when its holder dies, so a crashed builder never blocks the next).
 */
export async function withBuildLock<T>(cache: OpenCache, fn: () => Promise<T>): Promise<T> {
  try {
    if (!(await cache.lock.tryLock(true))) {
      notice(`dendrite: waiting for another process compiling the kernels (${cache.dir}/${LOCK_NAME})...`);
      await cache.lock.lock(true);
    }
    return await fn();
  } finally {
    cache.lock.close(); // releases the lock
  }
}

/** Removes build folders left by builders that died; call holding the lock. */
export function removeStaleBuilds(dir: string): void {
  for (const e of Deno.readDirSync(dir)) {
    if (e.name.startsWith(BUILD_PREFIX)) Deno.removeSync(`${dir}/${e.name}`, { recursive: true });
  }
}

/** Blocks this thread: an interrupt handler must not yield to the build it is undoing. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Removes a build folder. Retried for up to half a second: after an
 * interrupt, an assembler started by a compiler being stopped may still
 * write its object file meanwhile. What remains, the next build removes.
 */
export function removeBuild(dir: string): void {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      Deno.removeSync(dir, { recursive: true });
      return;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      sleepSync(50);
    }
  }
}

const EXIT_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/**
 * Runs `cleanup` then exits if the process is interrupted before the
 * returned function is called (exit status 128 + signal, as the shell's).
 * `cleanup` is synchronous so the interrupted work cannot resume meanwhile.
 */
export function onInterrupt(cleanup: () => void): () => void {
  const handlers = Object.entries(EXIT_SIGNALS).map(([sig, no]) => {
    const h = () => {
      cleanup();
      Deno.exit(128 + no);
    };
    Deno.addSignalListener(sig as Deno.Signal, h);
    return [sig as Deno.Signal, h] as const;
  });
  return () => handlers.forEach(([sig, h]) => Deno.removeSignalListener(sig, h));
}
