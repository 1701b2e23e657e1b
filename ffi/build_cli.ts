/**
 * `deno task build`: compiles the kernel library into build/ (where the
 * loader looks first, and what `deno compile --include build` embeds),
 * unless it is already there, and prints its path.
 */
import { buildInto } from "./build.ts";

console.log(await buildInto(new URL("../build", import.meta.url).pathname));
