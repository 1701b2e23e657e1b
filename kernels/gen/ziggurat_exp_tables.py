"""Writes kernels/cpu/ziggurat_exp_tables.h: the 256-layer exponential
ziggurats of NumPy's Generator (standard_exponential, and through it
gamma, exponential, weibull, ...), float64 and float32.

As kernels/gen/ziggurat_tables.py does for the normal ziggurat, the layer
widths are measured from NumPy's own stream rather than recomputed (a
recomputation lands a few ulps off, and every accepted sample is
mantissa * width): the replayed PCG64 stream says which layer each
fast-path sample came from and the 53-bit mantissa that layer scaled, and
the one double w with ri * w == sample for every sample of the layer is
that layer's width. Edges follow Marsaglia and Tsang's recurrence for
r = 7.69711747013104972 and area v = 0.0039496598225815571993; the
acceptance bounds and densities follow from the edges, and the result is
checked against fresh NumPy streams (float64 and float32) before anything
is written.

Run: python3 kernels/gen/ziggurat_exp_tables.py (needs NumPy).
"""
import ctypes
import ctypes.util
import math
from decimal import Decimal, getcontext

import numpy as np

from header import write_header
from ziggurat_tables import PCG64 as PCG64Doubles, c_array, fit_widths

# the C library's float log1p and exp, as the kernel calls them (NumPy's own float32 ufuncs round differently)
LIBM = ctypes.CDLL(ctypes.util.find_library("m"))
LIBM.log1pf.restype, LIBM.log1pf.argtypes = ctypes.c_float, [ctypes.c_float]
LIBM.expf.restype, LIBM.expf.argtypes = ctypes.c_float, [ctypes.c_float]

R = 7.69711747013104972
V = "0.0039496598225815571993"
M1, MF = 2.0**53, 2.0**23


class PCG64(PCG64Doubles):
    """Adds the 32-bit draws (halves of one 64-bit draw, low half first) the float32 ziggurat takes."""

    def __init__(self, seed):
        super().__init__(seed)
        self.half = None

    def next32(self):
        if self.half is not None:
            h, self.half = self.half, None
            return h
        v = self.next64()
        self.half = v >> 32
        return v & 0xFFFFFFFF


def derived(x, m):
    """ke, we, fe from the layer edges x[1..255] (x[255] = r) and x[0] (the base's width / m), at m-bit scale."""
    ke, we, fe = [0] * 256, [0.0] * 256, [0.0] * 256
    we[0] = x[0] * M1 / m
    ke[0] = int((R / (x[0] * M1)) * m)
    fe[0] = 1.0
    for i in range(1, 256):
        we[i] = x[i] / m
        fe[i] = math.exp(-x[i])
    for i in range(1, 255):
        ke[i + 1] = int((x[i] / x[i + 1]) * m)
    return ke, we, fe


def exponential(g, ke, we, fe):
    """NumPy's float64 exponential ziggurat draw: (value, layer, mantissa), layer -1 from the tail."""
    while True:
        ri = g.next64() >> 3
        idx, ri = ri & 0xFF, ri >> 8
        x = ri * we[idx]
        if ri < ke[idx]:
            return x, idx, ri
        if idx == 0:
            return R - math.log1p(-g.next_double()), -1, 0
        if (fe[idx - 1] - fe[idx]) * g.next_double() + fe[idx] < math.exp(-x):
            return x, idx, ri


def exponential_f(g, tables):
    """NumPy's float32 exponential ziggurat draw (float arithmetic throughout)."""
    ke, we, fe = tables
    f32 = np.float32
    while True:
        ri = g.next32() >> 1
        idx, ri = ri & 0xFF, ri >> 8
        x = f32(ri) * f32(we[idx])
        if ri < ke[idx]:
            return x
        if idx == 0:
            u = f32(g.next32() >> 8) * f32(1.0 / 16777216.0)
            return f32(R) - f32(LIBM.log1pf(-u))
        u = f32(g.next32() >> 8) * f32(1.0 / 16777216.0)
        if (f32(fe[idx - 1]) - f32(fe[idx])) * u + f32(fe[idx]) < f32(LIBM.expf(-x)):
            return x


def first_guess():
    """Edges from the recurrence in high precision: close enough to replay the stream's decisions."""
    getcontext().prec = 60
    r, v = Decimal(repr(R)), Decimal(V)
    x, dn = [0.0] * 256, r
    x[0], x[255] = float(v / (-r).exp() / Decimal(M1)), R
    for i in range(254, 0, -1):
        dn = -((v / dn + (-dn).exp()).ln())
        x[i] = float(dn)
    return x


