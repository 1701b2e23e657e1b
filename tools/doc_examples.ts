/**
 * The code blocks that `deno test --doc` would run, found the way it finds
 * them: fenced `ts` and `js` blocks inside JSDoc comments of the
 * repository's TypeScript files and in its Markdown files, skipping blocks
 * marked `ignore`. `tests/doc_examples_test.ts` runs them
 * all in one isolate: a block is a module of a few lines, and starting a
 * fresh isolate that loads the library for each one cost the suite more
 * than half its time.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractBlocks } from "./doc_examples.ts";
 * const fence = "\x60".repeat(3); // a literal fence would end this example
 * const src = `/**\n * @example\n * ${fence}ts\n * const x = 1;\n * ${fence}\n *\u002f\nexport const y = 2;\n`;
 * assert.deepEqual(extractBlocks(src, "a.ts").map((b) => [b.line, b.code]), [[3, "const x = 1;\n"]]);
 * ```
 */
import { relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** One runnable code block: where it is, and its source. */
export interface DocBlock {
  /** The file holding it, relative to the repository root. */
  file: string;
  /** The 1-based line of its opening fence. */
  line: number;
  /** Its source, with the comment's leading `*` removed. */
  code: string;
  /** Whether it is JavaScript rather than TypeScript. */
  js: boolean;
}

const RUNNABLE = new Set(["ts", "typescript", "mts", "cts", "js", "javascript", "mjs", "cjs"]);
const JS = new Set(["js", "javascript", "mjs", "cjs"]);

/** The runnable blocks among `lines`, numbered from `firstLine`. */
function fencedBlocks(lines: string[], firstLine: number, file: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const [lang = "", ...attrs] = open[2].trim().split(/[\s,]+/);
    let end = i + 1;
    while (end < lines.length && !lines[end].startsWith(fence)) end++;
    if (RUNNABLE.has(lang.toLowerCase()) && !attrs.includes("ignore")) {
      const body = lines.slice(i + 1, end);
      blocks.push({ file, line: firstLine + i, code: body.map((l) => l + "\n").join(""), js: JS.has(lang) });
    }
    i = end;
  }
  return blocks;
}

/** The runnable blocks in the JSDoc comments of a TypeScript source (`file` names it in the result). */
export function extractBlocks(source: string, file: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const m of source.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const firstLine = source.slice(0, m.index).split("\n").length;
    // the comment's lines without the opening `/**`, the closing `*/` and each line's leading ` * `
    const lines = m[0].slice(3, -2).split("\n").map((l) => l.replace(/^\s*\* ?/, ""));
    blocks.push(...fencedBlocks(lines, firstLine, file));
  }
  return blocks;
}

/** The runnable blocks of a Markdown document. */
export function extractMarkdownBlocks(source: string, file: string): DocBlock[] {
  return fencedBlocks(source.split("\n"), 1, file);
}

/** Folders never searched: build output, caches, and what git or npm keeps. */
const SKIP = new Set(["build", ".cache", ".carry", ".git", "node_modules"]);

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  const entries = [];
  for await (const e of Deno.readDir(dir)) entries.push(e);
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const e of entries) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory && !SKIP.has(e.name)) yield* sourceFiles(path);
    else if (e.isFile && /\.(ts|md)$/.test(e.name)) yield path;
  }
}

/** Every runnable block under `root`, in file order. */
export async function docBlocks(root: string): Promise<DocBlock[]> {
  const blocks: DocBlock[] = [];
  for await (const path of sourceFiles(root)) {
    const file = relative(root, path);
    const text = await Deno.readTextFile(path);
    blocks.push(...(path.endsWith(".md") ? extractMarkdownBlocks(text, file) : extractBlocks(text, file)));
  }
  return blocks;
}

/**
 * A block's source with its relative imports made absolute, so that it runs
 * from anywhere as it would next to `file` (under `root`).
 */
export function withAbsoluteImports(block: DocBlock, root: string): string {
  const base = resolve(root, block.file, "..");
  return block.code.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*)\2/g,
    (_, head: string, quote: string, spec: string) =>
      `${head}${quote}${pathToFileURL(resolve(base, spec)).href}${quote}`,
  );
}

/** The repository root (this file's parent folder). */
export const REPO_ROOT: string = resolve(fileURLToPath(import.meta.url), "..", "..");
