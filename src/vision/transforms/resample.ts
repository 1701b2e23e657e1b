/**
 * Resampling as the two libraries torchvision calls do it:
 * - images (PIL's Resample.c): separable filters (box, bilinear, bicubic
 *   a=-0.5, lanczos) over a support scaled by the downscale factor,
 *   coefficients in 22-bit fixed point, horizontal pass first; nearest as
 *   PIL's ImagingScaleAffine (accumulated double coordinates);
 * - float tensors (PyTorch's interpolate): the antialiased separable path
 *   (`_upsample_bilinear2d_aa`, PIL's algorithm with float weights) or the
 *   plain bilinear / nearest kernels.
 */

/** A filter and its support (PIL's). */
interface Filter {
  support: number;
  f: (x: number) => number;
}

const BICUBIC_A = -0.5;
/** PIL's filters by interpolation name. */
export const FILTERS: Record<string, Filter> = {
  box: { support: 0.5, f: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  bilinear: { support: 1, f: (x) => ((x = Math.abs(x)) < 1 ? 1 - x : 0) },
  hamming: {
    support: 1,
    f: (x) => {
      x = Math.abs(x);
      if (x === 0) return 1;
      if (x >= 1) return 0;
      x *= Math.PI;
      return (Math.sin(x) / x) * (0.54 + 0.46 * Math.cos(x));
    },
  },
  bicubic: {
    support: 2,
    f: (x) => {
      x = Math.abs(x);
      const a = BICUBIC_A;
      if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
      if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
      return 0;
    },
  },
  lanczos: {
    support: 3,
    f: (x) => {
      const sinc = (v: number) => (v === 0 ? 1 : Math.sin(v * Math.PI) / (v * Math.PI));
      return x > -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0;
    },
  },
};

const PRECISION_BITS = 32 - 8 - 2;

/** PIL's precompute_coeffs: per output pixel, the first input index, the count and normalized weights. */
function coeffs(inSize: number, in0: number, in1: number, outSize: number, filter: Filter) {
  const scale = (in1 - in0) / outSize;
  const filterscale = Math.max(scale, 1);
  const support = filter.support * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const kk = new Float64Array(outSize * ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = in0 + (xx + 0.5) * scale;
    const ss = 1 / filterscale;
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = filter.f((x + xmin - center + 0.5) * ss);
      kk[xx * ksize + x] = w;
      ww += w;
    }
    if (ww !== 0) { for (let x = 0; x < xmax; x++) kk[xx * ksize + x] /= ww; }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, bounds, kk };
}

/** Fixed-point coefficients (normalize_coeffs_8bpc). */
function fixed(kk: Float64Array): Int32Array {
  const out = new Int32Array(kk.length);
  for (let i = 0; i < kk.length; i++) {
    out[i] = kk[i] < 0
      ? Math.trunc(-0.5 + kk[i] * (1 << PRECISION_BITS))
      : Math.trunc(0.5 + kk[i] * (1 << PRECISION_BITS));
  }
  return out;
}

/** The fixed-point sum's integer part (an arithmetic shift), clipped to 0..255. */
const clip8 = (v: number) => {
  const x = Math.floor(v / (1 << PRECISION_BITS));
  return x < 0 ? 0 : x > 255 ? 255 : x;
};

/**
 * PIL's Image.resize for 8-bit HWC pixels with a box [x0, y0, x1, y1] of
 * the source (the whole image by default).
 */
