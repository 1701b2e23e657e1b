/**
 * cuDNN 9 (libcudnn.so.9): the legacy descriptor API for convolution,
 * pooling, batch norm, activations and softmax, which cuDNN 9 still exports
 * (deprecated, present). Handles and descriptors are `pointer`s, tensors and
 * workspaces device addresses (`u64`), alpha/beta host scalars (`buffer`).
 */
const CONV_RUN = [
  "pointer", // handle
  "buffer", // alpha
  "pointer", // first input descriptor
  "u64", // first input
  "pointer", // second input descriptor
  "u64", // second input
  "pointer", // convolution descriptor
  "i32", // algorithm
  "u64", // workspace
  "u64", // workspace bytes
  "buffer", // beta
  "pointer", // output descriptor
  "u64", // output
] as const;
/** handle, three tensor/filter descriptors, the convolution descriptor, algo count, count out, perf results out. */
const CONV_ALGO = ["pointer", "pointer", "pointer", "pointer", "pointer", "i32", "buffer", "buffer"] as const;
/** handle, two descriptors, convolution descriptor, descriptor, algorithm, bytes out. */
const CONV_WORKSPACE = ["pointer", "pointer", "pointer", "pointer", "pointer", "i32", "buffer"] as const;

/** handle, descriptor (pooling/activation), alpha, x desc, x, beta, y desc, y. */
const FORWARD = ["pointer", "pointer", "buffer", "pointer", "u64", "buffer", "pointer", "u64"] as const;
/** handle, descriptor (pooling/activation), alpha, y desc, y, dy desc, dy, x desc, x, beta, dx desc, dx. */
const BACKWARD = [
  "pointer",
  "pointer",
  "buffer",
  "pointer",
  "u64",
  "pointer",
  "u64",
  "pointer",
  "u64",
  "buffer",
  "pointer",
  "u64",
] as const;

