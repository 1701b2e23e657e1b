/** torch.setNumThreads / torch.getNumThreads: PyTorch's forms and errors; kernels give the same results on 1 thread. */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";

Deno.test("setNumThreads/getNumThreads: set, read back, same results on one thread", () => {
  const before = torch.getNumThreads();
  assert.ok(Number.isInteger(before) && before >= 1);
  const x = torch.arange(3e5, { dtype: "float32" }).div(7);
  const many = x.exp().mul(x).tolist();
  try {
    torch.setNumThreads(1);
    assert.equal(torch.getNumThreads(), 1);
    assert.deepEqual(x.exp().mul(x).tolist(), many);
    torch.setNumThreads(before + 1);
    assert.equal(torch.getNumThreads(), before + 1);
  } finally {
    torch.setNumThreads(before);
  }
  assert.equal(torch.getNumThreads(), before);
});

Deno.test("setNumThreads: PyTorch's errors", () => {
  const set = torch.setNumThreads as (...a: unknown[]) => void;
  assert.throws(() => set(0), { name: "RangeError", message: "set_num_threads expects a positive integer" });
  assert.throws(() => set(-2), RangeError);
  // OpenMP would abort the process trying to start them
  assert.throws(() => set(1e9), {
    name: "RangeError",
    message: "set_num_threads: at most 1024 threads, got 1000000000",
  });
  assert.throws(() => set(1.5), { name: "TypeError", message: "set_num_threads expects an int, but got float" });
  assert.throws(() => set("2"), { name: "TypeError", message: "set_num_threads expects an int, but got string" });
  assert.throws(() => set(true), /expects an int, but got boolean/);
  assert.throws(() => set(), /takes 1 positional argument but 0 were given/);
  assert.throws(() => set(1, 2), /takes 1 positional argument but 2 were given/);
  assert.throws(() => (torch.getNumThreads as (...a: unknown[]) => number)(1), /takes 0 positional arguments/);
});
