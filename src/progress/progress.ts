/**
 * `progress(iterable, { total, desc })`: a tqdm-like bar with count, rate,
 * ETA and a postfix (e.g. the running loss). On a terminal it redraws in
 * place; otherwise (CI logs) it prints a plain line at most every
 * `minInterval` seconds and at the end.
 */

/** Options. */
export interface ProgressOptions {
  /** The number of steps (default: the iterable's length, when it has one). */
  total?: number;
  /** A label printed before the bar. */
  desc?: string;
  /** Seconds between plain (non-TTY) lines. */
  minInterval?: number;
  /** Where to write (default stderr). */
  write?: (s: string) => void;
  /** Override terminal detection. */
  tty?: boolean;
  /** The bar's width in characters. */
  width?: number;
}

const fmtTime = (s: number) => {
  if (!Number.isFinite(s)) return "?";
  const m = Math.floor(s / 60), sec = Math.floor(s % 60);
  return `${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`;
};

/** A progress bar that wraps an iterable; also drivable by hand with update(). */
export class Progress<T> implements Iterable<T>, AsyncIterable<T> {
  /** The number of steps, when known. */
  readonly total?: number;
  /** Steps done so far. */
  n = 0;
  #src: Iterable<T> | AsyncIterable<T> | null;
  #desc: string;
  #postfix: Record<string, unknown> = {};
  #start = performance.now();
  #lastPrint = 0;
  #tty: boolean;
  #write: (s: string) => void;
  #minInterval: number;
  #width: number;

  /** A bar over `src` (null: driven by hand with update()). */
  constructor(src: Iterable<T> | AsyncIterable<T> | null, opts: ProgressOptions = {}) {
    this.#src = src;
    const len = src && "length" in (src as object) ? (src as unknown as { length: number }).length : undefined;
    this.total = opts.total ?? len;
    this.#desc = opts.desc ?? "";
    this.#tty = opts.tty ?? Deno.stderr.isTerminal();
    const enc = new TextEncoder();
    this.#write = opts.write ?? ((s) => Deno.stderr.writeSync(enc.encode(s)));
    this.#minInterval = opts.minInterval ?? 10;
    this.#width = opts.width ?? 30;
  }

  /** Sets the values shown after the bar (`loss=0.123`). */
  setPostfix(p: Record<string, unknown>): void {
    this.#postfix = p;
  }

  /** Advances by n and redraws when due. */
  update(n = 1): void {
    this.n += n;
    this.#render(false);
  }

  /** The current status line. */
  line(): string {
    const el = (performance.now() - this.#start) / 1000;
    const rate = el > 0 ? this.n / el : 0;
    const post = Object.entries(this.#postfix).map(([k, v]) =>
      `${k}=${typeof v === "number" ? Number(v.toPrecision(4)) : v}`
    ).join(", ");
    const desc = this.#desc ? `${this.#desc}: ` : "";
    const tail = ` [${fmtTime(el)}<${this.total ? fmtTime((this.total - this.n) / rate) : "?"}, ${rate.toFixed(2)}it/s${
      post ? ", " + post : ""
    }]`;
    if (!this.total) return `${desc}${this.n}it${tail}`;
    const frac = Math.min(1, this.n / this.total);
    const filled = Math.round(frac * this.#width);
    const bar = "█".repeat(filled) + " ".repeat(this.#width - filled);
    return `${desc}${String(Math.floor(frac * 100)).padStart(3)}%|${bar}| ${this.n}/${this.total}${tail}`;
  }

  #render(final: boolean): void {
    const now = performance.now();
    if (this.#tty) {
      if (final || now - this.#lastPrint > 50) {
        this.#write(`\r${this.line()}\x1b[K${final ? "\n" : ""}`);
        this.#lastPrint = now;
      }
    } else if (final || now - this.#lastPrint >= this.#minInterval * 1000) {
      this.#write(this.line() + "\n");
      this.#lastPrint = now;
    }
  }

  /** Prints the final line. */
  close(): void {
    this.#render(true);
  }

  /** Iterates `src`, advancing the bar after each item. */
  *[Symbol.iterator](): Iterator<T> {
    if (!this.#src || !(Symbol.iterator in this.#src)) {
      throw new TypeError("progress: not a sync iterable (use for await)");
    }
    this.#lastPrint = this.#tty ? 0 : performance.now();
    try {
      for (const x of this.#src as Iterable<T>) {
        yield x;
        this.update();
      }
    } finally {
      this.close();
    }
  }

  /** Iterates an async `src` (`for await`), advancing the bar after each item. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    if (!this.#src) throw new TypeError("progress: nothing to iterate");
    this.#lastPrint = this.#tty ? 0 : performance.now();
    try {
      for await (const x of this.#src as AsyncIterable<T>) {
        yield x;
        this.update();
      }
    } finally {
      this.close();
    }
  }
}

/**
 * Wraps an iterable (arrays, generators, data loaders, async iterables).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { progress } from "../../mod.ts";
 * const lines: string[] = [];
 * const bar = progress([1, 2, 3], { desc: "epoch", tty: false, write: (s) => lines.push(s) });
 * for (const _ of bar) bar.setPostfix({ loss: 0.5 });
 * assert.match(lines.at(-1)!, /^epoch: 100%\|.*\| 3\/3 \[.*loss=0\.5\]/);
 * ```
 */
export function progress<T>(iterable: Iterable<T> | AsyncIterable<T>, opts: ProgressOptions = {}): Progress<T> {
  return new Progress(iterable, opts);
}
