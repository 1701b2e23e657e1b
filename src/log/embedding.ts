/**
 * The Projector's files for one embedding, as PyTorch's add_embedding lays
 * them out: `<logdir>/<step, zero-filled to 5>/<tag, %-encoded>/` holds
 * tensors.tsv, metadata.tsv and sprite.png, and projector_config.pbtxt in
 * the logdir points at them.
 */
import type { Step } from "./args.ts";
import { imageLayout, type PixelSource, renderPng } from "./image.ts";
import { atomicWriteText, inside } from "./paths.ts";
import { concat } from "./protobuf.ts";

/** One embedding: rows of `mat` with optional labels and thumbnails. */
export interface Embedding {
  mat: { data: Float64Array; shape: number[] };
  metadata?: readonly unknown[];
  metadataHeader?: readonly unknown[];
  /** Thumbnails, NCHW, one per row of `mat`. */
  labelImg?: PixelSource;
  step: Step;
  tag: string;
}

/** Python's str(step).zfill(5). */
function zfill(step: Step): string {
  const s = String(step);
  return s.startsWith("-") ? "-" + s.slice(1).padStart(4, "0") : s.padStart(5, "0");
}

/** PyTorch's SummaryWriter._encode: %-escapes "%", "/" and "\" so a tag is one folder name. */
const encodeTag = (tag: string) => tag.replaceAll("%", "%25").replaceAll("/", "%2f").replaceAll("\\", "%5c");

/** A protobuf text-format string literal (quotes, backslashes and control characters escaped). */
function pbtxtString(s: string): string {
  const esc = s.replace(
    // deno-lint-ignore no-control-regex -- control characters are exactly what must be escaped
    /[\x00-\x1f"\\]/g,
    (c) => (c === '"' || c === "\\" ? `\\${c}` : `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`),
  );
  return `"${esc}"`;
}

/** metadata.tsv: one label per row, or a header row and tab-separated columns. */
function metadataTsv(n: number, rows: readonly unknown[], header?: readonly unknown[]): string {
  if (rows.length !== n) throw new RangeError(`addEmbedding(): ${rows.length} metadata labels for ${n} data points`);
  if (!header) return rows.map(String).join("\n") + "\n";
  const lines = [header, ...rows].map((r, i) => {
    if (!Array.isArray(r) || r.length !== header.length) {
      throw new RangeError(
        `addEmbedding(): metadata row ${i - 1} must be an array of ${header.length} columns (metadataHeader)`,
      );
    }
    return r.join("\t");
  });
  return lines.join("\n") + "\n";
}

/**
 * Writes one embedding's files under `logdir`; returns its `embeddings { ... }` entry for projector_config.pbtxt.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeEmbedding } from "./embedding.ts";
 * const dir = await Deno.makeTempDir();
 * const mat = { data: new Float64Array([1, 2, 3, 4]), shape: [2, 2] };
 * const cfg = writeEmbedding(dir, { mat, metadata: ["a", "b"], step: 0, tag: "points" });
 * assert.equal(cfg.includes('tensor_path: "00000/points/tensors.tsv"'), true);
 * ```
 */
export function writeEmbedding(logdir: string, e: Embedding): string {
  const { data, shape } = e.mat;
  if (shape.length !== 2) {
    throw new RangeError(`addEmbedding(): mat must be 2-d (points x features), got shape [${shape}]`);
  }
  const [n, dim] = shape;
  const sub = `${zfill(e.step)}/${encodeTag(e.tag)}`;
  const dir = inside(logdir, sub, `addEmbedding(): tag ${JSON.stringify(e.tag)}`);
  Deno.mkdirSync(dir, { recursive: true });
  const rows: string[] = [];
  for (let i = 0; i < n; i++) rows.push(data.subarray(i * dim, (i + 1) * dim).join("\t"));
  atomicWriteText(`${dir}/tensors.tsv`, rows.join("\n") + "\n");
  let cfg = `embeddings {\n  tensor_name: ${pbtxtString(`${e.tag}:${zfill(e.step)}`)}\n  tensor_path: ${
    pbtxtString(`${sub}/tensors.tsv`)
  }\n`;
  if (e.metadata) {
    atomicWriteText(`${dir}/metadata.tsv`, metadataTsv(n, e.metadata, e.metadataHeader));
    cfg += `  metadata_path: ${pbtxtString(`${sub}/metadata.tsv`)}\n`;
  }
  if (e.labelImg) {
    const l = imageLayout("addEmbedding(): labelImg", e.labelImg.shape, "NCHW");
    if (l.n !== n) throw new RangeError(`addEmbedding(): ${l.n} label images for ${n} data points`);
    const { png } = renderPng(e.labelImg, l, Math.ceil(Math.sqrt(n)));
    Deno.writeFileSync(`${dir}/sprite.png`, concat(png));
    cfg += `  sprite {\n    image_path: ${
      pbtxtString(`${sub}/sprite.png`)
    }\n    single_image_dim: ${l.w}\n    single_image_dim: ${l.h}\n  }\n`;
  }
  return cfg + "}\n";
}
