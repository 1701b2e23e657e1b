/**
 * F.multiHeadAttentionForward against PyTorch's F.multi_head_attention_forward: packed and separate projections,
 * self- and cross-attention, bias_k / bias_v, add_zero_attn, bool and float masks (2-d and 3-d), key padding
 * masks, per-head and averaged weights, the SDPA path (needWeights false, isCausal), static keys / values, dropout,
 * unbatched inputs, float32 and float64: outputs and the gradients of every tensor argument; the call forms and
 * PyTorch's errors.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { type ParityCase, randn, report, runParity } from "./harness.ts";
import { pythonJson } from "../helpers/python.ts";

const F = nn.F;
type T = torch.Tensor;
const cases: ParityCase[] = [];
const add = (c: ParityCase) => cases.push(c);
const bool = (rows: boolean[][]) => torch.tensor(rows, { dtype: "bool" });
// the mask tensors are inputs too (their gradients are not asked for)
const noGradAfter = (n: number, masks: number) => [...Array(n).fill(true), ...Array(masks).fill(false)];

for (const dtype of ["float32", "float64"] as const) {
  const r = (seed: number, shape: number[]) => randn(seed, shape, dtype);
  add({
    id: `self-attention packed, weights averaged ${dtype}`,
    py:
      "lambda x0, x1, x2, x3, x4: F.multi_head_attention_forward(x0, x0, x0, 8, 2, x1, x2, None, None, False, 0.0, x3, x4)",
    fn: (x, w, b, ow, ob) => F.multiHeadAttentionForward(x, x, x, 8, 2, w, b, null, null, false, 0, ow, ob),
    inputs: () => [r(1, [5, 3, 8]), r(2, [24, 8]), r(3, [24]), r(4, [8, 8]), r(5, [8])],
  });
  add({
    id: `cross-attention packed, bool key padding and 2-d float mask, SDPA path ${dtype}`,
    py:
      "lambda x0, x1, x2, x3, x4, x5, x6, x7, x8: F.multi_head_attention_forward(x0, x1, x2, 8, 4, x3, x4, None, None, False, 0.0, x5, x6, key_padding_mask=x7, attn_mask=x8, need_weights=False)",
    fn: (q, k, v, w, b, ow, ob, kpm, m) =>
      F.multiHeadAttentionForward(q, k, v, 8, 4, w, b, null, null, false, 0, ow, ob, {
        keyPaddingMask: kpm,
        attnMask: m,
        needWeights: false,
      }),
    inputs: () => [
      r(6, [4, 2, 8]),
      r(7, [6, 2, 8]),
      r(8, [6, 2, 8]),
      r(9, [24, 8]),
      r(10, [24]),
      r(11, [8, 8]),
      r(12, [8]),
      bool([[false, false, true, false, false, true], [false, false, false, false, false, false]]),
      r(13, [4, 6]),
    ],
    grad: noGradAfter(7, 2),
  });
  add({
    id: `separate projections, bias_k/v, zero attention, 3-d bool mask, per-head weights ${dtype}`,
    py:
      "lambda x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12: F.multi_head_attention_forward(x0, x1, x2, 6, 2, None, x3, x4, x5, True, 0.0, x6, x7, attn_mask=x11, key_padding_mask=x12, use_separate_proj_weight=True, q_proj_weight=x8, k_proj_weight=x9, v_proj_weight=x10, average_attn_weights=False)",
    fn: (q, k, v, b, bk, bv, ow, ob, wq, wk, wv, m, kpm) =>
      F.multiHeadAttentionForward(q, k, v, 6, 2, null, b, bk, bv, true, 0, ow, ob, {
        attnMask: m,
        keyPaddingMask: kpm,
        useSeparateProjWeight: true,
        qProjWeight: wq,
        kProjWeight: wk,
        vProjWeight: wv,
        averageAttnWeights: false,
      }),
    inputs: () => [
      r(14, [3, 2, 6]),
      r(15, [4, 2, 4]),
      r(16, [4, 2, 5]),
      r(17, [18]),
      r(18, [1, 1, 6]),
      r(19, [1, 1, 6]),
      r(20, [6, 6]),
      r(21, [6]),
      r(22, [6, 6]),
      r(23, [6, 4]),
      r(24, [6, 5]),
      randn(25, [4, 3, 4]).gt(0.8),
      bool([[false, true, false, false], [false, false, false, true]]),
    ],
    grad: noGradAfter(11, 2),
  });
  add({
    id: `causal hint, SDPA's own causal mask ${dtype}`,
    py:
      "lambda x0, x1, x2, x3, x4: F.multi_head_attention_forward(x0, x0, x0, 8, 2, x1, x2, None, None, False, 0.0, x3, x4, attn_mask=torch.ones(5, 5, dtype=torch.bool).triu(1), need_weights=False, is_causal=True)",
    fn: (x, w, b, ow, ob) =>
      F.multiHeadAttentionForward(x, x, x, 8, 2, w, b, null, null, false, 0, ow, ob, {
        attnMask: torch.ones(5, 5, { dtype: "bool" }).triu(1),
        needWeights: false,
        isCausal: true,
      }),
    inputs: () => [r(26, [5, 2, 8]), r(27, [24, 8]), r(28, [24]), r(29, [8, 8]), r(30, [8])],
  });
  add({
    id: `causal hint with a key padding mask and weights ${dtype}`,
    py:
      "lambda x0, x1, x2, x3, x4: F.multi_head_attention_forward(x0, x0, x0, 8, 2, x1, x2, None, None, False, 0.0, x3, x4, key_padding_mask=torch.tensor([[False, False, False, True], [False]*4]), attn_mask=torch.ones(4, 4, dtype=torch.bool).triu(1), is_causal=True)",
    fn: (x, w, b, ow, ob) =>
      F.multiHeadAttentionForward(x, x, x, 8, 2, w, b, null, null, false, 0, ow, ob, {
        keyPaddingMask: bool([[false, false, false, true], [false, false, false, false]]),
        attnMask: torch.ones(4, 4, { dtype: "bool" }).triu(1),
        isCausal: true,
      }),
    inputs: () => [r(31, [4, 2, 8]), r(32, [24, 8]), r(33, [24]), r(34, [8, 8]), r(35, [8])],
  });
  add({
    id: `static k and v ${dtype}`,
    py:
      "lambda x0, x1, x2, x3, x4, x5, x6: F.multi_head_attention_forward(x0, x0, x0, 8, 2, x1, x2, None, None, True, 0.0, x3, x4, static_k=x5, static_v=x6)",
    fn: (x, w, b, ow, ob, sk, sv) =>
      F.multiHeadAttentionForward(x, x, x, 8, 2, w, b, null, null, true, 0, ow, ob, { staticK: sk, staticV: sv }),
    inputs: () => [
      r(36, [3, 2, 8]),
      r(37, [24, 8]),
      r(38, [24]),
      r(39, [8, 8]),
      r(40, [8]),
      r(41, [4, 7, 4]),
      r(
        42,
        [4, 7, 4],
      ),
    ],
  });
  add({
    id: `unbatched, 1-d key padding mask, no biases ${dtype}`,
    py:
      "lambda x0, x1, x2, x3, x4, x5: F.multi_head_attention_forward(x0, x1, x2, 6, 3, x3, None, None, None, False, 0.0, x4, None, key_padding_mask=x5)",
    fn: (q, k, v, w, ow, kpm) =>
      F.multiHeadAttentionForward(q, k, v, 6, 3, w, null, null, null, false, 0, ow, null, { keyPaddingMask: kpm }),
    inputs: () => [
      r(43, [4, 6]),
      r(44, [5, 6]),
      r(45, [5, 6]),
      r(46, [18, 6]),
      r(47, [6, 6]),
      bool([[
        false,
        true,
        false,
        false,
        true,
      ]]).reshape([5]),
    ],
    grad: noGradAfter(5, 1),
  });
  add({
    id: `unbatched, 3-d float mask, SDPA path ${dtype}`,
    py:
      "lambda x0, x1, x2, x3, x4: F.multi_head_attention_forward(x0, x0, x0, 4, 2, x1, x2, None, None, False, 0.0, x3, None, attn_mask=x4, need_weights=False)",
    fn: (x, w, b, ow, m) =>
      F.multiHeadAttentionForward(x, x, x, 4, 2, w, b, null, null, false, 0, ow, null, {
        attnMask: m,
        needWeights: false,
      }),
    inputs: () => [r(48, [3, 4]), r(49, [12, 4]), r(50, [12]), r(51, [4, 4]), r(52, [2, 3, 3])],
    grad: noGradAfter(4, 1),
  });
}
add({
  id: "dropout on the weights in training (seeded), training=false turns it off",
  py:
    "lambda x0, x1, x2, x3: (F.multi_head_attention_forward(x0, x0, x0, 8, 2, x1, None, None, None, False, 0.4, x2, x3), F.multi_head_attention_forward(x0, x0, x0, 8, 2, x1, None, None, None, False, 0.4, x2, x3, training=False))",
  fn: (x, w, ow, ob) => [
    F.multiHeadAttentionForward(x, x, x, 8, 2, w, null, null, null, false, 0.4, ow, ob),
    F.multiHeadAttentionForward(x, x, x, 8, 2, w, null, null, null, false, 0.4, ow, ob, { training: false }),
  ],
  inputs: () => [randn(53, [5, 2, 8]), randn(54, [24, 8]), randn(55, [8, 8]), randn(56, [8])],
  seed: 11,
});

Deno.test("F.multiHeadAttentionForward matches PyTorch (values and gradients)", async () => {
  report("multi_head_attention_forward", await runParity(cases));
});

Deno.test("F.multiHeadAttentionForward: call forms", () => {
  const x = randn(60, [3, 2, 4]), w = randn(61, [12, 4]), b = randn(62, [12]), ow = randn(63, [4, 4]);
  // training ... vProjWeight may be positional too
  const [pos, posW] = F.multiHeadAttentionForward(
    x,
    x,
    x,
    4,
    2,
    w,
    b,
    null,
    null,
    false,
    0,
    ow,
    null,
    false,
    null,
    true,
    null,
    false,
    null,
    null,
    null,
  );
  const [named, namedW] = F.multiHeadAttentionForward({
    query: x,
    key: x,
    value: x,
    embedDimToCheck: 4,
    numHeads: 2,
    inProjWeight: w,
    inProjBias: b,
    biasK: null,
    biasV: null,
    addZeroAttn: false,
    dropoutP: 0,
    outProjWeight: ow,
    outProjBias: null,
    training: false,
  });
  const [mixed] = F.multiHeadAttentionForward(x, x, x, 4, 2, w, b, null, null, false, 0, ow, {
    outProjBias: null,
    needWeights: false,
  }) as [T, T | null];
  assert.deepEqual(named.tolist(), pos.tolist());
  assert.deepEqual((namedW as T).tolist(), (posW as T).tolist());
  assert.ok(Number(mixed.sub(pos).abs().max().item()) < 1e-5);
  assert.throws(
    () => F.multiHeadAttentionForward(x, x, x, 4, 2, w, b, null, null, false, 0, ow, null, { bogus: 1 } as never),
    /bogus/,
  );
  assert.throws(
    () =>
      F.multiHeadAttentionForward(
        ...([x, x, x, 4, 2, w, b] as unknown as [T, T, T, number, number, T, T, null, null, boolean, number, T, null]),
      ),
    TypeError,
  );
});

/** PyTorch's messages for the error cases (one Python process). */
async function pyErrors(exprs: string[]): Promise<string[]> {
  const code = `
import json, sys, torch, torch.nn.functional as F
x = torch.randn(3, 2, 4); w = torch.randn(12, 4); ow = torch.randn(4, 4)
out = []
for e in json.load(sys.stdin):
    try:
        eval(e)
        out.append("no error")
    except Exception as ex:
        out.append(str(ex))
print(json.dumps(out))`;
  return await pythonJson(["-c", code], { stdin: JSON.stringify(exprs) });
}

