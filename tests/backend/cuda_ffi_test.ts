/**
 * The hand-written CUDA symbol tables (ffi/cuda/) against the real
 * libraries and headers, without a GPU: every symbol resolves when each
 * library is opened (Deno.dlopen fails on a missing one), and every
 * signature agrees with the C prototype in the library's own header
 * (parameter count and each parameter's kind and size: pointer, 8/4/1-byte
 * integer, float, double), checked by compiling static_asserts with the C++
 * compiler. The driver (libcuda.so.1) ships with the NVIDIA driver only:
 * where it is absent its table is checked against cuda.h alone.
 *
 * Needs the pip packages (nvidia-cuda-runtime, nvidia-cublas,
 * nvidia-cudnn-cu13, nvidia-cuda-nvrtc) or a CUDA toolkit; skipped with the
 * reason where they are missing.
 */
import assert from "node:assert/strict";
import { CUBLAS_SYMBOLS } from "../../ffi/cuda/cublas.ts";
import { CUDNN_SYMBOLS } from "../../ffi/cuda/cudnn.ts";
import { DRIVER_SYMBOLS } from "../../ffi/cuda/driver.ts";
import { CudaLibraryError } from "../../ffi/cuda/errors.ts";
import { openCublas, openCudnn, openDriver, openNvrtc, openRuntime } from "../../ffi/cuda/libraries.ts";
import type { Opened } from "../../ffi/cuda/locate.ts";
import { NVRTC_SYMBOLS } from "../../ffi/cuda/nvrtc.ts";
import { RUNTIME_SYMBOLS } from "../../ffi/cuda/runtime.ts";
import { conv2dOutputSize } from "../../src/backend/cpu_nn.ts";
import { convDescriptors } from "../../src/backend/cuda_context.ts";
import { convCallOf } from "../../src/backend/cuda_nn.ts";
import type { Conv2dGeometry } from "../../src/backend/nn_types.ts";
import { compileChecks, hasGxx, SIGNATURE_CHECKER, signatureChecks } from "../helpers/ffi_signature.ts";

type Table = Deno.ForeignLibraryInterface;

/** Opens a library, or says why it cannot be. */
function tryOpen<S extends Table>(open: () => Opened<S>): Opened<S> | string {
  try {
    return open();
  } catch (e) {
    if (e instanceof CudaLibraryError) return e.message.split("\n")[0];
    throw e;
  }
}

const LIBS: { name: string; table: Table; opened: Opened<Table> | string }[] = [
  { name: "cudart", table: RUNTIME_SYMBOLS, opened: tryOpen(openRuntime) },
  { name: "NVRTC", table: NVRTC_SYMBOLS, opened: tryOpen(openNvrtc) },
  { name: "cuBLAS", table: CUBLAS_SYMBOLS, opened: tryOpen(openCublas) },
  { name: "cuDNN", table: CUDNN_SYMBOLS, opened: tryOpen(openCudnn) },
  { name: "CUDA driver", table: DRIVER_SYMBOLS, opened: tryOpen(openDriver) },
];

for (const lib of LIBS) {
  const missing = typeof lib.opened === "string";
  if (missing) console.log(`cuda_ffi_test: ${lib.name} symbols not resolved: ${lib.opened}`);
  Deno.test({
    name: `every ${lib.name} symbol resolves in the real library`,
    ignore: missing,
    fn() {
      const { library, path } = lib.opened as Opened<Table>;
      for (const name of Object.keys(lib.table)) {
        assert.equal(typeof (library.symbols as Record<string, unknown>)[name], "function", `${name} in ${path}`);
      }
    },
  });
}

