/**
 * torch.distributed's error classes: `DistError` for misuse that only the
 * distributed package can detect, `DistBackendError` when MPI or NCCL
 * fails (or cannot be loaded).
 */
import { RuntimeError } from "../core/errors.ts";

/**
 * PyTorch's `torch.distributed.DistError` (a RuntimeError).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DistError } from "./errors.ts";
 * assert(new DistError("x") instanceof Error);
 * ```
 */
export class DistError extends RuntimeError {
  constructor(message: string) {
    super(message);
    this.name = "DistError";
  }
}

/**
 * A failure of the communication library (PyTorch's `DistBackendError`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DistBackendError, DistError } from "./errors.ts";
 * assert(new DistBackendError("MPI_Allreduce failed") instanceof DistError);
 * ```
 */
export class DistBackendError extends DistError {
  constructor(message: string) {
    super(message);
    this.name = "DistBackendError";
  }
}
