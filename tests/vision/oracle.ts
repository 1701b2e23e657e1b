/** Runs cases through torchvision (tests/vision/tv_oracle.py) and encodes/decodes images and tensors. */
import { decodeBase64, encodeBase64 } from "./b64.ts";
import { torch, vision } from "../../mod.ts";
import { pythonJson } from "../helpers/python.ts";

type Tensor = torch.Tensor;
type Image = vision.Image;

/** An encoded value (see tv_oracle.py). */
export type Enc =
  | { pil: string; w: number; h: number; b64: string }
  | { tensor: string; shape: number[]; b64: string }
  | Enc[]
  | number
  | string
  | boolean
  | null
  | { [k: string]: Enc };

/** One case. */
export interface TvCase {
  expr: string;
  setup?: string;
  seed?: number;
  inputs?: Record<string, Enc>;
}

/** The oracle's answer. */
export type TvResult = { value: Enc } | { error: string; message: string };

/** Encodes an image or a tensor for the oracle. */
export function enc(v: Image | Tensor): Enc {
  if (v instanceof vision.Image) return { pil: v.mode, w: v.width, h: v.height, b64: encodeBase64(v.data) };
  const c = v.contiguous();
  const d = c.storage.data, off = c.layout.offset * c.elementSize();
  const bytes = new Uint8Array(d.buffer, d.byteOffset + off, c.numel() * c.elementSize());
  return { tensor: v.dtype, shape: v.shape, b64: encodeBase64(bytes) };
}

/** Decodes an oracle image or tensor. */
export function dec(e: Enc): Image | Tensor {
  if (typeof e === "object" && e !== null && "pil" in e) {
    return new vision.Image(decodeBase64(e.b64 as string), e.w as number, e.h as number, e.pil as "RGB");
  }
  if (typeof e === "object" && e !== null && "tensor" in e) {
    const bytes = decodeBase64(e.b64 as string);
    const buf = bytes.slice().buffer;
    return torch.frombuffer(buf, { dtype: e.tensor as string }).reshape(e.shape as number[]);
  }
  throw new TypeError(`not an image or tensor: ${JSON.stringify(e).slice(0, 80)}`);
}

/** Evaluates cases with torchvision in one Python process. */
export async function torchvision(cases: TvCase[]): Promise<TvResult[]> {
  const script = new URL("./tv_oracle.py", import.meta.url).pathname;
  return await pythonJson([script], { stdin: JSON.stringify(cases) });
}

/** Values of an image or tensor as a flat number array. */
export function values(v: Image | Tensor): number[] {
  if (v instanceof vision.Image) return [...v.data];
  return (v.contiguous().flatten().tolist() as (number | boolean | bigint)[]).map(Number);
}
