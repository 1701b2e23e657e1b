/**
 * Process groups: `initProcessGroup`, `newGroup`, `destroyProcessGroup`
 * and the questions about them (`getRank`, `getWorldSize`, ...).
 *
 * The processes are started by `mpirun`, which tells each its rank and the
 * world's size: there is no rendezvous of our own. Open MPI is initialized
 * once per process (MPI_THREAD_MULTIPLE, because `asyncOp` calls run on
 * pool threads) and finalized when the process ends normally (an `unload`
 * listener; without it mpirun reports an improper exit). A process that
 * ends with an uncaught error does not finalize: mpirun sees it fail and
 * ends the other ranks, so no rank waits forever for it.
 *
 * A group has an MPI communicator for CPU tensors and, with the "nccl"
 * backend on a machine with GPUs, an NCCL communicator for CUDA tensors,
 * created when the group is (rank 0 makes NCCL's unique id, MPI
 * broadcasts it).
 */
import { Binder, type Converters, opt } from "../api/signature.ts";
import { probeCuda } from "../backend/cuda_context.ts";
import { env } from "../../ffi/permissions.ts";
import type { Comm } from "./comm.ts";
import { DistBackendError, DistError } from "./errors.ts";
import { MpiComm } from "./mpi_comm.ts";
import { checkMpi, MPI_THREAD_MULTIPLE, type MpiApi, openMpi } from "./mpi_ffi.ts";
import { NcclComm } from "./nccl_comm.ts";
import { NCCL_UNIQUE_ID_BYTES, openNccl } from "./nccl_ffi.ts";
import { getNumThreads, setNumThreads } from "../torch/num_threads.ts";

/** The backends: MPI for CPU tensors, NCCL for CUDA tensors, or both. */
export type BackendName = "mpi" | "nccl" | "cpu:mpi,cuda:nccl";

const NOT_INITIALIZED = "Default process group has not been initialized, please make sure to call init_process_group.";

/**
 * A group of processes that run collectives together (PyTorch's
 * ProcessGroup). Made by `initProcessGroup` (the world) and `newGroup`;
 * a process outside a group holds one whose `rank` is -1.
 *
 * @example
 * ```ts ignore
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const evens = dist.newGroup([0, 2]); // every rank calls newGroup
 * console.log(dist.getRank(evens)); // 0 or 1 on ranks 0 and 2, -1 elsewhere
 * ```
 */
export class ProcessGroup {
  /** The backend name ("mpi", "nccl", "cpu:mpi,cuda:nccl"). */
  readonly backend: BackendName;
  /** The members' ranks in the world, in group-rank order. */
  readonly ranks: readonly number[];
  /** This process's rank in the group (-1 when not a member). */
  readonly rank: number;
  /** The group's name (the world is "0", later groups "1", "2", ...). */
  readonly name: string;
  #mpi: MpiComm | null;
  #nccl: NcclComm | null;
  /** Why CUDA tensors cannot be used ("" when they can). */
  readonly #noCuda: string;
  #destroyed = false;

  /** @internal made by initProcessGroup / newGroup */
  constructor(
    backend: BackendName,
    ranks: readonly number[],
    name: string,
    mpi: MpiComm | null,
    nccl: NcclComm | null,
    noCuda: string,
  ) {
    this.backend = backend;
    this.ranks = Object.freeze([...ranks]);
    this.name = name;
    this.#mpi = mpi;
    this.#nccl = nccl;
    this.#noCuda = noCuda;
    this.rank = mpi ? mpi.rank : -1;
  }

  /** The number of processes in the group. */
  size(): number {
    return this.ranks.length;
  }

  /** Whether this process is in the group. */
  get isMember(): boolean {
    return this.rank >= 0;
  }

