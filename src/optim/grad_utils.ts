/**
 * Gradient and parameter helpers PyTorch keeps in torch.nn.utils:
 * clipGradNorm_, clipGradValue_, parametersToVector, vectorToParameters.
 * They need tensors only, so they live here and nn re-exports them as
 * nn.utils.*.
 */
import { withGradMode } from "../autograd/grad_mode.ts";
import { Binder, opt, req } from "../api/signature.ts";
import { RuntimeError } from "../core/errors.ts";
import { torch } from "../torch/mod.ts";
import { peekGrad, Tensor } from "../torch/tensor.ts";
import { CONV } from "./optimizer.ts";

/** One tensor or an iterable of them (parameters). */
export type TensorOrTensors = Tensor | Iterable<Tensor>;

function tensorList(name: string, v: unknown): Tensor[] {
  if (v instanceof Tensor) return [v];
  if (v === null || typeof (v as Iterable<unknown>)?.[Symbol.iterator] !== "function") {
    throw new TypeError(`${name}: expected a tensor or an iterable of tensors, got ${v === null ? "null" : typeof v}`);
  }
  const out = [...(v as Iterable<unknown>)];
  out.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${name}: element ${i} is not a Tensor`);
  });
  return out as Tensor[];
}

const CLIP_NORM = new Binder("clipGradNorm_", {
  pos: [
    req("parameters", "any"),
    req("maxNorm", "number"),
    opt("normType", "number", 2.0),
    opt("errorIfNonfinite", "bool", false),
    opt("foreach", "bool", null),
  ],
  kw: [],
});

/**
 * Scales the gradients of `parameters` in place so that their total norm
 * (the norm of the per-tensor norms) is at most `maxNorm`; returns the
 * total norm before clipping (a 0-d tensor), as PyTorch computes it:
 * coefficient `min(maxNorm / (total + 1e-6), 1)`.
 *
 * @example
 * ```ts
 * import { optim, torch } from "../../mod.ts";
 * const w = torch.zeros(2, { requiresGrad: true });
 * w.grad = torch.tensor([3.0, 4.0], { dtype: "float32" });
 * console.log(optim.clipGradNorm_([w], 1.0).item()); // 5
 * console.log((w.grad!.norm().item() as number) < 1.0001); // true
 * ```
 */
export function clipGradNorm_(
  ...args:
    | [
      parameters: TensorOrTensors,
      maxNorm: number,
      normType?: number,
      errorIfNonfinite?: boolean,
      foreach?: boolean | null,
    ]
    | [
      parameters: TensorOrTensors,
      maxNorm: number,
      opts: { normType?: number; errorIfNonfinite?: boolean; foreach?: boolean | null },
    ]
): Tensor {
  const a = CLIP_NORM.bind(args, CONV);
  const params = tensorList("clipGradNorm_", a.parameters);
  return withGradMode(false, () => {
    // read unseen (nothing here keeps them): zeroGrad may still reuse the gradients' memory
    const grads = params.map((p) => peekGrad(p)).filter((g): g is Tensor => g !== null);
    if (grads.length === 0) return torch.tensor(0.0);
    const norms = grads.map((g) => torch.linalg.vectorNorm(g, a.normType));
    const dtype = norms.some((n) => n.dtype === "float64") ? "float64" : norms[0].dtype;
    const total = torch.linalg.vectorNorm(torch.stack(norms.map((n) => n.to(dtype))), a.normType);
    if (a.errorIfNonfinite && !Number.isFinite(Number(total.item()))) {
      throw new RuntimeError(
        `The total norm of order ${a.normType} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`errorIfNonfinite=false\``,
      );
    }
    // maxNorm / (total + 1e-6): a float over a tensor is reciprocal() * float in PyTorch
    const coef = torch.clamp(total.add(1e-6).reciprocal().mul(a.maxNorm), { max: 1.0 });
    for (const g of grads) g.mul_(coef);
    return total;
  });
}

const CLIP_VALUE = new Binder("clipGradValue_", {
  pos: [req("parameters", "any"), req("clipValue", "number"), opt("foreach", "bool", null)],
  kw: [],
});

/**
 * Clamps every gradient of `parameters` into [-clipValue, clipValue], in place.
 *
 * @example
 * ```ts
 * import { optim, torch } from "../../mod.ts";
 * const w = torch.zeros(3, { requiresGrad: true });
 * w.grad = torch.tensor([-5.0, 0.5, 5.0]);
 * optim.clipGradValue_([w], 1);
 * console.log(w.grad.tolist()); // [-1, 0.5, 1]
 * ```
 */
export function clipGradValue_(
  ...args:
    | [parameters: TensorOrTensors, clipValue: number, foreach?: boolean | null]
    | [parameters: TensorOrTensors, clipValue: number, opts: { foreach?: boolean | null }]
): void {
  const a = CLIP_VALUE.bind(args, CONV);
  const params = tensorList("clipGradValue_", a.parameters);
  withGradMode(false, () => {
    for (const p of params) peekGrad(p)?.clamp_({ min: -a.clipValue, max: a.clipValue });
  });
}

function checkDevice(params: Tensor[]): void {
  for (const p of params) {
    if (p.device !== params[0].device) {
      throw new TypeError("Found two parameters on different devices, this is currently not supported.");
    }
  }
}

/**
 * The parameters flattened and concatenated into one vector (recorded by
 * autograd, as PyTorch's).
 *
 * @example
 * ```ts
 * import { optim, torch } from "../../mod.ts";
 * console.log(optim.parametersToVector([torch.ones(2, 2), torch.zeros(3)]).shape); // [7]
 * ```
 */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  const params = tensorList("parametersToVector", parameters);
  checkDevice(params);
  return torch.cat(params.map((p) => p.reshape(-1)));
}

/**
 * Points each parameter's data at its slice of `vec` (the parameters then
 * share `vec`'s memory, as PyTorch's `param.data = vec[a:b].view_as(param)`).
 *
 * @example
 * ```ts
 * import { optim, torch } from "../../mod.ts";
 * const a = torch.zeros(2), b = torch.zeros(1);
 * optim.vectorToParameters(torch.tensor([1.0, 2.0, 3.0]), [a, b]);
 * console.log(a.tolist(), b.tolist()); // [1, 2] [3]
 * ```
 */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) {
    throw new TypeError(`expected torch.Tensor, but got: ${vec === null ? "null" : typeof vec}`);
  }
  const params = tensorList("vectorToParameters", parameters);
  checkDevice(params);
  const total = params.reduce((s, p) => s + p.numel(), 0);
  if (vec.ndim !== 1 || vec.numel() < total) {
    throw new RangeError(`vectorToParameters: a vector of ${total} elements is needed, got shape [${vec.shape}]`);
  }
  let at = 0;
  for (const p of params) {
    const n = p.numel();
    p.data = vec.narrow(0, at, n).viewAs(p).data;
    at += n;
  }
}
