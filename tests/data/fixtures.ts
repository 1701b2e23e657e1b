/**
 * Datasets the loader tests send to DataLoader workers: exported and
 * registered, as user classes must be.
 */
import { data, torch } from "../../mod.ts";

/** Sample i: a record with a tensor, a number, a string and a nested pair. */
export class RecordDataset extends data.Dataset<{ x: torch.Tensor; y: number; name: string; pair: [number, number] }> {
  n: number;
  constructor(n: number) {
    super();
    this.n = n;
  }
  get length(): number {
    return this.n;
  }
  getItem(i: number) {
    return {
      x: torch.full([2, 3], i, { dtype: torch.float32 }),
      y: i % 3,
      name: `s${i}`,
      pair: [i, 0.5 * i] as [number, number],
    };
  }
}
data.registerClass(RecordDataset, import.meta.url);

/** Fails at one index. */
export class FailingDataset extends data.Dataset<number> {
  bad: number;
  constructor(bad: number) {
    super();
    this.bad = bad;
  }
  get length(): number {
    return 40;
  }
  getItem(i: number): number {
    if (i === this.bad) throw new RangeError(`sample ${i} is broken`);
    return i;
  }
}
data.registerClass(FailingDataset, import.meta.url);

/** A stream of 0..n-1, split between workers with getWorkerInfo. */
export class StreamDataset extends data.IterableDataset<number> {
  n: number;
  constructor(n: number) {
    super();
    this.n = n;
  }
  *[Symbol.iterator](): Iterator<number> {
    const info = data.getWorkerInfo();
    const [id, k] = info ? [info.id, info.numWorkers] : [0, 1];
    for (let i = id; i < this.n; i += k) yield i;
  }
}
data.registerClass(StreamDataset, import.meta.url);

/** Sample i: a random draw from the worker's default generator (seeded per worker), and the worker id. */
export class RandomDataset extends data.Dataset<[number, number]> {
  get length(): number {
    return 16;
  }
  getItem(_i: number): [number, number] {
    return [torch.rand(1).item() as number, data.getWorkerInfo()?.id ?? -1];
  }
}
data.registerClass(RandomDataset, import.meta.url);

/** Not registered: sending it to workers must fail with the registration message. */
export class Unregistered extends data.Dataset<number> {
  get length(): number {
    return 4;
  }
  getItem(i: number): number {
    return i;
  }
}
