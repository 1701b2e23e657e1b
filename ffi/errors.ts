/**
 * Why the kernel library could not be found, built or loaded, as typed
 * errors, and the one-line notices the loader prints on stderr (stdout is
 * the user program's).
 */

/** Base of every loader error, so callers can catch them as one kind. */
export class KernelLibraryError extends Error {
  override name = "KernelLibraryError";
}

/** The C compiler is missing, or compiling or linking the kernels failed. */
export class KernelBuildError extends KernelLibraryError {
  override name = "KernelBuildError";
}

/** No writable cache folder to build into. */
export class KernelCacheError extends KernelLibraryError {
  override name = "KernelCacheError";
}

/** The kernel sources could not be read, fetched, or found saved offline. */
export class KernelSourceError extends KernelLibraryError {
  override name = "KernelSourceError";
}

/** Deno permissions the loader needs were not granted; `flags` names them. */
export class KernelPermissionError extends KernelLibraryError {
  override name = "KernelPermissionError";
  constructor(message: string, readonly flags: readonly string[]) {
    super(message);
  }
}

const encoder = new TextEncoder();

/** Writes one line to stderr (needs no permission). */
export function notice(line: string): void {
  Deno.stderr.writeSync(encoder.encode(`${line}\n`));
}
