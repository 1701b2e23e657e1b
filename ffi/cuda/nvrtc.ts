/**
 * NVRTC (libnvrtc.so.13): compiles kernels/cuda/*.cu to PTX and CUBIN at
 * run time. The compile is bound twice: blocking, for a kernel needed by
 * an op right now, and `nonblocking` (on a worker thread, returning a
 * promise), so that a warm-up compiles every file in parallel.
 */
export const NVRTC_SYMBOLS = {
  nvrtcVersion: { parameters: ["buffer", "buffer"], result: "i32" },
  nvrtcGetErrorString: { parameters: ["i32"], result: "pointer" },
  nvrtcGetNumSupportedArchs: { parameters: ["buffer"], result: "i32" },
  nvrtcGetSupportedArchs: { parameters: ["buffer"], result: "i32" },
  /** prog out, source, name, header count, header sources (char**), header include names (char**). */
  nvrtcCreateProgram: { parameters: ["buffer", "buffer", "buffer", "i32", "buffer", "buffer"], result: "i32" },
  nvrtcCompileProgram: { parameters: ["pointer", "i32", "buffer"], result: "i32" },
  nvrtcCompileProgramAsync: {
    name: "nvrtcCompileProgram",
    parameters: ["pointer", "i32", "buffer"],
    result: "i32",
    nonblocking: true,
  },
  nvrtcGetProgramLogSize: { parameters: ["pointer", "buffer"], result: "i32" },
  nvrtcGetProgramLog: { parameters: ["pointer", "buffer"], result: "i32" },
  nvrtcGetPTXSize: { parameters: ["pointer", "buffer"], result: "i32" },
  nvrtcGetPTX: { parameters: ["pointer", "buffer"], result: "i32" },
  nvrtcGetCUBINSize: { parameters: ["pointer", "buffer"], result: "i32" },
  nvrtcGetCUBIN: { parameters: ["pointer", "buffer"], result: "i32" },
  nvrtcDestroyProgram: { parameters: ["buffer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;
