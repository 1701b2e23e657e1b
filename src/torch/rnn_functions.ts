/**
 * torch.lstm, torch.gru, torch.rnn_tanh and torch.rnn_relu: the function
 * forms of the recurrent layers with ATen's two overloads, a padded input
 * (input, hx, params, has_biases, num_layers, dropout, train,
 * bidirectional, batch_first) and a packed sequence (data, batch_sizes, hx,
 * params, has_biases, num_layers, dropout, train, bidirectional). params
 * are the layers' weights in nn.LSTM's `_flat_weights` order; every
 * argument is required, as in the schemas. They run the code path of
 * nn.RNN / LSTM / GRU (src/nn/rnn_functional.ts), reached through
 * NN_ALIAS_BRIDGE since nn sits above torch.
 */
import { type Args, defineOp } from "../api/define.ts";
import { req } from "../api/signature.ts";
import type { Functions } from "../api/surface.ts";
import { type NnAliasHooks, nnHooks } from "./nn_aliases.ts";
import type { Tensor } from "./tensor.ts";
import { torchFunctions } from "./tensor.ts";

type Mode = Parameters<NnAliasHooks["rnn"]>[0];

/** The flags after the weights, as the schemas order them (batch_first only in the padded overload). */
const FLAGS = [
  req("hasBiases", "bool"),
  req("numLayers", "int"),
  req("dropout", "number"),
  req("train", "bool"),
  req("bidirectional", "bool"),
] as const;

/** One function's two overloads; LSTM's hx is the list [h0, c0] (kind "arrays"). */
function rnnOp<const N extends string, const K extends "array" | "arrays">(
  name: N,
  mode: Mode,
  hxKind: K,
  doc: string,
) {
  const hx = req("hx", hxKind);
  const params = req("params", "arrays");
  const impl = (a: Args) => nnHooks().rnn(mode, a);
  return defineOp({
    name,
    doc,
    torch: {
      names: [name] as [N],
      overloads: [
        {
          sig: { pos: [req("input", "array"), hx, params, ...FLAGS, req("batchFirst", "bool")], kw: [] },
          composite: true,
          impl,
          returns: "arrays",
        },
        {
          sig: { pos: [req("data", "array"), req("batchSizes", "array"), hx, params, ...FLAGS], kw: [] },
          composite: true,
          impl,
          returns: "arrays",
        },
      ],
    },
  });
}

/**
 * The declarations of torch.lstm, torch.gru, torch.rnnTanh and torch.rnnRelu.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RNN_FUNCTION_DECLS } from "./rnn_functions.ts";
 * assert.equal(RNN_FUNCTION_DECLS.lstm.torch.overloads.length, 2); // padded and packed
 * ```
 */
export const RNN_FUNCTION_DECLS = {
  lstm: rnnOp(
    "lstm",
    "LSTM",
    "arrays",
    "LSTM layers over a padded input or a packed sequence: [output, h_n, c_n] (hx = [h0, c0]; params as nn.LSTM's).",
  ),
  gru: rnnOp("gru", "GRU", "array", "GRU layers over a padded input or a packed sequence: [output, h_n]."),
  rnnTanh: rnnOp("rnnTanh", "RNN_TANH", "array", "Elman RNN layers (tanh) over a padded input or a packed sequence."),
  rnnRelu: rnnOp("rnnRelu", "RNN_RELU", "array", "Elman RNN layers (relu) over a padded input or a packed sequence."),
};

/**
 * The types of torch.lstm, torch.gru, torch.rnnTanh and torch.rnnRelu.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import type { RnnFunctionFns } from "./rnn_functions.ts";
 * const gru: RnnFunctionFns["gru"] = torch.gru;
 * const params = [torch.zeros(3, 2), torch.zeros(3, 1)]; // weight_ih_l0, weight_hh_l0
 * const [out, h] = gru(torch.ones(4, 1, 2), torch.zeros(1, 1, 1), params, false, 1, 0, false, false, false);
 * assert.deepEqual([out.shape, h.shape], [[4, 1, 1], [1, 1, 1]]);
 * ```
 */
export type RnnFunctionFns = Functions<typeof RNN_FUNCTION_DECLS, "torch", Tensor, Tensor>;
/**
 * torch.lstm, torch.gru, torch.rnnTanh and torch.rnnRelu (spread into the torch namespace).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const m = new nn.LSTM(3, 4, 2), x = torch.randn(5, 2, 3);
 * const hx = [torch.zeros(2, 2, 4), torch.zeros(2, 2, 4)];
 * const [out, h, c] = torch.lstm(x, hx, [...m.parameters()], true, 2, 0, false, false, false);
 * const [ref, [hRef, cRef]] = m.forward(x);
 * assert.ok(out.allclose(ref) && h.allclose(hRef) && c.allclose(cRef));
 * ```
 */
export const rnnFunctions: RnnFunctionFns = torchFunctions(RNN_FUNCTION_DECLS) as unknown as RnnFunctionFns;