def measure(seeds, n):
    x = first_guess()
    tables = derived(x, M1)
    seen = {}
    for seed in seeds:
        g, ref = PCG64(seed), np.random.default_rng(seed).standard_exponential(n)
        for k in range(n):
            v, idx, ri = exponential(g, *tables)
            if abs(v - ref[k]) > 1e-9 * ref[k]:
                raise SystemExit(f"replay lost NumPy's stream at seed {seed}, sample {k}")
            if idx >= 0 and ri:
                seen.setdefault(idx, []).append((ri, float(ref[k])))
    return fit_widths(seen, x, M1)


def check(x, fixes, seeds, n):
    tables, ftables = derived(x, M1), float_tables(x, fixes)
    for seed in seeds:
        g, ref = PCG64(seed), np.random.default_rng(seed).standard_exponential(n)
        ours = np.array([exponential(g, *tables)[0] for _ in range(n)])
        if not np.array_equal(ours, ref):
            raise SystemExit(f"seed {seed}: {np.count_nonzero(ours != ref)} samples differ")
        g, ref = PCG64(seed), np.random.default_rng(seed).standard_exponential(n // 4, dtype=np.float32)
        ours = np.array([exponential_f(g, ftables) for _ in range(n // 4)], dtype=np.float32)
        if not np.array_equal(ours, ref):
            raise SystemExit(f"seed {seed}: {np.count_nonzero(ours != ref)} float32 samples differ")


def float_tables(x, fixes=None):
    """The float32 ziggurat from the same edges: 23-bit mantissas, float widths (with measured fixes) and densities."""
    ke, we, fe = derived(x, MF)
    wf = [float(np.float32(w)) for w in we]
    for idx, w in (fixes or {}).items():
        wf[idx] = w
    return ke, wf, [float(np.float32(f)) for f in fe]


def measure_float(x, seeds, n):
    """The float widths NumPy rounded differently from float32(x / 2^23): one ulp off in a layer or two."""
    tables, seen = float_tables(x), {}
    for seed in seeds:
        g = PCG64(seed)
        ref = np.random.default_rng(seed).standard_exponential(n, dtype=np.float32)
        for k in range(n):
            saved = (g.state, g.half)
            ri = g.next32() >> 1
            idx, ri = ri & 0xFF, ri >> 8
            g.state, g.half = saved
            exponential_f(g, tables)
            if ri and ri < tables[0][idx]:
                seen.setdefault(idx, []).append((ri, ref[k]))
    fixes = {}
    for idx, pts in seen.items():
        w = np.float32(tables[1][idx])
        cands = [w, *(np.nextafter(w, np.float32(d)) for d in (0, 1))]
        fits = [c for c in cands if all(np.float32(rb) * c == v for rb, v in pts)]
        if not fits:
            raise SystemExit(f"float layer {idx}: no candidate width")
        if fits[0] != w:
            fixes[idx] = float(fits[0])
    return fixes


def main():
    x = measure([21, 22, 23], 300_000)
    fixes = measure_float(x, [31, 32], 300_000)
    check(x, fixes, [0, 42, 2024, 123456789], 400_000)
    ke, we, fe = derived(x, M1)
    kf, wf, ff = float_tables(x, fixes)
    text = "".join([
        "/* Generated by kernels/gen/ziggurat_exp_tables.py: NumPy Generator's exponential ziggurats. */\n",
        f"#define ZIGE_R {R.hex()}\n",
        c_array("uint64_t", "ZIGE_KE", (f"0x{k:016x}ULL" for k in ke)),
        c_array("double", "ZIGE_WE", (w.hex() for w in we)),
        c_array("double", "ZIGE_FE", (v.hex() for v in fe)),
        f"#define ZIGE_R_F {float(np.float32(R)).hex()}f\n",
        c_array("uint32_t", "ZIGE_KE_F", (f"0x{k:08x}U" for k in kf)),
        c_array("float", "ZIGE_WE_F", (f"{w.hex()}f" for w in wf)),
        c_array("float", "ZIGE_FE_F", (f"{v.hex()}f" for v in ff)),
    ])
    write_header("ziggurat_exp_tables.h", text)


if __name__ == "__main__":
    main()