const cudnn = LIBS.find((l) => l.name === "cuDNN")!.opened;
Deno.test({
  name: "cuDNN (the real library, no GPU needed) reads the backend's convolution descriptors as our geometry",
  ignore: typeof cudnn === "string",
  fn() {
    const d = (cudnn as Opened<typeof CUDNN_SYMBOLS>).library.symbols;
    assert.equal(Math.floor(Number(d.cudnnGetVersion()) / 10000), 9, "cuDNN 9");
    const geometries: Conv2dGeometry[] = [
      {
        n: 2,
        c: 3,
        h: 28,
        w: 28,
        k: 32,
        r: 3,
        s: 3,
        stride: [1, 1],
        padding: [1, 1, 1, 1],
        dilation: [1, 1],
        groups: 1,
      },
      {
        n: 1,
        c: 8,
        h: 17,
        w: 13,
        k: 12,
        r: 5,
        s: 3,
        stride: [2, 3],
        padding: [2, 0, 2, 0],
        dilation: [1, 2],
        groups: 4,
      },
      {
        n: 4,
        c: 64,
        h: 56,
        w: 56,
        k: 64,
        r: 1,
        s: 1,
        stride: [2, 2],
        padding: [0, 0, 0, 0],
        dilation: [1, 1],
        groups: 1,
      },
      { n: 3, c: 6, h: 9, w: 9, k: 6, r: 3, s: 3, stride: [1, 1], padding: [2, 2, 2, 2], dilation: [2, 2], groups: 6 },
    ];
    const dims = new Int32Array(4);
    for (const g of geometries) {
      for (const dtype of ["float32", "float64"] as const) {
        const call = convCallOf("forward", dtype, g, g.h, g.w, [g.padding[0], g.padding[1]]);
        const desc = convDescriptors(call);
        const rc = d.cudnnGetConvolution2dForwardOutputDim(
          desc.conv,
          desc.x,
          desc.filter,
          dims.subarray(0, 1),
          dims.subarray(1, 2),
          dims.subarray(2, 3),
          dims.subarray(3, 4),
        );
        assert.equal(rc, 0, `cudnnGetConvolution2dForwardOutputDim for ${JSON.stringify(g)}`);
        assert.deepEqual([...dims], [g.n, g.k, ...conv2dOutputSize(g)], JSON.stringify(g));
        for (const t of [desc.x, desc.y, desc.bias]) assert.equal(d.cudnnDestroyTensorDescriptor(t), 0);
        assert.equal(d.cudnnDestroyFilterDescriptor(desc.filter), 0);
        assert.equal(d.cudnnDestroyConvolutionDescriptor(desc.conv), 0);
      }
    }
  },
});

// ---------- signatures against the headers ----------

/** The headers the tables are checked against. */
const HEADERS = ["cuda.h", "cuda_runtime_api.h", "cublas_v2.h", "cudnn.h", "nvrtc.h"];

/** The header check: each symbol, by its exported name, matches its prototype and is no macro for another name. */
function checkerSource(): string {
  const heads = HEADERS.map((h) => `#include <${h}>`);
  return [...heads, SIGNATURE_CHECKER, ...LIBS.flatMap((lib) => signatureChecks(lib.table))].join("\n") + "\n";
}

/** Include folders beside the libraries found (pip: nvidia/<pkg>/include), then the toolkit's. */
function includeDirs(): string[] {
  const dirs = new Set<string>();
  for (const lib of LIBS) {
    if (typeof lib.opened === "string" || !lib.opened.path.includes("/")) continue;
    const dir = lib.opened.path.slice(0, lib.opened.path.lastIndexOf("/"));
    dirs.add(`${dir.slice(0, dir.lastIndexOf("/"))}/include`);
  }
  dirs.add("/usr/local/cuda/include");
  return [...dirs].filter((d) => {
    try {
      return Deno.statSync(d).isDirectory;
    } catch {
      return false;
    }
  });
}

function haveHeaders(dirs: string[]): string {
  for (const h of HEADERS) {
    if (
      !dirs.some((d) => {
        try {
          return Deno.statSync(`${d}/${h}`).isFile;
        } catch {
          return false;
        }
      })
    ) return `no ${h} in ${dirs.join(", ") || "any include folder"}`;
  }
  if (!hasGxx()) return "no g++ to compile the header check";
  return "";
}

const DIRS = includeDirs();
const noHeaders = haveHeaders(DIRS);
if (noHeaders) console.log(`cuda_ffi_test: signatures not checked against the headers: ${noHeaders}`);

Deno.test({
  name: "every CUDA symbol's FFI signature matches its C prototype (cuda.h, cudart, cuBLAS, cuDNN, NVRTC headers)",
  ignore: noHeaders !== "",
  async fn() {
    const r = await compileChecks(checkerSource(), DIRS);
    assert.ok(r.ok, `signature mismatches:\n${r.errors}`);
  },
});

Deno.test({
  name: "the header check catches a wrong signature",
  ignore: noHeaders !== "",
  async fn() {
    // cuMemAlloc_v2 takes (CUdeviceptr*, size_t): an i32 size must be refused
    const src = `#include <cuda.h>\n${SIGNATURE_CHECKER}\n` +
      `static_assert(dk::sig(&cuMemAlloc_v2, dk::I32, {dk::P, dk::I32}), "x");\n`;
    assert.ok(!(await compileChecks(src, DIRS)).ok);
  },
});
