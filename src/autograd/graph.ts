/**
 * The autograd graph and its backward engine. A node holds a
 * vector-Jacobian product written with tensor ops (so double backward works
 * when the graph is recorded with createGraph), edges to the nodes of its
 * inputs, the saved tensors it reads (with their versions, to detect
 * in-place modification) and hooks. Nodes may have several outputs (split,
 * unbind); each output's gradient arrives separately and missing ones are
 * null. Gradients are summed back to each input's shape in one place
 * (`Node.apply`), never inside a vjp.
 */
import { RuntimeError } from "../core/errors.ts";
import type { Storage } from "../core/storage.ts";
import type { View } from "../core/view.ts";
import { withGradMode } from "./grad_mode.ts";
import { isAnomalyCheckNanEnabled, isAnomalyEnabled } from "./anomaly_mode.ts";

/** What the engine needs from a tensor. */
export interface GradTensor {
  /** The tensor's memory. */
  readonly storage: Storage;
  /** Its shape and strides. */
  readonly layout: View;
  /** Whether gradients are recorded for it. */
  requiresGrad: boolean;
  /** The node that produced it (null for leaves). */
  gradFn: Node | null;
  /** Output index of this tensor in its gradFn. */
  outputNr: number;
}

/** Tensor operations the engine uses, supplied by the torch front-end. */
export interface GradOps<T extends GradTensor> {
  /** a + b (accumulating gradients). */
  add(a: T, b: T): T;
  /** Sums a broadcast gradient back to `shape`. */
  sumTo(g: T, shape: readonly number[]): T;
  /** The tensor as messages name it (`torch.FloatTensor [2, 3]`). */
  describe(t: T): string;
  /**
   * Accumulates `g` into the leaf's `.grad` (in place when possible). With
   * `madeSince` (not null), the engine holds the only reference to `g` and
   * no hook saw it: when its memory was made at or after that serial and no
   * other array shares it, it may become the `.grad` itself instead of a
   * copy (PyTorch's AccumulateGrad steals such a gradient likewise).
   */
  accumulate(leaf: T, g: T, createGraph: boolean, madeSince: number | null): void;
  /** Whether `t` holds a NaN (anomaly mode's check of each backward result). */
  hasNan(t: T): boolean;
  /** The current serial of new memory (core/storage.ts nextSerial), read when a backward starts. */
  serial(): number;
  /** Stores `g` as the retained `.grad` of a non-leaf. */
  retain(t: T, g: T): void;
}

/** One input edge: the node that produced the input (or its AccumulateGrad) and which of its outputs. */
export type Edge = { readonly node: Node; readonly nr: number } | null;

/** A gradient hook: may return a replacement gradient. */
export type GradHook = (g: GradTensor) => GradTensor | void | undefined;

/** A node pre-hook: sees every output gradient; may return replacements (one per output). */
export type NodePreHook<T extends GradTensor = GradTensor> = (
  gradOutputs: (T | null)[],
) => (T | null)[] | void | undefined;
/** A node post-hook: sees input and output gradients after the node ran; may return replacement input gradients. */
export type NodePostHook<T extends GradTensor = GradTensor> = (
  gradInputs: (T | null)[],
  gradOutputs: (T | null)[],
) => (T | null)[] | void | undefined;

/** Removes a registered hook (PyTorch's RemovableHandle). */
export interface RemovableHandle {
  /** Unregisters the hook; removing twice does nothing. */
  remove(): void;
}

/** Adds `h` to `list`; the handle takes it out again. */
function register<H>(list: H[], h: H): RemovableHandle {
  list.push(h);
  return { remove: () => void (list.includes(h) && list.splice(list.indexOf(h), 1)) };
}

/** What a node without hooks, retained outputs or inner nodes shows (frozen: writes go through its methods). */
const NONE: readonly never[] = Object.freeze([]);
const NONE_BY_OUTPUT: ReadonlyMap<number, never> = new Map<number, never>();

/** A saved tensor with the version it had when saved. */
interface Saved {
  readonly t: GradTensor;
  readonly version: number;
}

