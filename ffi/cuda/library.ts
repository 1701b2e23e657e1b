/**
 * What the loader needs to know about each CUDA library: its soname, the
 * libraries it opens by name at run time (which must be loaded first when
 * it is found outside the loader path), and what to install when missing.
 */

/** One shared library of the CUDA stack. */
export interface CudaLibrary {
  /** Its name in messages. */
  readonly title: string;
  /** The file name the loader knows it by. */
  readonly soname: string;
  /**
   * File names (patterns) in the same folder that must be opened first:
   * NVRTC opens its builtins by name without a run path, and a toolkit's
   * cuBLAS needs cuBLASLt beside it.
   */
  readonly preload: readonly RegExp[];
  /** What provides it, for the error that says it is missing. */
  readonly install: string;
}

export const DRIVER: CudaLibrary = {
  title: "CUDA driver",
  soname: "libcuda.so.1",
  preload: [],
  install: "It ships with the NVIDIA driver, not with pip or the CUDA toolkit: install the driver for your GPU",
};

export const CUDART: CudaLibrary = {
  title: "CUDA runtime",
  soname: "libcudart.so.13",
  preload: [],
  install: "pip install nvidia-cuda-runtime (or install the CUDA 13 toolkit)",
};

export const CUBLAS: CudaLibrary = {
  title: "cuBLAS",
  soname: "libcublas.so.13",
  preload: [/^libcublasLt\.so\.13$/],
  install: "pip install nvidia-cublas (or install the CUDA 13 toolkit)",
};

export const CUDNN: CudaLibrary = {
  title: "cuDNN",
  soname: "libcudnn.so.9",
  preload: [],
  install: "pip install nvidia-cudnn-cu13",
};

export const NVRTC: CudaLibrary = {
  title: "NVRTC",
  soname: "libnvrtc.so.13",
  preload: [/^libnvrtc-builtins\.so\.13\.\d+$/],
  install: "pip install nvidia-cuda-nvrtc (or install the CUDA 13 toolkit)",
};

/** Every library, in the order they are opened (cuDNN finds the others already loaded). */
export const CUDA_LIBRARIES: readonly CudaLibrary[] = [DRIVER, CUDART, NVRTC, CUBLAS, CUDNN];