export function resamplePil(
  src: Uint8Array,
  w: number,
  h: number,
  c: number,
  ow: number,
  oh: number,
  filterName: string,
  box: readonly [number, number, number, number] = [0, 0, w, h],
): Uint8Array {
  if (filterName === "nearest") return nearestPil(src, w, h, c, ow, oh, box);
  const filter = FILTERS[filterName];
  if (!filter) throw new RangeError(`unsupported interpolation ${filterName}`);
  const needH = ow !== w || box[0] !== 0 || box[2] !== ow;
  const needV = oh !== h || box[1] !== 0 || box[3] !== oh;
  const hz = coeffs(w, box[0], box[2], ow, filter);
  const vt = coeffs(h, box[1], box[3], oh, filter);
  let cur = src, cw = w;
  const yFirst = vt.bounds[0], yLast = vt.bounds[oh * 2 - 2] + vt.bounds[oh * 2 - 1];
  const vb = vt.bounds.slice();
  if (needH) {
    for (let i = 0; i < oh; i++) vb[i * 2] -= yFirst;
    const rows = yLast - yFirst;
    const k = fixed(hz.kk), out = new Uint8Array(rows * ow * c);
    for (let yy = 0; yy < rows; yy++) {
      const rowIn = (yy + yFirst) * w * c, rowOut = yy * ow * c;
      for (let xx = 0; xx < ow; xx++) {
        const xmin = hz.bounds[xx * 2], xmax = hz.bounds[xx * 2 + 1], kb = xx * hz.ksize;
        for (let b = 0; b < c; b++) {
          let ss = 1 << (PRECISION_BITS - 1);
          for (let x = 0; x < xmax; x++) ss += src[rowIn + (x + xmin) * c + b] * k[kb + x];
          out[rowOut + xx * c + b] = clip8(ss);
        }
      }
    }
    cur = out;
    cw = ow;
  }
  if (needV) {
    const k = fixed(vt.kk), out = new Uint8Array(oh * ow * c);
    for (let yy = 0; yy < oh; yy++) {
      const ymin = (needH ? vb : vt.bounds)[yy * 2], ymax = vt.bounds[yy * 2 + 1], kb = yy * vt.ksize;
      for (let xx = 0; xx < cw; xx++) {
        for (let b = 0; b < c; b++) {
          let ss = 1 << (PRECISION_BITS - 1);
          for (let y = 0; y < ymax; y++) ss += cur[((y + ymin) * cw + xx) * c + b] * k[kb + y];
          out[(yy * ow + xx) * c + b] = clip8(ss);
        }
      }
    }
    return out;
  }
  return needH ? cur : src.slice();
}

/** PIL's nearest resize: ImagingScaleAffine with coordinates accumulated in doubles. */
function nearestPil(
  src: Uint8Array,
  w: number,
  h: number,
  c: number,
  ow: number,
  oh: number,
  box: readonly [number, number, number, number],
): Uint8Array {
  const a0 = (box[2] - box[0]) / ow, a4 = (box[3] - box[1]) / oh;
  const out = new Uint8Array(ow * oh * c);
  const xin = new Int32Array(ow);
  let xo = box[0] + a0 * 0.5;
  for (let x = 0; x < ow; x++) {
    xin[x] = xo < 0 ? -1 : Math.trunc(xo);
    xo += a0;
  }
  let yo = box[1] + a4 * 0.5;
  for (let y = 0; y < oh; y++) {
    const yi = yo < 0 ? -1 : Math.trunc(yo);
    yo += a4;
    if (yi < 0 || yi >= h) continue;
    for (let x = 0; x < ow; x++) {
      const xi = xin[x];
      if (xi < 0 || xi >= w) continue;
      for (let b = 0; b < c; b++) out[(y * ow + x) * c + b] = src[(yi * w + xi) * c + b];
    }
  }
  return out;
}

const f32 = Math.fround;

/**
 * PyTorch's antialiased separable interpolation of float32 planes
 * (`interpolate(..., antialias=True)` for bilinear/bicubic): weights in
 * float as `_compute_weights_aa`, width first, then height; a dim whose
 * size does not change is skipped.
 */