/** A backward function of the graph. */
export class Node {
  /** PyTorch's name of the backward function (`MulBackward0`). */
  readonly name: string;
  /** Where each input's gradient goes (PyTorch's next_functions). */
  readonly next: Edge[];
  /** Input shapes, to sum broadcast gradients back. */
  readonly shapes: (readonly number[])[];
  /** How many outputs the op had (split, unbind: several). */
  readonly numOutputs: number;
  #vjp: ((gs: (GradTensor | null)[]) => (GradTensor | null)[]) | null;
  #saved: Saved[];
  /** The leaf this node accumulates into (AccumulateGrad only). */
  readonly variable: GradTensor | null;
  // the hook, retain and inner collections are made on first write (every recorded op makes a node, few get
  // hooks); until then readers see shared empty ones
  #preHooks: Map<number, GradHook[]> | null = null;
  #nodePreHooks: NodePreHook[] | null = null;
  #postHooks: NodePostHook[] | null = null;
  #postAccumulateHooks: ((t: GradTensor) => void)[] | null = null;
  #retained: Map<number, GradTensor> | null = null;
  #inner: Node[] | null = null;
  /** Hooks on the gradients flowing into this node's outputs (a tensor's registerHook), per output. */
  get preHooks(): ReadonlyMap<number, readonly GradHook[]> {
    return this.#preHooks ?? NONE_BY_OUTPUT;
  }
  /** Hooks called with all output gradients before the node runs (Node.registerPrehook). */
  get nodePreHooks(): readonly NodePreHook[] {
    return this.#nodePreHooks ?? NONE;
  }
  /** Hooks called with (gradInputs, gradOutputs) after the node ran (Node.registerHook, module backward hooks). */
  get postHooks(): readonly NodePostHook[] {
    return this.#postHooks ?? NONE;
  }
  /** Hooks called with the leaf after its .grad was accumulated (AccumulateGrad only). */
  get postAccumulateHooks(): readonly ((t: GradTensor) => void)[] {
    return this.#postAccumulateHooks ?? NONE;
  }
  /** Non-leaf outputs whose .grad the user asked to keep, per output. */
  get retained(): ReadonlyMap<number, GradTensor> {
    return this.#retained ?? NONE_BY_OUTPUT;
  }
  /** Keeps output `nr`'s gradient in `t.grad` (Tensor.retainGrad). */
  retain(nr: number, t: GradTensor): void {
    (this.#retained ??= new Map()).set(nr, t);
  }
  /** Stops keeping output `nr`'s gradient in `t` (its history moved to another node). */
  unretain(nr: number, t: GradTensor): void {
    if (this.#retained?.get(nr) === t) this.#retained.delete(nr);
  }
  /** Whether the vjp runs user code (module backward hooks) that may keep the gradients it returns. */
  exposesGrads = false;
  /** Saved tensors that are this node's own outputs (named after this node in version errors, as PyTorch does). */
  savedOutputs: readonly GradTensor[] = [];
  /** Nodes this node applies itself (CopySlices applies the in-place op's node): released with it. */
  get inner(): readonly Node[] {
    return this.#inner ?? NONE;
  }
  /** Adds a node this node applies itself. */
  addInner(n: Node): void {
    (this.#inner ??= []).push(n);
  }
  /** Whether backward frees something this node needs (saved tensors or values), as PyTorch's release_variables. */
  #holds: boolean;
  /** In anomaly mode: the stack of the forward call that made this node (reported when its backward fails). */
  readonly forwardStack: string | null = isAnomalyEnabled() ? (new Error().stack ?? null) : null;

  /** A node: its name, input edges and shapes, vjp, saved tensors, leaf (AccumulateGrad) and output count. */
  constructor(
    name: string,
    next: Edge[],
    shapes: (readonly number[])[],
    vjp: ((gs: (GradTensor | null)[]) => (GradTensor | null)[]) | null,
    saved: GradTensor[] = [],
    variable: GradTensor | null = null,
    numOutputs = 1,
    holdsSaved = saved.length > 0,
    versions?: readonly number[],
  ) {
    this.name = name;
    this.next = next;
    this.shapes = shapes;
    this.#vjp = vjp;
    // the versions the saved tensors had when saved (given when an in-place op ran before the node was made)
    this.#saved = saved.map((t, i) => ({ t, version: versions?.[i] ?? t.storage.version }));
    this.variable = variable;
    this.numOutputs = numOutputs;
    this.#holds = holdsSaved;
  }

  /** PyTorch's repr of a grad_fn: `<MulBackward0 object>` (its name, for printing and templates). */
  toString(): string {
    return `<${this.name} object>`;
  }
  /** Deno.inspect / console.log print the same. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** PyTorch's `next_functions`: [node, input index] pairs. */
  get nextFunctions(): [Node | null, number][] {
    return this.next.map((e) => (e ? [e.node, e.nr] : [null, 0]));
  }

  /** Registers a hook on the gradient of output `nr` (Tensor.registerHook); returns its remover. */
  addPreHook(nr: number, hook: GradHook): RemovableHandle {
    const hooks = this.#preHooks ??= new Map();
    const list = hooks.get(nr) ?? [];
    hooks.set(nr, list);
    return register(list, hook);
  }

  /** Registers a hook run after this AccumulateGrad node stored its leaf's .grad (registerPostAccumulateGradHook). */
  addPostAccumulateHook(hook: (t: GradTensor) => void): RemovableHandle {
    return register(this.#postAccumulateHooks ??= [], hook);
  }

  /**
   * PyTorch's `Node.register_prehook`: `hook(gradOutputs)` runs before the
   * node, after the tensors' own hooks and retained gradients, and may
   * return replacement output gradients.
   *
   * @example
   * ```ts
   * import { torch } from "../../mod.ts";
   * const x = torch.tensor([1, 2], { requiresGrad: true });
   * const y = x.mul(3);
   * y.gradFn!.registerPrehook(([g]: (torch.Tensor | null)[]) => [g!.add(1)]);
   * y.sum().backward();
   * console.log(x.grad!.tolist()); // [6, 6]
   * ```
   */
  registerPrehook<T extends GradTensor = GradTensor>(hook: NodePreHook<T>): RemovableHandle {
    return register(this.#nodePreHooks ??= [], hook as unknown as NodePreHook);
  }

  /**
   * PyTorch's `Node.register_hook`: `hook(gradInputs, gradOutputs)` runs
   * after the node and may return replacement input gradients (one per
   * input; an AccumulateGrad node passes no input gradients).
   *
   * @example
   * ```ts
   * import { torch } from "../../mod.ts";
   * const x = torch.tensor([1, 2], { requiresGrad: true });
   * const y = x.mul(3);
   * y.gradFn!.registerHook((gi: (torch.Tensor | null)[]) => gi.map((g) => g && g.mul(2)));
   * y.sum().backward();
   * console.log(x.grad!.tolist()); // [6, 6]
   * ```
   */
  registerHook<T extends GradTensor = GradTensor>(hook: NodePostHook<T>): RemovableHandle {
    return register(this.#postHooks ??= [], hook as unknown as NodePostHook);
  }

  /**
   * Frees the saved values (after a backward without retainGraph). A node
   * that saved nothing (AddBackward0, views) keeps working, as in PyTorch:
   * only nodes whose saved values are gone refuse a second backward.
   */
  release(): void {
    if (this.variable) return;
    for (const n of this.inner) n.release();
    if (!this.#holds) return;
    this.#vjp = null;
    this.#saved = [];
  }

  /** Input gradients for output gradients, each summed to its input's shape. */
  apply<T extends GradTensor>(gs: (T | null)[], ops: GradOps<T>): (T | null)[] {
    if (!this.#vjp) {
      throw new RuntimeError(
        "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
          "Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). " +
          "Specify retainGraph: true if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.",
      );
    }
    for (const s of this.#saved) {
      if (s.t.storage.version !== s.version) {
        // PyTorch names the node of a saved output, else the saved tensor's current history (none for a leaf)
        const own = this.savedOutputs.indexOf(s.t);
        const fn = own >= 0 ? this : s.t.gradFn, nr = own >= 0 ? own : s.t.outputNr;
        const which = fn ? `, which is output ${nr} of ${fn.name.replace(/Backward\d*$/, "")},` : "";
        throw new RuntimeError(
          `one of the variables needed for gradient computation has been modified by an inplace operation: ` +
            `[${ops.describe(s.t as T)}]${which} is at version ${s.t.storage.version}; ` +
            `expected version ${s.version} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).`,
        );
      }
    }
    const grads = this.#vjp(gs) as (T | null)[];
    return grads.map((x, i) => {
      if (x === null || x === undefined || !this.next[i]) return null;
      const want = this.shapes[i];
      const r = ops.sumTo(x, want);
      if (r.layout.shape.length !== want.length || r.layout.shape.some((d, j) => d !== want[j])) {
        throw new RuntimeError(
          `Function ${this.name} returned an invalid gradient at index ${i} - got [${r.layout.shape}] but expected shape compatible with [${want}]`,
        );
      }
      return r;
    });
  }
}

/** The node a tensor's gradient flows into: its gradFn, or its leaf accumulator. */
const accumulators = new WeakMap<GradTensor, Node>();
export function edgeOf(t: GradTensor): Edge {
  if (!t.requiresGrad) return null;
  if (t.gradFn) return { node: t.gradFn, nr: t.outputNr };
  return { node: accumulatorOf(t), nr: 0 };
}

/** The AccumulateGrad node of a leaf (made once, kept while the leaf lives). */
export function accumulatorOf(t: GradTensor): Node {
  let acc = accumulators.get(t);
  if (!acc) {
    acc = new Node("AccumulateGrad", [], [t.layout.shape], null, [], t);
    accumulators.set(t, acc);
  }
  return acc;
}

/** Nodes reachable from `roots`, and how many edges point at each. */
function dependencies(roots: Node[], runs: Set<Node> | null, caps: Set<Node>): Map<Node, number> {
  const deps = new Map<Node, number>();
  const stack = [...roots];
  const seen = new Set<Node>(roots);
  while (stack.length) {
    const n = stack.pop()!;
    // a pruned walk (see nodesToRun) follows only the edges the engine takes: from nodes that run, into nodes that
    // run or capture a gradient
    if (runs && !runs.has(n)) continue;
    for (const e of n.next) {
      if (!e || (runs && !runs.has(e.node) && !caps.has(e.node))) continue;
      deps.set(e.node, (deps.get(e.node) ?? 0) + 1);
      if (!seen.has(e.node)) {
        seen.add(e.node);
        stack.push(e.node);
      }
    }
  }
  return deps;
}

/**
 * torch.autograd.grad's nodes to run: those with a path to a node that captures a gradient (an input's edge), as
 * PyTorch's exec_info. The rest of the graph is neither run nor freed, so a later backward through it still works.
 * Post-order over the DAG, without recursion (graphs can be deep).
 */
function nodesToRun(roots: Node[], caps: Set<Node>): Set<Node> {
  const runs = new Set<Node>(), done = new Set<Node>();
  for (const root of roots) {
    if (done.has(root)) continue;
    done.add(root);
    const stack: { n: Node; i: number }[] = [{ n: root, i: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.i < top.n.next.length) {
        const e = top.n.next[top.i++];
        if (e && !done.has(e.node)) {
          done.add(e.node);
          stack.push({ n: e.node, i: 0 });
        }
      } else {
        stack.pop();
        if (top.n.next.some((e) => e && (caps.has(e.node) || runs.has(e.node)))) runs.add(top.n);
      }
    }
  }
  return runs;
}

/** A node hook's replacement gradients (none: keep them), which must be as many as it was given (PyTorch's check). */
function checkedHookResult(
  r: (GradTensor | null)[] | void | undefined,
  given: (GradTensor | null)[],
  name: string,
): (GradTensor | null)[] {
  if (r === undefined || r === null) return given;
  if (!Array.isArray(r) || r.length !== given.length) {
    const got = Array.isArray(r) ? r.length : 1;
    throw new RuntimeError(
      `hook '${name}' has returned an incorrect number of values (got ${got}, but expected ${given.length})`,
    );
  }
  return r;
}

function runHooks<T extends GradTensor>(hooks: readonly GradHook[] | undefined, g: T): T {
  if (!hooks) return g;
  let cur = g;
  for (const h of [...hooks]) {
    const r = h(cur);
    if (r !== undefined && r !== null) cur = r as T;
  }
  return cur;
}

/**
 * Runs backward from `roots` with their gradients. With `capture`, the
 * gradients reaching those edges are returned instead of accumulated into
 * leaves (torch.autograd.grad).
 */
export function runBackward<T extends GradTensor>(
  roots: T[],
  grads: T[],
  ops: GradOps<T>,
  opts: { retainGraph: boolean; createGraph: boolean; capture?: Edge[] },
): Map<string, T> {
  const rootEdges = roots.map((r) => edgeOf(r)!);
  const rootNodes = [...new Set(rootEdges.map((e) => e.node))];
  const capNodes = new Set<Node>();
  for (const e of opts.capture ?? []) if (e) capNodes.add(e.node);
  const runs = opts.capture ? nodesToRun(rootNodes, capNodes) : null;
  const deps = dependencies(rootNodes, runs, capNodes);
  const pending = new Map<Node, (T | null)[]>();
  // How many pending slots hold each gradient, and the gradients user code saw (hooks, module backward
  // hooks): a leaf may take a gradient as its .grad without a copy only when neither holds it.
  const since = ops.serial();
  const refs = new Map<T, number>();
  const exposed = new Set<T>();
  const unhold = (g: T) => {
    const k = refs.get(g)! - 1;
    if (k > 0) refs.set(g, k);
    else refs.delete(g);
  };
  const add = (n: Node, nr: number, g: T) => {
    let slot = pending.get(n);
    if (!slot) pending.set(n, slot = new Array(n.numOutputs).fill(null));
    const old = slot[nr];
    if (old) unhold(old);
    const now = slot[nr] = old ? ops.add(old, g) : g;
    refs.set(now, (refs.get(now) ?? 0) + 1);
  };
  const expose = (gs: (T | null)[]) => {
    for (const g of gs) if (g) exposed.add(g);
  };
  rootEdges.forEach((e, i) => add(e.node, e.nr, grads[i]));
  const captured = new Map<string, T>();
  const captureKeys = new Map<Node, Set<number>>();
  for (const e of opts.capture ?? []) {
    if (!e) continue;
    captureKeys.set(e.node, (captureKeys.get(e.node) ?? new Set()).add(e.nr));
  }
  const ready = rootNodes.filter((n) => !deps.get(n));
  const visited: Node[] = [];
  withGradMode(opts.createGraph, () => {
    while (ready.length) {
      const node = ready.pop()!;
      let gs = pending.get(node) ?? new Array(node.numOutputs).fill(null);
      pending.delete(node);
      for (const g of gs) if (g) unhold(g);
      if (node.preHooks.size) {
        expose(gs);
        gs = gs.map((g, nr) => (g ? runHooks(node.preHooks.get(nr), g) : g));
        expose(gs);
      }
      // (under grad, a node off every path to the inputs only passes its captured gradient on: it does not run)
      const runsNode = runs === null || runs.has(node);
      if (runsNode) visited.push(node);
      for (const [nr, t] of node.retained) if (gs[nr]) ops.retain(t as T, gs[nr]!);
      // torch.autograd.grad captures a leaf's gradient at its edge: its AccumulateGrad node (and hooks) never runs
      const skip = node.variable !== null && opts.capture !== undefined;
      if (!skip && node.nodePreHooks.length) {
        expose(gs);
        for (const h of [...node.nodePreHooks]) gs = checkedHookResult(h(gs), gs, h.name) as (T | null)[];
        expose(gs);
      }
      const caps = captureKeys.get(node);
      if (caps) { for (const nr of caps) if (gs[nr]) captured.set(keyOf(node, nr), gs[nr]!); }
      const any = gs.some((g) => g !== null);
      let inGrads: (T | null)[] = [];
      if (any) {
        if (node.variable) {
          if (!skip) {
            const g = gs[0]!;
            // a post hook is handed the gradient: it may keep it, so the leaf gets a copy
            const sole = !opts.createGraph && !refs.has(g) && !exposed.has(g) && !node.postHooks.length;
            ops.accumulate(node.variable as T, g, opts.createGraph, sole ? since : null);
            for (const h of [...node.postAccumulateHooks]) h(node.variable);
            for (const h of [...node.postHooks]) h([], gs);
          }
        } else if (runsNode) {
          inGrads = isAnomalyEnabled() ? applyChecked(node, gs, ops) : node.apply(gs, ops);
          if (node.exposesGrads) expose(inGrads);
          if (node.postHooks.length) {
            expose(inGrads);
            expose(gs);
            for (const h of [...node.postHooks]) {
              inGrads = checkedHookResult(h(inGrads, gs), inGrads, h.name) as (T | null)[];
            }
            expose(inGrads);
          }
        }
      }
      if (runsNode) {
        node.next.forEach((e, i) => {
          if (!e || (runs && !runs.has(e.node) && !capNodes.has(e.node))) return;
          const gi = inGrads[i];
          if (gi) add(e.node, e.nr, gi);
          const left = deps.get(e.node)! - 1;
          deps.set(e.node, left);
          if (left === 0) ready.push(e.node);
        });
      }
    }
  });
  if (!opts.retainGraph) { for (const n of visited) n.release(); }
  return captured;
}

/**
 * Anomaly mode's node run: a failure first reports the forward call that made the node (PyTorch's warning), and a
 * NaN in a result is PyTorch's error naming the node and the output.
 */
function applyChecked<T extends GradTensor>(node: Node, gs: (T | null)[], ops: GradOps<T>): (T | null)[] {
  let r: (T | null)[];
  try {
    r = node.apply(gs, ops);
  } catch (e) {
    if (node.forwardStack) {
      console.warn(
        `Error detected in ${node.name}. Traceback of forward call that caused the error:\n${node.forwardStack}`,
      );
    }
    throw e;
  }
  if (isAnomalyCheckNanEnabled()) {
    r.forEach((g, i) => {
      if (g && ops.hasNan(g)) {
        throw new RuntimeError(`Function '${node.name}' returned nan values in its ${i}th output.`);
      }
    });
  }
  return r;
}

/** The key of a captured edge in runBackward's result. */
export function keyOf(node: Node, nr: number): string {
  return `${nodeIds.get(node) ?? assignId(node)}:${nr}`;
}
const nodeIds = new WeakMap<Node, number>();
let nextId = 0;
function assignId(n: Node): number {
  const id = nextId++;
  nodeIds.set(n, id);
  return id;
}