Deno.test("F.multiHeadAttentionForward: PyTorch's errors", async () => {
  const x = randn(70, [3, 2, 4]), w = randn(71, [12, 4]), ow = randn(72, [4, 4]);
  const call = (o: Record<string, unknown>, q = x, k = x, v = x, e = 4, h = 2, inW: T | null = w) => () =>
    F.multiHeadAttentionForward(q, k, v, e, h, inW, null, null, null, false, 0, ow, null, o as never);
  const cases: [string, () => unknown][] = [
    ["F.multi_head_attention_forward(x[0], x, x, 4, 2, w, None, None, None, False, 0.0, ow, None)", call({}, x.get(0))],
    [
      "F.multi_head_attention_forward(x, x, x, 4, 2, w, None, None, None, False, 0.0, ow, None, is_causal=True)",
      call({ isCausal: true }),
    ],
    ["F.multi_head_attention_forward(x, x, x, 6, 2, w, None, None, None, False, 0.0, ow, None)", call({}, x, x, x, 6)],
    [
      "F.multi_head_attention_forward(x, x, x, 4, 3, w, None, None, None, False, 0.0, ow, None)",
      call({}, x, x, x, 4, 3),
    ],
    [
      "F.multi_head_attention_forward(x, x, x[:2], 4, 2, w, None, None, None, False, 0.0, ow, None)",
      call({}, x, x, x.narrow(0, 0, 2)),
    ],
    [
      "F.multi_head_attention_forward(x, x, x, 4, 2, w, None, None, None, False, 0.0, ow, None, attn_mask=torch.zeros(3, 4))",
      call({ attnMask: torch.zeros(3, 4) }),
    ],
    [
      "F.multi_head_attention_forward(x, x, x, 4, 2, w, None, None, None, False, 0.0, ow, None, attn_mask=torch.zeros(3, 3, dtype=torch.int64))",
      call({ attnMask: torch.zeros([3, 3], { dtype: "int64" }) }),
    ],
    [
      "F.multi_head_attention_forward(x, x, x, 4, 2, w, None, None, None, False, 0.0, ow, None, key_padding_mask=torch.zeros(2, 5, dtype=torch.bool))",
      call({ keyPaddingMask: torch.zeros([2, 5], { dtype: "bool" }) }),
    ],
    [
      "F.multi_head_attention_forward(x, x, x, 4, 2, None, None, None, None, False, 0.0, ow, None)",
      call({}, x, x, x, 4, 2, null),
    ],
    [
      "F.multi_head_attention_forward(x, x, x, 4, 2, None, None, None, None, False, 0.0, ow, None, use_separate_proj_weight=True, q_proj_weight=ow, k_proj_weight=ow, v_proj_weight=torch.zeros(4, 3))",
      call(
        { useSeparateProjWeight: true, qProjWeight: ow, kProjWeight: ow, vProjWeight: torch.zeros(4, 3) },
        x,
        x,
        x,
        4,
        2,
        null,
      ),
    ],
    [
      "F.multi_head_attention_forward(x, x, x, 4, 2, w, None, None, None, False, 0.0, ow, None, static_k=torch.zeros(4, 3, 3))",
      call({ staticK: torch.zeros(4, 3, 3) }),
    ],
    [
      "F.multi_head_attention_forward(x, x, x, 4, 2, w, None, None, None, False, 0.0, ow, None, key_padding_mask=torch.zeros(3, 3, dtype=torch.bool))",
      call({ keyPaddingMask: torch.zeros([3, 3], { dtype: "bool" }) }),
    ],
    [
      "F.multi_head_attention_forward(x, x, x, 4, 2, w, None, torch.zeros(1, 1, 4), None, False, 0.0, ow, None)",
      () => F.multiHeadAttentionForward(x, x, x, 4, 2, w, null, torch.zeros(1, 1, 4), null, false, 0, ow, null),
    ],
  ];
  const msgs = await pyErrors(cases.map(([py]) => py));
  cases.forEach(([py, ts], i) => {
    assert.notEqual(msgs[i], "no error", py);
    assert.throws(ts, (e: Error) => {
      assert.ok(e instanceof torch.RuntimeError, `${py}: ${e}`);
      assert.equal(e.message, msgs[i], py);
      return true;
    });
  });
});
