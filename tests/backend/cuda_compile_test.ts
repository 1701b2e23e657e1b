/**
 * The CUDA kernels without a GPU: the source list matches kernels/cuda/,
 * NVRTC compiles every file for sm_90 (H100/H200) to PTX and CUBIN, the
 * PTX has exactly the entry points the backend launches (one per op and
 * dtype the shared tables in kernels/include/ops.h allow, as the CPU
 * library reports them), each kernel's parameter has the size of the
 * struct src/backend/cuda_meta.ts packs, and every field sits at the
 * offset cuda_meta.ts writes it to (offsetof checks compiled by NVRTC).
 *
 * The first run compiles for a while (about a minute of CPU); results are
 * cached by content hash, so later runs only read them. Needs NVRTC (pip
 * install nvidia-cuda-nvrtc); skipped with the reason where it is missing.
 */
import assert from "node:assert/strict";
import { CudaLibraryError } from "../../ffi/cuda/errors.ts";
import { openNvrtc } from "../../ffi/cuda/libraries.ts";
import { CUDA_HEADER_FILES, CUDA_KERNEL_FILES } from "../../ffi/cuda/sources.ts";
import { loopOut, OP_CODES } from "../../src/backend/cpu.ts";
import {
  compileKernelImages,
  CUDA_MODULES,
  type KernelImage,
  ptxEntries,
  ptxParamSizes,
} from "../../src/backend/cuda_compile.ts";
import { LAYOUT } from "../../src/backend/cuda_meta.ts";
import { DTYPE_BY_CODE } from "../../src/core/dtype.ts";
import { paramSize } from "./cuda_emulator.ts";

const ROOT = new URL("../../", import.meta.url);
const ARCH = 90;

let missing = "";
try {
  openNvrtc();
} catch (e) {
  if (!(e instanceof CudaLibraryError)) throw e;
  missing = e.message.split("\n")[0];
  console.log(`cuda_compile_test: NVRTC tests skipped: ${missing}`);
}

Deno.test("ffi/cuda/sources.ts lists every file of kernels/cuda/", () => {
  const files = [...Deno.readDirSync(new URL("kernels/cuda/", ROOT))].map((e) => `kernels/cuda/${e.name}`).sort();
  const listed = [
    ...CUDA_KERNEL_FILES,
    ...Object.values(CUDA_HEADER_FILES).filter((f) => f.startsWith("kernels/cuda/")),
  ].sort();
  assert.deepEqual(listed, files);
  for (const f of Object.values(CUDA_HEADER_FILES)) assert.ok(Deno.statSync(new URL(f, ROOT)).isFile, f);
});

/** The kernels the backend launches, by module (the names src/backend/cuda.ts builds). */
function expectedEntries(): Map<string, Set<string>> {
  const all = DTYPE_BY_CODE;
  const floats = ["float32", "float64"];
  const out = new Map<string, Set<string>>();
  const add = (module: string, names: string[]) => out.set(module, new Set(names));
  const elementwise = (kind: "unary" | "binary") =>
    [...OP_CODES[kind]].flatMap(([name, code]) =>
      all.filter((d) => loopOut[kind](code, d) !== undefined).map((d) => `dk_${kind}_${name}_${d}`)
    );
  add("unary", elementwise("unary"));
  add("binary", elementwise("binary"));
  add("copy", [
    ...all.flatMap((s) => all.map((d) => `dk_cast_${s}_${d}`)),
    ...[8, 32, 64].flatMap((b) => [`dk_where_${b}`, `dk_fill_${b}`]),
  ]);
  add("reduce", [
    ...[...OP_CODES.reduce.keys()].flatMap((op) =>
      all.flatMap((d) => [`dk_reduce_${op}_${d}`, `dk_reduce_fin_${op}_${d}`])
    ),
    ...["argmax", "argmin"].flatMap((op) => all.flatMap((d) => [`dk_${op}_${d}`, `dk_${op}_fin_${d}`])),
  ]);
  add("scan", all.flatMap((d) => [`dk_cumsum_${d}`, `dk_cumprod_${d}`]));
  add("softmax", floats.map((d) => `dk_softmax_${d}`));
  add("index", [
    ...[8, 32, 64].map((b) => `dk_index_copy_${b}`),
    ...all.flatMap((d) => [`dk_index_add_${d}`, `dk_index_mul_${d}`]),
  ]);
  add("pool", floats.flatMap((d) => ["max", "max_bwd", "avg", "avg_bwd"].map((k) => `dk_pool_${k}_${d}`)));
  add("batchnorm", floats.flatMap((d) => [`dk_bn_fwd_${d}`, `dk_bn_apply_${d}`, `dk_bn_bwd_${d}`]));
  add("sort", all.map((d) => `dk_rank_sort_${d}`));
  add("random", floats.map((d) => `dk_dropout_noise_${d}`));
  add("optim", floats.flatMap((d) => [`dk_sgd_step_${d}`, `dk_adam_step_${d}`]));
  return out;
}

