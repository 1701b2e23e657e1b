/** The child process of `downloadSync`: downloads the resources given as JSON, exits 1 with the error on stderr. */
import { downloadResource, type Resource } from "./download.ts";

if (import.meta.main) {
  const { dir, resources } = JSON.parse(Deno.args[0]) as { dir: string; resources: Resource[] };
  try {
    for (const r of resources) await downloadResource(dir, r);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    Deno.exit(1);
  }
}
