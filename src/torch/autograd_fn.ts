/**
 * Recording differentiable ops: `record` runs a forward computation and,
 * when gradients are on and an input requires them, attaches a graph node
 * with the op's vector-Jacobian product. Every derivative in src/torch is
 * declared through this one function, next to its op.
 */
import { setGradEnabled } from "../autograd/grad_mode.ts";
import { edgeOf, type GradTensor, Node } from "../autograd/graph.ts";
import type { Operand } from "../ops/operand.ts";

/** A vjp: output gradient (and the output itself) -> one gradient per input (null: none). */
export type Vjp<T> = (g: T, out: T) => (T | null)[];

/**
 * Wraps `forward()`'s result with `wrap`; records `name`'s node when needed.
 * `forward` runs with recording off: a forward written with tensor ops
 * (softmax's) is one node, not a graph of its steps thrown away.
 * `saved` are the tensors the vjp reads, checked against in-place changes.
 */
export function record<T extends GradTensor>(
  name: string,
  inputs: readonly T[],
  forward: () => Operand,
  wrap: (o: Operand) => T,
  vjp: Vjp<T> | null,
  saved: readonly T[] = [],
  saveOutput = false,
): T {
  const grad = setGradEnabled(false);
  let result: Operand;
  try {
    result = forward();
  } finally {
    setGradEnabled(grad);
  }
  const out = wrap(result);
  if (vjp && grad && anyRequiresGrad(inputs)) {
    out.requiresGrad = true;
    const keep = saveOutput ? [...saved, out] : [...saved];
    out.gradFn = new Node(
      name,
      inputs.map(edgeOf),
      inputs.map((t) => t.layout.shape),
      (g) => vjp(g as T, out),
      keep,
    );
  }
  return out;
}

function anyRequiresGrad(ts: readonly GradTensor[]): boolean {
  for (let i = 0; i < ts.length; i++) if (ts[i].requiresGrad) return true;
  return false;
}