let images: KernelImage[] | null = null;
async function compiled(): Promise<KernelImage[]> {
  return images ??= await compileKernelImages(ARCH);
}

Deno.test({
  name: `NVRTC compiles every kernel file for sm_${ARCH}, with exactly the entry points the backend launches`,
  ignore: missing !== "",
  async fn() {
    const imgs = await compiled();
    assert.deepEqual(imgs.map((i) => i.module), [...CUDA_MODULES]);
    const expected = expectedEntries();
    assert.deepEqual([...expected.keys()].sort(), [...CUDA_MODULES].sort());
    for (const img of imgs) {
      assert.match(img.ptx, new RegExp(`\\.target\\s+sm_${ARCH}\\b`));
      assert.ok(img.cubin.length > 0 && img.cubin[0] === 0x7f && img.cubin[1] === 0x45, `${img.module}: CUBIN is ELF`);
      const have = ptxEntries(img.ptx);
      const want = expected.get(img.module)!;
      assert.deepEqual([...want].filter((e) => !have.includes(e)), [], `${img.module}.cu lacks kernels`);
      assert.deepEqual(have.filter((e) => !want.has(e)), [], `${img.module}.cu has kernels nothing launches`);
    }
  },
});

Deno.test({
  name: "every kernel takes one struct of the size cuda_meta.ts packs",
  ignore: missing !== "",
  async fn() {
    for (const img of await compiled()) {
      const sizes = ptxParamSizes(img.ptx);
      assert.equal(sizes.size, ptxEntries(img.ptx).length, `${img.module}: every kernel has a single struct parameter`);
      for (const [entry, size] of sizes) assert.equal(size, paramSize(entry), entry);
    }
  },
});

/** offsetof/sizeof checks of every field cuda_meta.ts writes (NVRTC has no offsetof: the host compiler checks). */
function layoutChecks(): string {
  const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const lines = ["#include <cstddef>", '#include "args.cuh"'];
  const check = (struct: string, fields: Record<string, number>) => {
    for (const [k, v] of Object.entries(fields)) {
      const what = k === "size" ? `sizeof(${struct})` : `offsetof(${struct}, ${snake(k)})`;
      lines.push(`static_assert(${what} == ${v}, "${struct}.${k} is not at ${v}");`);
    }
  };
  for (const n of [1, 2, 3, 4]) check(`EwArgs<${n}>`, LAYOUT.ew(n));
  check("FillArgs", LAYOUT.fill);
  check("RedArgs", LAYOUT.red);
  check("RowArgs", LAYOUT.row);
  check("IndexArgs", LAYOUT.index);
  check("PoolArgs", LAYOUT.pool);
  check("BnArgs", LAYOUT.bn);
  check("SortArgs", LAYOUT.sort);
  check("RandArgs", LAYOUT.rand);
  check("OptimArgs", LAYOUT.optim);
  return lines.join("\n") + "\n";
}

let noCxx = "";
try {
  if (!new Deno.Command("g++", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync().success) {
    noCxx = "g++ does not run";
  }
} catch {
  noCxx = "no g++";
}
if (noCxx) console.log(`cuda_compile_test: struct layouts not checked: ${noCxx}`);

Deno.test({
  name: "the argument structs' fields sit where cuda_meta.ts writes them",
  ignore: noCxx !== "",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "dendrite-cuda-layout-" });
    try {
      await Deno.writeTextFile(`${dir}/layout.cpp`, layoutChecks());
      const include = new URL("kernels/cuda/", ROOT).pathname;
      const args = ["-std=c++17", "-fsyntax-only", `-I${include}`, `${dir}/layout.cpp`];
      const out = await new Deno.Command("g++", { args, stdout: "piped", stderr: "piped" }).output();
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