export const CUDNN_SYMBOLS = {
  cudnnGetVersion: { parameters: [], result: "u64" },
  cudnnGetCudartVersion: { parameters: [], result: "u64" },
  cudnnGetErrorString: { parameters: ["i32"], result: "pointer" },
  cudnnCreate: { parameters: ["buffer"], result: "i32" },
  cudnnDestroy: { parameters: ["pointer"], result: "i32" },
  cudnnSetStream: { parameters: ["pointer", "pointer"], result: "i32" },
  // tensor and filter descriptors
  cudnnCreateTensorDescriptor: { parameters: ["buffer"], result: "i32" },
  cudnnSetTensor4dDescriptor: { parameters: ["pointer", "i32", "i32", "i32", "i32", "i32", "i32"], result: "i32" },
  cudnnSetTensor4dDescriptorEx: {
    parameters: ["pointer", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"],
    result: "i32",
  },
  /** descriptor, dtype, ndim, dims (int[]), strides (int[]). */
  cudnnSetTensorNdDescriptor: { parameters: ["pointer", "i32", "i32", "buffer", "buffer"], result: "i32" },
  cudnnDestroyTensorDescriptor: { parameters: ["pointer"], result: "i32" },
  cudnnCreateFilterDescriptor: { parameters: ["buffer"], result: "i32" },
  cudnnSetFilter4dDescriptor: { parameters: ["pointer", "i32", "i32", "i32", "i32", "i32", "i32"], result: "i32" },
  cudnnSetFilterNdDescriptor: { parameters: ["pointer", "i32", "i32", "i32", "buffer"], result: "i32" },
  cudnnDestroyFilterDescriptor: { parameters: ["pointer"], result: "i32" },
  // convolution
  cudnnCreateConvolutionDescriptor: { parameters: ["buffer"], result: "i32" },
  /** descriptor, pad h/w, stride h/w, dilation h/w, mode, compute dtype. */
  cudnnSetConvolution2dDescriptor: {
    parameters: ["pointer", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"],
    result: "i32",
  },
  cudnnSetConvolutionNdDescriptor: {
    parameters: ["pointer", "i32", "buffer", "buffer", "buffer", "i32", "i32"],
    result: "i32",
  },
  cudnnSetConvolutionGroupCount: { parameters: ["pointer", "i32"], result: "i32" },
  cudnnSetConvolutionMathType: { parameters: ["pointer", "i32"], result: "i32" },
  cudnnDestroyConvolutionDescriptor: { parameters: ["pointer"], result: "i32" },
  cudnnGetConvolution2dForwardOutputDim: {
    parameters: ["pointer", "pointer", "pointer", "buffer", "buffer", "buffer", "buffer"],
    result: "i32",
  },
  cudnnGetConvolutionForwardAlgorithm_v7: { parameters: CONV_ALGO, result: "i32" },
  cudnnFindConvolutionForwardAlgorithm: { parameters: CONV_ALGO, result: "i32" },
  cudnnGetConvolutionForwardWorkspaceSize: { parameters: CONV_WORKSPACE, result: "i32" },
  cudnnConvolutionForward: { parameters: CONV_RUN, result: "i32" },
  cudnnGetConvolutionBackwardDataAlgorithm_v7: { parameters: CONV_ALGO, result: "i32" },
  cudnnGetConvolutionBackwardDataWorkspaceSize: { parameters: CONV_WORKSPACE, result: "i32" },
  cudnnConvolutionBackwardData: { parameters: CONV_RUN, result: "i32" },
  cudnnGetConvolutionBackwardFilterAlgorithm_v7: { parameters: CONV_ALGO, result: "i32" },
  cudnnGetConvolutionBackwardFilterWorkspaceSize: { parameters: CONV_WORKSPACE, result: "i32" },
  cudnnConvolutionBackwardFilter: { parameters: CONV_RUN, result: "i32" },
  /** handle, alpha, dy descriptor, dy, beta, db descriptor, db. */
  cudnnConvolutionBackwardBias: {
    parameters: ["pointer", "buffer", "pointer", "u64", "buffer", "pointer", "u64"],
    result: "i32",
  },
  cudnnAddTensor: { parameters: ["pointer", "buffer", "pointer", "u64", "buffer", "pointer", "u64"], result: "i32" },
  // pooling
  cudnnCreatePoolingDescriptor: { parameters: ["buffer"], result: "i32" },
  /** descriptor, mode, NaN propagation, window h/w, padding h/w, stride h/w. */
  cudnnSetPooling2dDescriptor: {
    parameters: ["pointer", "i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"],
    result: "i32",
  },
  cudnnDestroyPoolingDescriptor: { parameters: ["pointer"], result: "i32" },
  cudnnPoolingForward: { parameters: FORWARD, result: "i32" },
  cudnnPoolingBackward: { parameters: BACKWARD, result: "i32" },
  // batch norm
  cudnnDeriveBNTensorDescriptor: { parameters: ["pointer", "pointer", "i32"], result: "i32" },
  /**
   * handle, mode, alpha, beta, x desc, x, y desc, y, scale/bias/mean/var desc, scale, bias,
   * momentum, running mean, running var, epsilon, saved mean, saved inverse variance.
   */
  cudnnBatchNormalizationForwardTraining: {
    parameters: [
      "pointer",
      "i32",
      "buffer",
      "buffer",
      "pointer",
      "u64",
      "pointer",
      "u64",
      "pointer",
      "u64",
      "u64",
      "f64",
      "u64",
      "u64",
      "f64",
      "u64",
      "u64",
    ],
    result: "i32",
  },
  /** handle, mode, alpha, beta, x desc, x, y desc, y, param desc, scale, bias, mean, var, epsilon. */
  cudnnBatchNormalizationForwardInference: {
    parameters: [
      "pointer",
      "i32",
      "buffer",
      "buffer",
      "pointer",
      "u64",
      "pointer",
      "u64",
      "pointer",
      "u64",
      "u64",
      "u64",
      "u64",
      "f64",
    ],
    result: "i32",
  },
  /**
   * handle, mode, alpha/beta data, alpha/beta params, x desc, x, dy desc, dy, dx desc, dx,
   * param desc, scale, dscale, dbias, epsilon, saved mean, saved inverse variance.
   */
  cudnnBatchNormalizationBackward: {
    parameters: [
      "pointer",
      "i32",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "pointer",
      "u64",
      "pointer",
      "u64",
      "pointer",
      "u64",
      "pointer",
      "u64",
      "u64",
      "u64",
      "f64",
      "u64",
      "u64",
    ],
    result: "i32",
  },
  // activations and softmax
  cudnnCreateActivationDescriptor: { parameters: ["buffer"], result: "i32" },
  cudnnSetActivationDescriptor: { parameters: ["pointer", "i32", "i32", "f64"], result: "i32" },
  cudnnDestroyActivationDescriptor: { parameters: ["pointer"], result: "i32" },
  cudnnActivationForward: { parameters: FORWARD, result: "i32" },
  cudnnActivationBackward: { parameters: BACKWARD, result: "i32" },
  /** handle, algorithm, mode, alpha, x desc, x, beta, y desc, y. */
  cudnnSoftmaxForward: {
    parameters: ["pointer", "i32", "i32", "buffer", "pointer", "u64", "buffer", "pointer", "u64"],
    result: "i32",
  },
  /** handle, algorithm, mode, alpha, y desc, y, dy desc, dy, beta, dx desc, dx. */
  cudnnSoftmaxBackward: {
    parameters: ["pointer", "i32", "i32", "buffer", "pointer", "u64", "pointer", "u64", "buffer", "pointer", "u64"],
    result: "i32",
  },
} as const satisfies Deno.ForeignLibraryInterface;

/** cudnnDataType_t. */
export const CUDNN_DATA = { FLOAT: 0, DOUBLE: 1 } as const;
/** cudnnTensorFormat_t NCHW, cudnnConvolutionMode_t CROSS_CORRELATION (PyTorch's convolution). */
export const CUDNN_TENSOR_NCHW = 0;
export const CUDNN_CROSS_CORRELATION = 1;
/** cudnnMathType_t: DEFAULT may use TF32 tensor cores on float32, FMA never does. */
export const CUDNN_MATH = { DEFAULT: 0, FMA: 3 } as const;
/**
 * cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t: algo (i32), status
 * (i32), time (f32), memory (size_t at 16), determinism, math type,
 * reserved[3]: 48 bytes.
 */
export const CUDNN_ALGO_PERF = { algo: 0, status: 4, memory: 16, size: 48 } as const;
