/**
 * The kernel sources: read from disk, or fetched when dendrite is imported
 * by URL. A fetched set is saved in the cache (an index file per base URL
 * naming the hash it resolved to, and the sources under that hash) so a
 * start with the host unreachable still finds its library.
 */
import { isFile, readJson, writeAtomic } from "./cache.ts";
import { KernelSourceError, notice } from "./errors.ts";
import { granted, permissionError } from "./permissions.ts";
import { KERNEL_SOURCES } from "./sources.ts";

/** How long a start waits for the host before using the saved copy. */
const FETCH_TIMEOUT_MS = 10_000;

/** The kernel sources, keyed by path relative to the repository root. */
export type SourceFiles = Map<string, string>;

/** Sources, and where they were fetched from when imported by URL. */
export interface LoadedSources {
  files: SourceFiles;
  /** The base URL and the hash it resolved to, when fetched just now. */
  fetched?: { url: string; hash: string };
}

/** First `bytes` bytes of SHA-256, as hex. */
export async function shortHash(text: string, bytes = 8): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A short content hash of the sources (the first half of the library's name). */
export function sourceHash(files: SourceFiles): Promise<string> {
  return shortHash(KERNEL_SOURCES.map((k) => `${k}\n${files.get(k)}`).join("\0"));
}

async function fetchText(url: URL): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status} for ${url}`);
  }
  return await res.text();
}

/** Reads the kernel sources, from disk or over HTTP (import by URL). */
export async function readSources(root: URL): Promise<SourceFiles> {
  if (root.protocol === "file:" && !granted({ name: "read", path: root })) {
    throw permissionError(["--allow-read"], { detail: `The kernel sources are in ${root.pathname}.`, firstRun: true });
  }
  const out: SourceFiles = new Map();
  await Promise.all(KERNEL_SOURCES.map(async (rel) => {
    const url = new URL(rel, root);
    out.set(rel, url.protocol === "file:" ? Deno.readTextFileSync(url) : await fetchText(url));
  }));
  return out;
}

const indexPath = async (dir: string, url: string) => `${dir}/sources/${await shortHash(url)}.json`;
const bundlePath = (dir: string, hash: string) => `${dir}/sources/${hash}.json`;

interface IndexEntry {
  url: string;
  hash: string;
  fetched: string;
}

/** The sources saved for a base URL in one of `dirs`, with when they were fetched. */
async function savedSources(url: string, dirs: readonly string[]): Promise<{ files: SourceFiles; fetched: string }> {
  for (const dir of dirs) {
    const entry = readJson<IndexEntry>(await indexPath(dir, url));
    const bundle = entry && readJson<Record<string, string>>(bundlePath(dir, entry.hash));
    // a bundle saved by another version of dendrite may lack a file this one lists
    if (bundle && KERNEL_SOURCES.every((k) => k in bundle)) {
      return { files: new Map(KERNEL_SOURCES.map((k) => [k, bundle[k]])), fetched: entry.fetched };
    }
  }
  throw new KernelSourceError(`no saved copy of the kernel sources from ${url} in ${dirs.join(" or ") || "any cache"}`);
}

/**
 * The sources, fetched when `root` is remote; when fetching fails, the copy
 * saved by an earlier start (said once on stderr).
 */
export async function loadSources(root: URL, caches: readonly string[]): Promise<LoadedSources> {
  if (root.protocol === "file:") return { files: await readSources(root) };
  try {
    const files = await readSources(root);
    return { files, fetched: { url: root.href, hash: await sourceHash(files) } };
  } catch (e) {
    const why = (e as Error).message;
    try {
      const saved = await savedSources(root.href, caches);
      notice(`dendrite: cannot fetch the kernel sources (${why}); using the copy saved on ${saved.fetched}`);
      return { files: saved.files };
    } catch (missing) {
      if (!granted({ name: "net", host: root.host })) {
        throw permissionError(["--allow-net"], { detail: `There is ${(missing as Error).message}.` });
      }
      throw new KernelSourceError(
        `dendrite: cannot fetch the kernel sources (${why}), and ${(missing as Error).message}`,
      );
    }
  }
}

/**
 * Saves fetched sources in `dir` for offline starts, when not already
 * there. Best effort: a cache that cannot be written only costs the
 * offline fallback.
 */
export async function saveSources(dir: string, src: LoadedSources): Promise<void> {
  if (!src.fetched) return;
  const { url, hash } = src.fetched;
  const index = await indexPath(dir, url);
  if (readJson<IndexEntry>(index)?.hash === hash && isFile(bundlePath(dir, hash))) return;
  try {
    Deno.mkdirSync(`${dir}/sources`, { recursive: true });
    writeAtomic(bundlePath(dir, hash), JSON.stringify(Object.fromEntries(src.files)));
    const entry: IndexEntry = { url, hash, fetched: new Date().toISOString() };
    writeAtomic(index, JSON.stringify(entry));
  } catch {
    // the library itself is in place; only the offline fallback is lost
  }
}
