/**
 * The types dendrite's public values expose (np's and torch's namespaces,
 * their arrays, the generated call forms, the values whose types the
 * namespaces spell as `typeof`), re-exported by mod.ts so that they are
 * documented and nameable. Names shared by np and torch are prefixed.
 *
 * @module
 */
// np
export type { ArrayLike, NDArray, NpMethods, Scalar, SETFLAGS_SIG } from "./numpy/ndarray.ts";
export type { FlatIter } from "./numpy/flatiter.ts";
export type { NpExtras, NpFunctions, NpLinalg } from "./numpy/mod.ts";
export type {
  FloatLimits,
  IInfo,
  NP_FINFO_SIG,
  NP_IINFO_SIG,
  NpFInfo,
  NpFinfoArgs,
  NpIInfo,
  NpIinfoArgs,
  TORCH_FINFO_SIG,
  TORCH_IINFO_SIG,
  TorchFinfoArgs,
  TorchIinfoArgs,
} from "./api/finfo.ts";
export type { NP_DECLS, NpDecls, RECORDS as NP_RECORDS } from "./numpy/decls.ts";
export type {
  GenChoiceArgs,
  Generator,
  GENERATOR_SPAWN_SIG,
  GeneratorSpawnArgs,
  GenPermutationArgs,
  GenRandomArgs,
  GenShuffleArgs,
  IntegersArgs,
  SeedLike,
} from "./numpy/generator.ts";
export type {
  AdvanceArgs,
  BIT_GENERATOR_SIGS,
  BitGenerator,
  BitGeneratorArgs,
  BitGeneratorEngine,
  BitGeneratorSpawnArgs,
  BitGeneratorState,
  JumpedArgs,
  MT19937 as NpMT19937,
  MT19937State,
  PCG64,
  PCG64DXSM,
  PCGBase,
  PCGState,
  Philox,
  PhiloxArgs,
  PhiloxState,
  RandomRawArgs,
  SFC64,
  SFC64State,
} from "./numpy/bit_generators.ts";
export type {
  GenerateStateArgs,
  SEED_SEQUENCE_SIGS,
  SeedSequence,
  SeedSequenceArgs,
  SpawnArgs,
} from "./numpy/seed_sequence.ts";
export type {
  ChoiceArgs,
  DimsArgs,
  NormalArgs,
  PermutationArgs,
  RandintArgs,
  RandomState,
  SeedArgs,
  ShuffleArgs,
  SizeArgs,
  UniformArgs,
} from "./numpy/random.ts";
export type {
  Constraint as RandomConstraint,
  Dist as RandomDist,
  DIST_SIGS,
  DistArgs,
  Distributions,
  GeneratorDistributions,
  ParamSpec as RandomParamSpec,
  ParamValue as RandomParamValue,
} from "./numpy/distributions.ts";
export type {
  LEGACY_DIST_SIGS,
  LegacyDistributions,
  LegacyStdExpArgs,
  LegacyStdGammaArgs,
} from "./numpy/legacy_distributions.ts";
export type {
  ChoiceDraws,
  GENERATOR_SIGS,
  RANDOM_STATE_SIGS,
  Sampler as RandomSampler,
  Size,
} from "./numpy/sampling.ts";
export type { load as npLoad, NpzEntries, save as npSave, savez, savezCompressed } from "./numpy/npy.ts";
export type { loadtxt, LOADTXT_SIG, LoadtxtArgs, savetxt, SAVETXT_SIG, SavetxtArgs } from "./numpy/text.ts";
export type { NpMore } from "./numpy/mod.ts";
export type {
  FROMFILE_SIG,
  FromfileArgs,
  FROMSTRING_SIG,
  FromstringArgs,
  GENFROMTXT_SIG,
  GenfromtxtArgs,
  TOFILE_SIG,
  TofileArgs,
} from "./numpy/file_io.ts";
export type { ConcatItem, IndexPart as NpIndexPart } from "./numpy/index_tricks.ts";
export type { Broadcast, Nditer, NditerFlag, NditerOpFlag, NditerOptions } from "./numpy/nditer.ts";
export type { FromPyFunc, PyFunc, Vectorized, VectorizeOptions } from "./numpy/vectorize.ts";
export type { Poly1d } from "./numpy/poly1d.ts";
export type { Polynomial, PolynomialOptions, PolyOperand } from "./numpy/polynomial.ts";
export type { Basis as PolyBasis, PolyBase, SeriesKind } from "./numpy/poly_base.ts";
export type { Chebyshev } from "./numpy/chebyshev.ts";
export type { Legendre } from "./numpy/legendre.ts";
export type { Laguerre } from "./numpy/laguerre.ts";
export type { Hermite } from "./numpy/hermite.ts";
export type { HermiteE } from "./numpy/hermite_e.ts";
export type {
  ErrCall,
  ErrMode,
  ErrSettings,
  ErrstateGuard,
  ErrstateOptions,
  FloatingPointError,
  SeterrArgs,
  SeterrOptions,
} from "./numpy/errstate.ts";
export type { einsumPath, EinsumPathOptimize } from "./numpy/einsum_path.ts";
export type {
  GetStateArgs,
  LEGACY_EXTRA_SIGS,
  LegacyStateDict,
  LegacyStateLike,
  LegacyStateTuple,
  RandomIntegersArgs,
} from "./numpy/legacy_extras.ts";
export type {
  Array2stringArgs,
  Array2stringOptions,
  ArrayReprArgs,
  ArrayReprOptions,
  FloatMode,
  FloatScalar,
  FormatFloatPositionalArgs,
  FormatFloatPositionalOptions,
  FormatFloatScientificArgs,
  FormatFloatScientificOptions,
  LegacyMode,
  PrefixForms,
  PrintFormatter,
  PrintOptions,
  PrintOptionsArgs,
  PrintoptionsArgs,
  PrintoptionsGuard,
  SetPrintoptionsArgs as NpSetPrintoptionsArgs,
  SignMode,
} from "./numpy/print_options.ts";
export type { Trim as FloatTrim } from "./core/dragon4.ts";
// torch
export type {
  BACKWARD_SIG,
  BackwardArgs,
  NDArrayType,
  NUMPY_SIG,
  NumpyArgs,
  REQUIRES_GRAD_SIG,
  RequiresGradArgs,
  RESIZE_SIG,
  ResizeArgs,
  SET_SIG,
  SetArgs,
  Tensor,
  TorchMethods,
  TYPE_SIG,
  TypeArgs,
} from "./torch/tensor.ts";
export type {
  cuda,
  DataNamespace,
  Device,
  DistributedNamespace,
  DistributionsNamespace,
  dtypes,
  Generator as TorchGenerator,
  LegacyTensor,
  LegacyTensorArgs,
  manualSeed,
  NnNamespace,
  OptimNamespace,
  PublicFns,
  Tensor as TensorConstructor,
  TorchExtras,
  utils,
} from "./torch/mod.ts";
export type { inferenceMode } from "./autograd/grad_mode.ts";
export type { enableGrad, noGrad, setGradEnabledGuard } from "./torch/grad_modes.ts";
export type { detectAnomaly, setDetectAnomaly } from "./torch/anomaly.ts";
export type { gradgradcheck, GradgradcheckOptions } from "./torch/gradgradcheck.ts";
export type {
  autograd,
  Flags as AutogradFlags,
  Func as AutogradFunc,
  hessian,
  HessianFlags,
  hvp,
  jacobian,
  JacobianFlags,
  jvp,
  VFlags as AutogradVFlags,
  vhp,
  vjp,
} from "./torch/autograd_functional.ts";
export type {
  Argnums as FuncArgnums,
  Dims as VmapDims,
  Fn as FuncFn,
  func,
  FuncAny,
  FunctionalCall,
  functionalCall as funcFunctionalCall,
  grad as funcGrad,
  gradAndValue,
  GradFlags as FuncGradFlags,
  hessian as funcHessian,
  jacfwd,
  JacfwdFlags,
  jacrev,
  JacrevFlags,
  jvp as funcJvp,
  vjp as funcVjp,
  vmap,
  VmapFlags,
} from "./torch/func.ts";
export type {
  AutogradBackwardArgs,
  backward,
  BACKWARD_SIG as AUTOGRAD_BACKWARD_SIG,
  grad,
  GRAD_SIG,
  GradArgs,
  gradcheck,
  GradcheckError,
  linalg as torchLinalg,
  LINALG_DECLS,
  TorchFns,
  TorchLinalgFns,
} from "./torch/functions.ts";
export type { AutogradFunction, FunctionCtx } from "./torch/autograd_function.ts";
export type { RECORDS as TORCH_RECORDS, TORCH_DECLS, TorchDecls } from "./torch/decls.ts";
export type { LINALG_COMPOSITES } from "./torch/ops/linalg.ts";
export type {
  AliasFns,
  special as torchSpecial,
  SPECIAL_ALIASES,
  SpecialOwnFns,
  TorchSpecial,
} from "./torch/special.ts";
export type { SPECIAL, SPECIAL_FNS } from "./api/ops/special.ts";
export type {
  Bernoulli,
  BernoulliOptions,
  Categorical,
  CategoricalOptions,
  Constraint as DistributionConstraint,
  constraints as distributionConstraints,
  Distribution,
  distributions as torchDistributions,
  Exponential,
  ExponentialFamily,
  ExponentialOptions,
  kl as distributionsKl,
  klDivergence,
  Laplace,
  LaplaceOptions,
  LocScale,
  LocScaleOptions,
  Normal,
  NormalOptions,
  Param as DistributionParam,
  SampleShape,
  Uniform,
  UniformOptions,
} from "./torch/distributions/mod.ts";
export type { SPECIAL_BESSEL_FNS } from "./api/ops/special_bessel.ts";
export type { SPECIAL_POLYNOMIAL_FNS } from "./api/ops/special_polynomials.ts";
export type {
  load as torchLoad,
  loadBytes,
  loadFile,
  LoadOptions,
  metadataOf,
  safetensors,
  save as torchSave,
  saveBytes,
  saveFile,
  SaveOptions,
} from "./torch/save.ts";
export type { SafetensorsError } from "./serialize/safetensors.ts";
export type {
  FloatArray,
  FloatDtype,
  TorchGenerator as TorchGeneratorBase,
  TorchGeneratorOptions,
  TorchKernel,
} from "./random/torch_generator.ts";
export type { setDefaultDtype } from "./torch/default_dtype.ts";
// shared
export type { ArrayBase } from "./api/array_base.ts";
export type { ArrayData, IndexLike, NestedArray, TypedInput } from "./api/convert.ts";
export type {
  AllFns,
  AllMethods,
  DeclOfFn,
  DeclOfMethod,
  FnNames,
  Functions,
  InplaceFn,
  InplaceNames,
  Inplaces,
  MethodNames,
  Methods,
  NamesIn,
  OverloadFn,
  Overloads,
  OverloadsIn,
  OverloadsOf,
  RetType,
  SurfaceOf,
  Values,
} from "./api/surface.ts";
export type {
  AliasOf,
  Base,
  ChoiceOf,
  DropSelf,
  Forms,
  Given,
  IsVar,
  Kind,
  KindTypes,
  NameReq,
  Names,
  Needed,
  Options,
  Param,
  ParamOf,
  PosArgs,
  Scalar as JsScalar,
  Sig,
  Splits,
  Tail,
  TypeOf,
  VarElem,
  VarForms,
  VarOf,
} from "./api/signature.ts";
export type { Args, Ctx, KeysOf, LastWith, Merged, OpDecl, Overload, Returns, Surface } from "./api/define.ts";
export type {
  Edge,
  GradHook,
  GradOps,
  GradTensor,
  Node,
  NodePostHook,
  NodePreHook,
  RemovableHandle as NodeRemovableHandle,
} from "./autograd/graph.ts";
export type { RELEASABLE, Releasable, Scope } from "./core/lifetime.ts";
export type { DType, TypedArray } from "./core/dtype.ts";
export type { NP_LINALG, TORCH_LINALG } from "./api/ops/linalg.ts";
export type { NP_LINALG_EXTRA } from "./api/ops/linalg_extra.ts";
export type { LINALG_EXTRA_FNS } from "./torch/ops/linalg_extra.ts";
export type { NP_LINALG_MORE } from "./api/ops/linalg_more.ts";
export type { NP_LINALG_ALIASES } from "./api/ops/np_misc.ts";
export type { LINALG_MORE_FNS } from "./torch/ops/linalg_more.ts";
export type { TORCH_LINALG_FACTOR } from "./torch/ops/linalg_factor.ts";
export type { LinAlgError, RuntimeError, ShapeError } from "./core/errors.ts";
export type { Operand, Storage } from "./core/storage.ts";
export type { View } from "./core/view.ts";
export type { Slice } from "./ops/index.ts";
export type { Scalar as OperandScalar } from "./ops/operand.ts";
export type { keep, tidy } from "./core/lifetime.ts";
export type { CollectedStats, emptyCache, poolStats, setPoolLimit } from "./core/host_pool.ts";
export type { getNumThreads, setNumThreads } from "./torch/num_threads.ts";
export type {
  SET_PRINTOPTIONS_SIG,
  setPrintoptions as torchSetPrintoptions,
  SetPrintoptionsArgs as TorchSetPrintoptionsArgs,
  TorchPrintOptions,
} from "./torch/print_options.ts";
// logging and progress
export type {
  AudioOptions,
  EmbeddingOptions,
  EventOptions,
  GraphNode,
  GraphOptions,
  HistogramOptions,
  HparamsOptions,
  HparamValue,
  ImageOptions,
  PrCurveOptions,
  ScalarOptions,
} from "./log/writer.ts";
export type { Bins } from "./log/histogram.ts";
export type { Chart } from "./log/summary.ts";
export type { Loggable, Rest, Step } from "./log/args.ts";
export type { ProgressOptions } from "./progress/progress.ts";
// torch.utils.data
export type { DataLoader } from "./data/loader.ts";
export type { Dataset, IterableDataset } from "./data/dataset.ts";
export type { Sampler as DataSampler } from "./data/sampler.ts";
export type { WorkerInfo } from "./data/worker_info.ts";
// torch.optim (also reachable as types through the optim namespace: optim.SGD, optim.lrScheduler.StepLR)
export type {
  Optimizer,
  OptimizerStateDict,
  OptionsOf,
  ParamGroup,
  ParamGroupInput,
  Params,
} from "./optim/optimizer.ts";
export type { SGD, SGDGroup, SGDOptions, SIG as SGD_SIG } from "./optim/sgd.ts";
export type {
  Adam,
  ADAM_SIG,
  Adamax,
  ADAMAX_SIG,
  AdamaxGroup,
  AdamaxOptions,
  AdamGroup,
  AdamOptions,
  AdamW,
  ADAMW_SIG,
  AdamWOptions,
  NAdam,
  NADAM_SIG,
  NAdamGroup,
  NAdamOptions,
  RAdam,
  RADAM_SIG,
  RAdamGroup,
  RAdamOptions,
  WithBetas,
} from "./optim/adam.ts";
export type {
  Adadelta,
  ADADELTA_SIG,
  AdadeltaGroup,
  AdadeltaOptions,
  Adagrad,
  ADAGRAD_SIG,
  AdagradGroup,
  AdagradOptions,
  RMSprop,
  RMSPROP_SIG,
  RMSpropGroup,
  RMSpropOptions,
} from "./optim/adaptive.ts";
export type { LBFGS, LBFGSGroup, LBFGSOptions, SIG as LBFGS_SIG } from "./optim/lbfgs.ts";
export type {
  clipGradNorm_,
  clipGradValue_,
  parametersToVector,
  TensorOrTensors,
  vectorToParameters,
} from "./optim/grad_utils.ts";
export type {
  ChainedScheduler,
  ConstantLR,
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  LrLambda,
  LRScheduler,
  MultiplicativeLR,
  MultiStepLR,
  OneCycleLR,
  Phase as OneCycleLRPhase,
  PolynomialLR,
  ReduceLROnPlateau,
  SequentialLR,
  StepLR,
} from "./optim/lr_scheduler.ts";
export type { ASGD, ASGD_SIG, ASGDGroup, ASGDOptions } from "./optim/asgd.ts";
export type { Rprop, RPROP_SIG, RpropGroup, RpropOptions } from "./optim/rprop.ts";
export type { Adafactor, ADAFACTOR_SIG, AdafactorGroup, AdafactorOptions } from "./optim/adafactor.ts";
export type { Muon, MUON_SIG, MuonGroup, MuonOptions } from "./optim/muon.ts";
export type {
  AVERAGED_MODEL_SIG,
  AvgFn,
  EMA_SIG,
  getEmaAvgFn,
  getEmaMultiAvgFn,
  getSwaAvgFn,
  getSwaMultiAvgFn,
  MultiAvgFn,
  NumAveraged,
  SWALR,
  SWALR_SIG,
  UPDATE_BN_SIG,
  updateBn,
} from "./optim/swa_utils.ts";
// torch's top-level nn aliases, in-place forms and surface (src/torch/nn_aliases.ts, inplace_functions.ts, surface_more.ts)
export type { NN_ALIAS_DECLS, NnAliasFns } from "./torch/nn_aliases.ts";
export type { RNN_FUNCTION_DECLS, RnnFunctionFns } from "./torch/rnn_functions.ts";
export type { NATIVE_NORM_DECLS, NativeNormFns } from "./torch/native_norms.ts";
export type { EMBEDDING_OP_DECLS, EmbeddingOpFns } from "./torch/embedding_ops.ts";
export type { INPLACE_FUNCTION_NAMES, InplaceFunctionName, InplaceFunctions } from "./torch/inplace_functions.ts";
export type { setDefaultDevice, SurfaceMore, ViewCopyFns } from "./torch/surface_more.ts";
export type { VIEW_COPIES } from "./torch/ops/view_copies.ts";
export type { TorchSurface } from "./torch/mod.ts";
// torchvision
export type { Image, Mode as ImageMode, MODES as IMAGE_MODES } from "./vision/image.ts";
export type { Transform } from "./vision/transforms/transforms.ts";