export function resampleAA(
  src: Float32Array | Float64Array,
  planes: number,
  h: number,
  w: number,
  oh: number,
  ow: number,
  mode: "bilinear" | "bicubic",
): Float32Array | Float64Array {
  const single = src instanceof Float32Array;
  const r = single ? f32 : (x: number) => x;
  const interpSize = mode === "bilinear" ? 2 : 4;
  const filter = mode === "bilinear" ? FILTERS.bilinear.f : (x: number) => r(FILTERS.bicubic.f(x));
  const weights = (inSize: number, outSize: number) => {
    const scale = r(inSize / outSize);
    const support = r(scale >= 1 ? r(interpSize * 0.5 * scale) : interpSize * 0.5);
    const maxSize = Math.ceil(support) * 2 + 1;
    const xmins = new Int32Array(outSize), sizes = new Int32Array(outSize);
    const wts = single ? new Float32Array(outSize * maxSize) : new Float64Array(outSize * maxSize);
    const invscale = scale >= 1 ? r(1 / scale) : 1;
    for (let i = 0; i < outSize; i++) {
      const center = r(scale * r(i + 0.5));
      const xmin = Math.max(Math.trunc(r(r(center - support) + 0.5)), 0);
      let xsize = Math.min(Math.trunc(r(r(center + support) + 0.5)), inSize) - xmin;
      xsize = Math.min(Math.max(xsize, 0), maxSize);
      let total = 0;
      for (let j = 0; j < xsize; j++) {
        const wv = r(filter(r(r(r(r(j + xmin) - center) + 0.5) * invscale)));
        wts[i * maxSize + j] = wv;
        total = r(total + wv);
      }
      if (total !== 0) { for (let j = 0; j < xsize; j++) wts[i * maxSize + j] = r(wts[i * maxSize + j] / total); }
      xmins[i] = xmin;
      sizes[i] = xsize;
    }
    return { xmins, sizes, wts, maxSize };
  };
  const Ctor = single ? Float32Array : Float64Array;
  let cur = src, cw = w;
  if (ow !== w) {
    const k = weights(w, ow), out = new Ctor(planes * h * ow);
    for (let p = 0; p < planes * h; p++) {
      const row = p * w, orow = p * ow;
      for (let i = 0; i < ow; i++) {
        const xmin = k.xmins[i], n = k.sizes[i], kb = i * k.maxSize;
        let acc = r(cur[row + xmin] * k.wts[kb]);
        for (let j = 1; j < n; j++) acc = r(acc + r(cur[row + xmin + j] * k.wts[kb + j]));
        out[orow + i] = acc;
      }
    }
    cur = out;
    cw = ow;
  }
  if (oh !== h) {
    const k = weights(h, oh), out = new Ctor(planes * oh * cw);
    for (let p = 0; p < planes; p++) {
      for (let i = 0; i < oh; i++) {
        const ymin = k.xmins[i], n = k.sizes[i], kb = i * k.maxSize;
        const orow = (p * oh + i) * cw;
        for (let x = 0; x < cw; x++) {
          const base = (p * h + ymin) * cw + x;
          let acc = r(cur[base] * k.wts[kb]);
          for (let j = 1; j < n; j++) acc = r(acc + r(cur[base + j * cw] * k.wts[kb + j]));
          out[orow + x] = acc;
        }
      }
    }
    cur = out;
  }
  return cur === src ? src.slice() : cur;
}

/** PyTorch's plain bilinear interpolation (align_corners=False, no antialias) of float planes. */
export function resampleBilinear(
  src: Float32Array | Float64Array,
  planes: number,
  h: number,
  w: number,
  oh: number,
  ow: number,
): Float32Array | Float64Array {
  const single = src instanceof Float32Array;
  const r = single ? f32 : (x: number) => x;
  const axis = (inSize: number, outSize: number) => {
    const scale = r(inSize / outSize);
    const i0 = new Int32Array(outSize), i1 = new Int32Array(outSize);
    const l0 = new Float64Array(outSize), l1 = new Float64Array(outSize);
    for (let i = 0; i < outSize; i++) {
      let real = r(r(scale * r(i + 0.5)) - 0.5);
      if (real < 0) real = 0;
      const idx = Math.trunc(real);
      const lambda = r(real - idx);
      i0[i] = idx;
      i1[i] = idx < inSize - 1 ? idx + 1 : idx;
      l1[i] = lambda;
      l0[i] = r(1 - lambda);
    }
    return { i0, i1, l0, l1 };
  };
  const ax = axis(w, ow), ay = axis(h, oh);
  const out = single ? new Float32Array(planes * oh * ow) : new Float64Array(planes * oh * ow);
  for (let p = 0; p < planes; p++) {
    const base = p * h * w;
    for (let y = 0; y < oh; y++) {
      const r0 = base + ay.i0[y] * w, r1 = base + ay.i1[y] * w;
      for (let x = 0; x < ow; x++) {
        const a = r(r(ax.l0[x] * src[r0 + ax.i0[x]]) + r(ax.l1[x] * src[r0 + ax.i1[x]]));
        const b = r(r(ax.l0[x] * src[r1 + ax.i0[x]]) + r(ax.l1[x] * src[r1 + ax.i1[x]]));
        out[(p * oh + y) * ow + x] = r(r(ay.l0[y] * a) + r(ay.l1[y] * b));
      }
    }
  }
  return out;
}

/** PyTorch's nearest interpolation (legacy "nearest": floor(i * in/out) in float). */
export function nearestIndex(inSize: number, outSize: number): Int32Array {
  const idx = new Int32Array(outSize);
  const scale = f32(inSize / outSize);
  for (let i = 0; i < outSize; i++) {
    idx[i] = outSize === inSize
      ? i
      : outSize === 2 * inSize
      ? i >> 1
      : Math.min(Math.floor(f32(i * scale)), inSize - 1);
  }
  return idx;
}
