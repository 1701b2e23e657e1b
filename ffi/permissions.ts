/**
 * Permission checks for the loader. States are queried, never requested:
 * a prompt per environment variable or file would be worse than one
 * message that names every missing flag.
 */
import { KernelPermissionError } from "./errors.ts";

/** Whether a permission is granted, without prompting. */
export function granted(desc: Deno.PermissionDescriptor): boolean {
  return Deno.permissions.querySync(desc).state === "granted";
}

/** An environment variable, or undefined when unset or not permitted. */
export function env(name: string): string | undefined {
  return granted({ name: "env", variable: name }) ? Deno.env.get(name) : undefined;
}

/** Whether every one of these environment variables may be read. */
export function envReadable(names: readonly string[]): boolean {
  return names.every((variable) => granted({ name: "env", variable }));
}

/** What each flag is needed for, in messages. */
const USES: Record<string, string> = {
  "--allow-ffi": "to load the kernel library",
  "--allow-read": "to read the kernel sources and find the library",
  "--allow-env":
    "to find the kernel cache (DENDRITE_CACHE, XDG_CACHE_HOME or HOME) and read CC and DENDRITE_* settings",
  "--allow-run": "to run the C compiler (first run only)",
  "--allow-write": "to write the compiled library to the cache (first run only)",
  "--allow-net": "to fetch the kernel sources (dendrite imported by URL)",
};

/** Flags every start needs, then those only a build needs, with the query that tells whether each is granted. */
const EVERY_START: readonly [string, Deno.PermissionDescriptor][] = [
  ["--allow-ffi", { name: "ffi" }],
  ["--allow-read", { name: "read" }],
  ["--allow-env", { name: "env" }],
];
const FIRST_RUN: readonly [string, Deno.PermissionDescriptor][] = [
  ["--allow-run", { name: "run" }],
  ["--allow-write", { name: "write" }],
];

/**
 * The error for a step that the `missing` flags blocked. It also names the
 * other flags a start needs that are not granted (with `firstRun`, those a
 * build needs too), so one rerun suffices.
 */
export function permissionError(
  missing: readonly string[],
  opts: { detail?: string; firstRun?: boolean } = {},
): KernelPermissionError {
  const others = [...EVERY_START, ...(opts.firstRun ? FIRST_RUN : [])].filter(([, d]) => !granted(d)).map(([f]) => f);
  // a fixed order (that of USES), so the message does not depend on which check failed first
  const order = Object.keys(USES);
  const flags = [...new Set([...missing, ...others])].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const lines = [
    `dendrite: missing permission${flags.length > 1 ? "s" : ""} ${flags.join(", ")}.${
      opts.detail ? ` ${opts.detail}` : ""
    }`,
    ...flags.map((f) => `  ${f}: ${USES[f]}`),
    `Run with ${flags.join(" ")}, or with -A.`,
  ];
  return new KernelPermissionError(lines.join("\n"), flags);
}