  /** Whether destroyProcessGroup released it. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** The MPI communicator (members only). */
  get mpi(): MpiComm {
    if (this.#destroyed || !this.#mpi) throw new DistError("Invalid process group specified");
    return this.#mpi;
  }

  /** The communicator that moves tensors on `device`, or PyTorch-like errors naming what is missing. */
  commFor(device: string, fn: string): Comm {
    if (this.#destroyed) throw new DistError(`${fn}: Invalid process group specified (it was destroyed)`);
    if (device === "cpu") {
      if (this.backend === "nccl") {
        throw new DistBackendError(
          `${fn}: the nccl backend only moves CUDA tensors (got a CPU tensor); initialize with ` +
            `initProcessGroup("cpu:mpi,cuda:nccl") to use both`,
        );
      }
      return this.mpi;
    }
    if (device.startsWith("cuda")) {
      if (!this.#nccl) {
        throw new DistBackendError(
          `${fn}: the ${this.backend} backend cannot move a tensor on ${device}` +
            (this.#noCuda ? ` (${this.#noCuda})` : ` (initialize with initProcessGroup("nccl"))`),
        );
      }
      const want = `cuda:${this.#nccl.device}`;
      if (device !== want) {
        throw new DistBackendError(
          `${fn}: the tensor is on ${device}, but this process's NCCL communicator is on ${want} ` +
            `(initProcessGroup's deviceId)`,
        );
      }
      return this.#nccl;
    }
    throw new DistBackendError(`${fn}: no backend for tensors on ${device}`);
  }

  /** The communicator barrier runs on: NCCL's (then the GPU is synchronized) for the nccl backend, else MPI's. */
  barrierComm(): Comm {
    if (this.backend === "nccl" && this.#nccl && !this.#destroyed) return this.#nccl;
    return this.commFor("cpu", "barrier");
  }

  /** @internal releases the communicators (after the calls already made). */
  _destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#nccl?.free();
    this.#mpi?.free();
    this.#mpi = this.#nccl = null;
  }

  toString(): string {
    return `ProcessGroup(name=${this.name}, backend=${this.backend}, ranks=[${this.ranks.join(", ")}])`;
  }
}

// ---------- process state ----------

let world: ProcessGroup | null = null;
const groups: ProcessGroup[] = [];
let mpiReady = false;
let groupCount = 0;

/** The default group, or PyTorch's error when there is none. */
export function defaultGroup(): ProcessGroup {
  if (!world) throw new DistError(NOT_INITIALIZED);
  return world;
}

/** The group a call names (null / undefined: the default group). */
export function resolveGroup(group: unknown, fn: string): ProcessGroup {
  if (group === null || group === undefined) return defaultGroup();
  if (!(group instanceof ProcessGroup)) {
    throw new TypeError(`${fn}(): group must be a ProcessGroup, not ${typeof group}`);
  }
  if (!world) throw new DistError(NOT_INITIALIZED);
  if (group.destroyed) throw new DistError(`${fn}: Invalid process group specified (it was destroyed)`);
  return group;
}

/** Initializes Open MPI once per process and finalizes it when the process ends normally. */
function startMpi(): MpiApi {
  const mpi = openMpi();
  if (mpiReady) return mpi;
  const flag = new Int32Array(1);
  checkMpi(mpi, mpi.MPI_Finalized(flag), "MPI_Finalized");
  if (flag[0]) throw new DistBackendError("initProcessGroup: MPI was already finalized in this process");
  checkMpi(mpi, mpi.MPI_Initialized(flag), "MPI_Initialized");
  if (!flag[0]) {
    const provided = new Int32Array(1);
    checkMpi(mpi, mpi.MPI_Init_thread(null, null, MPI_THREAD_MULTIPLE, provided), "MPI_Init_thread");
    if (provided[0] !== MPI_THREAD_MULTIPLE) {
      throw new DistBackendError(
        `initProcessGroup: Open MPI granted thread level ${provided[0]}, not MPI_THREAD_MULTIPLE (3), which ` +
          "asynchronous collectives need: use an Open MPI built with thread support",
      );
    }
    globalThis.addEventListener("unload", () => {
      for (const g of groups) g._destroy();
      const done = new Int32Array(1);
      mpi.MPI_Finalized(done);
      if (!done[0]) mpi.MPI_Finalize();
    });
  }
  // errors come back as codes (thrown as DistBackendError) instead of aborting the job
  checkMpi(mpi, mpi.MPI_Comm_set_errhandler(mpi.ompi_mpi_comm_world, mpi.ompi_mpi_errors_return), "errhandler");
  mpiReady = true;
  return mpi;
}

/** Broadcasts NCCL's unique id from group rank 0 over the group's control communicator, then joins. */
function ncclComm(mpi: MpiApi, comm: MpiComm, device: number): NcclComm {
  const id = comm.rank === 0 ? NcclComm.uniqueId() : new Uint8Array(NCCL_UNIQUE_ID_BYTES);
  checkMpi(mpi, mpi.MPI_Bcast(Deno.UnsafePointer.of(id), id.length, mpi.ompi_mpi_byte, 0, comm.control), "MPI_Bcast");
  return new NcclComm(id, comm.rank, comm.size, device);
}

interface CudaPlan {
  /** The GPU this process uses with NCCL, or -1. */
  device: number;
  /** Why there is none ("" when there is). */
  reason: string;
}
let cudaPlan: CudaPlan = { device: -1, reason: "" };

/**
 * Ranks on one machine split its cores, as torchrun's OMP_NUM_THREADS=1
 * does (unless OMP_NUM_THREADS is set): with more kernel threads than
 * cores, one rank's threads take the cores another rank needs to reach the
 * next collective, and every rank waits for the slowest.
 */
function shareCores(): void {
  const local = Number(env("OMPI_COMM_WORLD_LOCAL_SIZE") ?? env("LOCAL_WORLD_SIZE") ?? 1);
  if (!(local > 1) || env("OMP_NUM_THREADS") !== undefined) return;
  const share = Math.max(1, Math.floor(navigator.hardwareConcurrency / local));
  if (share < getNumThreads()) setNumThreads(share);
}

function localRank(): number {
  const v = env("OMPI_COMM_WORLD_LOCAL_RANK") ?? env("LOCAL_RANK");
  return v === undefined ? 0 : Number(v) || 0;
}

/** Where this process runs NCCL: `deviceId`, else its local rank modulo the GPUs; checks that NCCL loads. */
function planCuda(backend: BackendName, deviceId: unknown): CudaPlan {
  if (backend === "mpi") return { device: -1, reason: `the mpi backend moves CPU tensors only` };
  const { count, reason } = probeCuda();
  if (count === 0) {
    return {
      device: -1,
      reason: `ProcessGroupNCCL is only supported with GPUs, no GPUs found! (${reason}); use initProcessGroup("mpi")`,
    };
  }
  openNccl();
  let device = localRank() % count;
  if (deviceId !== null) {
    const m = typeof deviceId === "number" ? deviceId : /^cuda:(\d+)$/.exec(String(deviceId))?.[1];
    device = Number(m);
    if (m === undefined || !Number.isInteger(device) || device < 0 || device >= count) {
      throw new RangeError(`initProcessGroup(): deviceId ${String(deviceId)} is not a GPU here (${count} found)`);
    }
  }
  return { device, reason: "" };
}

const CONV: Converters = { array: () => undefined, isArray: () => false, dtype: () => undefined, arrayName: "Tensor" };

const INIT = new Binder("initProcessGroup", {
  pos: [
    opt("backend", "string", null),
    opt("initMethod", "string", null),
    opt("timeout", "number", null),
    opt("worldSize", "int", -1),
    opt("rank", "int", -1),
    opt("store", "any", null),
    opt("groupName", "string", ""),
    opt("pgOptions", "any", null),
    opt("deviceId", "any", null),
  ],
  kw: [],
});

/** initProcessGroup's options (PyTorch's keyword arguments). */
export interface InitOptions {
  backend?: string | null;
  /** Accepted for compatibility: mpirun, not a URL, starts the processes ("env://" or null). */
  initMethod?: string | null;
  /** Accepted for compatibility; MPI calls have no timeout. */
  timeout?: number | null;
  /** When given, must equal mpirun's `-np`. */
  worldSize?: number;
  /** When given, must equal the rank mpirun gave this process. */
  rank?: number;
  store?: null;
  groupName?: string;
  pgOptions?: null;
  /** The GPU NCCL uses ("cuda:1" or 1); default: the local rank modulo the GPUs. */
  deviceId?: string | number | null;
}

function backendName(b: string | null, fn: string): BackendName {
  if (b === null) {
    // PyTorch's default: both backends when CUDA is usable
    return probeCuda().count > 0 ? "cpu:mpi,cuda:nccl" : "mpi";
  }
  const s = b.toLowerCase();
  if (s === "mpi" || s === "nccl") return s;
  if (s === "cpu:mpi,cuda:nccl" || s === "cuda:nccl,cpu:mpi") return "cpu:mpi,cuda:nccl";
  throw new DistError(
    `${fn}(): backend ${JSON.stringify(b)} is not available in dendrite: use "mpi" (CPU tensors), "nccl" ` +
      `(CUDA tensors) or "cpu:mpi,cuda:nccl"`,
  );
}

/**
 * Joins the processes mpirun started into the default group
 * (`torch.distributed.init_process_group`). Every rank calls it. Launch:
 * `mpirun -np 2 deno run -A train.ts`.
 *
 * @example
 * ```ts ignore
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * console.log(`rank ${dist.getRank()} of ${dist.getWorldSize()}`);
 * ```
 */
export function initProcessGroup(
  ...args: [backend?: string | null, options?: Omit<InitOptions, "backend">] | [options: InitOptions]
): void {
  const a = INIT.bind(args, CONV);
  if (world) throw new DistError("trying to initialize the default process group twice!");
  const backend = backendName(a.backend, "initProcessGroup");
  if (a.initMethod !== null && a.initMethod !== "env://") {
    throw new DistError(
      `initProcessGroup(): initMethod ${JSON.stringify(a.initMethod)} is not used: mpirun starts the processes ` +
        `and tells each its rank (leave it out, or pass "env://")`,
    );
  }
  if (a.store !== null) throw new DistError("initProcessGroup(): store is not used: mpirun starts the processes");
  const plan = planCuda(backend, a.deviceId);
  if (backend === "nccl" && plan.device < 0) throw new DistBackendError(plan.reason);
  const mpi = startMpi();
  const comm = new MpiComm(mpi, mpi.ompi_mpi_comm_world, false);
  for (const [name, v, real] of [["worldSize", a.worldSize, comm.size], ["rank", a.rank, comm.rank]] as const) {
    if (v !== -1 && v !== real) {
      comm.free();
      throw new DistError(
        `initProcessGroup(): ${name} ${v} does not match mpirun's (${real}): the world is what mpirun started`,
      );
    }
  }
  cudaPlan = plan;
  shareCores();
  const nccl = plan.device >= 0 ? ncclComm(mpi, comm, plan.device) : null;
  const ranks = [...Array(comm.size).keys()];
  world = new ProcessGroup(backend, ranks, a.groupName || "0", comm, nccl, plan.reason);
  groupCount = 1;
  groups.push(world);
}

/** Whether the default group exists (`torch.distributed.is_initialized`). */
export function isInitialized(): boolean {
  return world !== null;
}

/**
 * Whether torch.distributed can be used in this build (always: Open MPI
 * itself is loaded by initProcessGroup; see isMpiAvailable).
 *
 * @example
 * ```ts
 * import { isAvailable } from "./process_group.ts";
 * console.log(isAvailable()); // true
 * ```
 */
export function isAvailable(): boolean {
  return true;
}

/**
 * Whether Open MPI's library can be loaded here.
 *
 * @example
 * ```ts
 * import { isMpiAvailable } from "./process_group.ts";
 * console.log(isMpiAvailable()); // true where `apt-get install libopenmpi-dev openmpi-bin` was run
 * ```
 */
export function isMpiAvailable(): boolean {
  try {
    openMpi();
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether NCCL's library can be loaded here (a GPU is needed to use it).
 *
 * @example
 * ```ts
 * import { isNcclAvailable } from "./process_group.ts";
 * console.log(isNcclAvailable()); // true after `pip install nvidia-nccl-cu13`
 * ```
 */
export function isNcclAvailable(): boolean {
  try {
    openNccl();
    return true;
  } catch {
    return false;
  }
}

const GROUP_ARG = new Binder("getRank", { pos: [opt("group", "any", null)], kw: [] });

/**
 * This process's rank in `group` (the default group when omitted), -1 when
 * it is not a member.
 *
 * @example
 * ```ts ignore
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * if (dist.getRank() === 0) console.log("the main process");
 * ```
 */
export function getRank(...args: [group?: ProcessGroup | null] | [{ group?: ProcessGroup | null }]): number {
  return resolveGroup(GROUP_ARG.bind(args, CONV).group, "getRank").rank;
}

/**
 * The number of processes in `group` (-1 when this process is not a member).
 *
 * @example
 * ```ts ignore
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * console.log(dist.getWorldSize()); // mpirun's -np
 * ```
 */
export function getWorldSize(...args: [group?: ProcessGroup | null] | [{ group?: ProcessGroup | null }]): number {
  const g = resolveGroup(GROUP_ARG.bind(args, CONV).group, "getWorldSize");
  return g.isMember ? g.size() : -1;
}

/**
 * The backend of `group` ("mpi", "nccl" or "cpu:mpi,cuda:nccl").
 *
 * @example
 * ```ts ignore
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * console.log(dist.getBackend()); // "mpi"
 * ```
 */
export function getBackend(...args: [group?: ProcessGroup | null] | [{ group?: ProcessGroup | null }]): BackendName {
  return resolveGroup(GROUP_ARG.bind(args, CONV).group, "getBackend").backend;
}

/**
 * The world ranks of a group's members, in group-rank order.
 *
 * @example
 * ```ts ignore
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * console.log(dist.getProcessGroupRanks(dist.newGroup([1, 0]))); // [0, 1]
 * ```
 */
export function getProcessGroupRanks(group: ProcessGroup | null = null): number[] {
  return [...resolveGroup(group, "getProcessGroupRanks").ranks];
}

/**
 * The world rank of `groupRank` in `group`.
 *
 * @example
 * ```ts ignore
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * console.log(dist.getGlobalRank(dist.newGroup([1, 2]), 0)); // 1
 * ```
 */
export function getGlobalRank(group: ProcessGroup | null, groupRank: number): number {
  const g = resolveGroup(group, "getGlobalRank");
  if (!Number.isInteger(groupRank) || groupRank < 0 || groupRank >= g.ranks.length) {
    throw new RangeError(`Group rank ${groupRank} is not part of group ${g}`);
  }
  return g.ranks[groupRank];
}

/**
 * The rank in `group` of world rank `globalRank`.
 *
 * @example
 * ```ts ignore
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * console.log(dist.getGroupRank(dist.newGroup([1, 2]), 2)); // 1
 * ```
 */
export function getGroupRank(group: ProcessGroup | null, globalRank: number): number {
  const g = resolveGroup(group, "getGroupRank");
  const i = g.ranks.indexOf(globalRank);
  if (i < 0) throw new RangeError(`Global rank ${globalRank} is not part of group ${g}`);
  return i;
}

const NEW_GROUP = new Binder("newGroup", {
  pos: [
    opt("ranks", "ints", null),
    opt("timeout", "number", null),
    opt("backend", "string", null),
    opt("pgOptions", "any", null),
    opt("useLocalSynchronization", "bool", false),
    opt("groupDesc", "string", null),
    opt("deviceId", "any", null),
  ],
  kw: [],
});

/** newGroup's options (PyTorch's keyword arguments). */
export interface NewGroupOptions {
  ranks?: number[] | null;
  timeout?: number | null;
  /** "mpi", "nccl" or "cpu:mpi,cuda:nccl"; default: the default group's. */
  backend?: string | null;
  pgOptions?: null;
  /** Must be false: creating an MPI communicator involves every rank of the world. */
  useLocalSynchronization?: boolean;
  groupDesc?: string | null;
  deviceId?: null;
}

/**
 * A group of some ranks of the world (all when `ranks` is omitted),
 * ranked in increasing world-rank order (`torch.distributed.new_group`).
 * Every process of the world must call it, members or not, in the same
 * order as its other newGroup calls.
 *
 * @example
 * ```ts ignore
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const pair = dist.newGroup([0, 1]);
 * if (pair.isMember) await dist.allReduce(torch.ones(3), { group: pair });
 * ```
 */
export function newGroup(
  ...args: [ranks?: number[] | null, options?: Omit<NewGroupOptions, "ranks">] | [options: NewGroupOptions]
): ProcessGroup {
  const a = NEW_GROUP.bind(args, CONV);
  const w = defaultGroup();
  const n = w.size();
  const ranks: number[] = a.ranks === null ? [...Array(n).keys()] : typeof a.ranks === "number" ? [a.ranks] : a.ranks;
  for (const r of ranks) {
    if (r < 0 || r >= n) throw new RangeError(`newGroup(): rank ${r} is not in the world (size ${n})`);
  }
  const sorted = [...new Set(ranks)].sort((x, y) => x - y);
  if (sorted.length !== ranks.length) throw new RangeError(`newGroup(): ranks [${ranks.join(", ")}] repeat a rank`);
  if (a.useLocalSynchronization) {
    throw new DistError("newGroup(): useLocalSynchronization is not supported: every rank of the world takes part");
  }
  const backend = a.backend === null ? w.backend : backendName(a.backend, "newGroup");
  const mpi = openMpi(), control = w.mpi.control;
  // MPI_Comm_create is collective over the world; it is made on the JS thread, on the control communicator
  const group = new BigUint64Array(1), sub = new BigUint64Array(1), out = new BigUint64Array(1);
  checkMpi(mpi, mpi.MPI_Comm_group(control, group), "MPI_Comm_group");
  const g = Deno.UnsafePointer.create(group[0]);
  checkMpi(mpi, mpi.MPI_Group_incl(g, sorted.length, new Int32Array(sorted), sub), "MPI_Group_incl");
  checkMpi(mpi, mpi.MPI_Comm_create(control, Deno.UnsafePointer.create(sub[0]), out), "MPI_Comm_create");
  mpi.MPI_Group_free(sub);
  mpi.MPI_Group_free(group);
  const handle = Deno.UnsafePointer.create(out[0]);
  const member = Deno.UnsafePointer.value(handle) !== Deno.UnsafePointer.value(mpi.ompi_mpi_comm_null);
  const comm = member ? new MpiComm(mpi, handle, true) : null;
  const useNccl = backend !== "mpi" && cudaPlan.device >= 0;
  if (backend === "nccl" && !useNccl) throw new DistBackendError(cudaPlan.reason || "newGroup(): no NCCL device");
  const nccl = comm && useNccl ? ncclComm(mpi, comm, cudaPlan.device) : null;
  const pg = new ProcessGroup(backend, sorted, String(groupCount++), comm, nccl, useNccl ? "" : cudaPlan.reason);
  groups.push(pg);
  return pg;
}

/**
 * Releases `group`, or every group (the default one included) when
 * omitted; calls already made finish first. After destroying the default
 * group, initProcessGroup may be called again (MPI itself stays
 * initialized until the process ends).
 *
 * @example
 * ```ts ignore
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * dist.destroyProcessGroup();
 * console.log(dist.isInitialized()); // false
 * ```
 */
export function destroyProcessGroup(group: ProcessGroup | null = null): void {
  if (group === null || group === world) {
    if (!world) throw new DistError(NOT_INITIALIZED);
    for (const g of groups) g._destroy();
    groups.length = 0;
    world = null;
    return;
  }
  resolveGroup(group, "destroyProcessGroup")._destroy();
  groups.splice(groups.indexOf(group) >>> 0, 1);
}

/**
 * @internal A group with the same members as `group` on new communicators
 * (DDP's buckets, so several all-reduces can be in flight at once). Every
 * member must call it, in the same order.
 */
export function duplicateGroup(group: ProcessGroup): ProcessGroup {
  const mpi = openMpi(), out = new BigUint64Array(1);
  checkMpi(mpi, mpi.MPI_Comm_dup(group.mpi.control, out), "MPI_Comm_dup");
  const comm = new MpiComm(mpi, Deno.UnsafePointer.create(out[0]), true);
  const pg = new ProcessGroup("mpi", group.ranks, `${group.name}.dup`, comm, null, cudaPlan.reason);
  groups.push(pg);
  return pg;
}

/**
 * PyTorch's `torch.distributed.group`: `group.WORLD` is the default group
 * (null before initProcessGroup).
 *
 * @example
 * ```ts
 * import { group } from "./process_group.ts";
 * console.log(group.WORLD); // null until initProcessGroup
 * ```
 */
export const group: { readonly WORLD: ProcessGroup | null } = {
  get WORLD(): ProcessGroup | null {
    return world;
  },
};
