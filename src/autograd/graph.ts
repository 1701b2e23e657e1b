/**
 * The autograd graph and its backward engine. Nodes hold a vector-Jacobian
 * product written with tensor ops (so double backward works when the graph
 * is recorded with createGraph), the edges to the nodes of their inputs,
 * and the version of every saved tensor to detect in-place modification.
 * Gradients are summed back to each input's shape in one place (`apply`),
 * never inside a vjp.
 */
import type { Storage } from "../core/storage.ts";
import type { View } from "../core/view.ts";
import { withGradMode } from "./grad_mode.ts";

/** What the engine needs from a tensor. */
export interface GradTensor {
  readonly storage: Storage;
  readonly layout: View;
  requiresGrad: boolean;
  grad: GradTensor | null;
  gradFn: Node | null;
  retainsGrad: boolean;
}

/** Tensor operations the engine uses, supplied by the torch front-end. */
export interface GradOps<T extends GradTensor> {
  add(a: T, b: T): T;
  /** Sums a broadcast gradient back to `shape`. */
  sumTo(g: T, shape: readonly number[]): T;
  detach(g: T): T;
  describe(t: T): string;
}

/** One input edge: the node that produced the input (or its AccumulateGrad). */
export type Edge = Node | null;

/** A backward function of the graph. */
export class Node {
  readonly name: string;
  readonly next: Edge[];
  /** Input shapes, to sum broadcast gradients back. */
  readonly shapes: (readonly number[])[];
  #vjp: ((g: GradTensor) => (GradTensor | null)[]) | null;
  #saved: { t: GradTensor; version: number }[];
  /** The leaf this node accumulates into (AccumulateGrad only). */
  readonly variable: GradTensor | null;
  /** A non-leaf output whose .grad the user asked to keep. */
  retained: GradTensor | null = null;

  constructor(
    name: string,
    next: Edge[],
    shapes: (readonly number[])[],
    vjp: ((g: GradTensor) => (GradTensor | null)[]) | null,
    saved: GradTensor[] = [],
    variable: GradTensor | null = null,
  ) {
    this.name = name;
    this.next = next;
    this.shapes = shapes;
    this.#vjp = vjp;
    this.#saved = saved.map((t) => ({ t, version: t.storage.version }));
    this.variable = variable;
  }

  /** PyTorch's `next_functions`: [node, input index] pairs. */
  get nextFunctions(): [Node | null, number][] {
    return this.next.map((n) => [n, 0]);
  }

  /** Frees the saved values (after a backward without retainGraph). */
  release(): void {
    if (this.variable) return;
    this.#vjp = null;
    this.#saved = [];
  }

  /** Input gradients for an output gradient, each summed to its input's shape. */
  apply<T extends GradTensor>(g: T, ops: GradOps<T>): (T | null)[] {
    if (!this.#vjp) {
      throw new Error(
        "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
          "Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). " +
          "Specify retainGraph: true if you need to backward through the graph a second time.",
      );
    }
    for (const s of this.#saved) {
      if (s.t.storage.version !== s.version) {
        throw new Error(
          `one of the variables needed for gradient computation has been modified by an inplace operation: ` +
            `[${ops.describe(s.t as T)}], which is used by ${this.name}, is at version ${s.t.storage.version}; ` +
            `expected version ${s.version} instead.`,
        );
      }
    }
    const grads = this.#vjp(g) as (T | null)[];
    return grads.map((x, i) => (x === null ? null : ops.sumTo(x, this.shapes[i])));
  }
}

/** The node a tensor's gradient flows into: its gradFn, or its leaf accumulator. */
const accumulators = new WeakMap<GradTensor, Node>();
export function edgeOf(t: GradTensor): Edge {
  if (!t.requiresGrad) return null;
  if (t.gradFn) return t.gradFn;
  let acc = accumulators.get(t);
  if (!acc) {
    acc = new Node("AccumulateGrad", [], [t.layout.shape], null, [], t);
    accumulators.set(t, acc);
  }
  return acc;
}

/** Nodes reachable from `roots`, and how many edges point at each. */
function dependencies(roots: Node[]): Map<Node, number> {
  const deps = new Map<Node, number>();
  const stack = [...roots];
  const seen = new Set<Node>(roots);
  while (stack.length) {
    const n = stack.pop()!;
    for (const m of n.next) {
      if (!m) continue;
      deps.set(m, (deps.get(m) ?? 0) + 1);
      if (!seen.has(m)) {
        seen.add(m);
        stack.push(m);
      }
    }
  }
  return deps;
}

/**
 * Runs backward from `roots` with their gradients. With `capture`, the
 * gradients reaching those nodes are returned instead of accumulated into
 * leaves (torch.autograd.grad).
 */
export function runBackward<T extends GradTensor>(
  roots: T[],
  grads: T[],
  ops: GradOps<T>,
  opts: { retainGraph: boolean; createGraph: boolean; capture?: Node[] },
): Map<Node, T> {
  const rootNodes = roots.map((r) => edgeOf(r)!);
  const deps = dependencies(rootNodes);
  const pending = new Map<Node, T>();
  const add = (n: Node, g: T) => {
    const prev = pending.get(n);
    pending.set(n, prev ? ops.add(prev, g) : g);
  };
  rootNodes.forEach((n, i) => add(n, grads[i]));
  const captured = new Map<Node, T>();
  const capture = new Set(opts.capture ?? []);
  const ready = rootNodes.filter((n, i) => rootNodes.indexOf(n) === i && !deps.get(n));
  const visited: Node[] = [];
  withGradMode(opts.createGraph, () => {
    while (ready.length) {
      const node = ready.pop()!;
      const g = pending.get(node);
      pending.delete(node);
      visited.push(node);
      if (!g) {
        // no gradient reached this node (all paths gave null): only release its inputs
        for (const m of node.next) if (m && (deps.set(m, deps.get(m)! - 1), deps.get(m) === 0)) ready.push(m);
        continue;
      }
      if (node.retained) node.retained.grad = accumulate(node.retained.grad as T | null, g, ops, opts.createGraph);
      if (capture.has(node)) {
        captured.set(node, g);
      } else if (node.variable) {
        if (!opts.capture) node.variable.grad = accumulate(node.variable.grad as T | null, g, ops, opts.createGraph);
      }
      const inGrads = node.variable || capture.has(node) ? [] : node.apply(g, ops);
      node.next.forEach((m, i) => {
        if (!m) return;
        const gi = inGrads[i];
        if (gi) add(m, gi);
        const left = deps.get(m)! - 1;
        deps.set(m, left);
        if (left === 0) ready.push(m);
      });
    }
  });
  if (!opts.retainGraph) { for (const n of visited) n.release(); }
  return captured;
}

function accumulate<T extends GradTensor>(prev: T | null, g: T, ops: GradOps<T>, createGraph: boolean): T {
  const v = createGraph ? g : ops.detach(g);
  return prev ? (createGraph ? ops.add(prev, v) : ops.detach(ops.add(prev, v))) : v;
}
