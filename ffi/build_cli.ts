/**
 * `deno task build`: compiles the kernel library into build/ (where the
 * loader looks first, and what `deno compile --include build` embeds) and
 * prints its path.
 */
import { buildLibrary, libName, readSources, sourceHash } from "./build.ts";

const sources = await readSources();
const out = new URL(`../build/${libName(await sourceHash(sources))}`, import.meta.url).pathname;
await buildLibrary(sources, out);
console.log(out);
