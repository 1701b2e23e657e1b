"""Writes kernels/cpu/ziggurat_tables.h: the 256-layer normal ziggurats of
NumPy's Generator (np.random.default_rng().standard_normal), float64 and
float32.

The layer edges x[i] follow Marsaglia and Tsang's recurrence for r =
3.6541528853610088 (x[i-1] = sqrt(-2 ln(v / x[i] + f(x[i])))); NumPy's
tables carry rounding from however they were computed, a few ulps off any
recomputation we tried, and bit-identical streams need the same bits. So
this script measures them: it replays NumPy's PCG64 stream, sees which
layer each accepted sample came from and the 52-bit mantissa that layer
scaled, and takes the one double w with rabs * w == sample for every sample
of the layer. The acceptance bounds ki and the densities fi follow from
those edges as in the recurrence, and the result is checked against fresh
NumPy streams before anything is written. The float32 tables are the same
edges at 23-bit scale, rounded to float (tests/numpy/generator_test.ts
checks float32 normals against NumPy: float log1p must be the C library's).

Run: python3 kernels/gen/ziggurat_tables.py (needs NumPy).
"""
import math
from decimal import Decimal, getcontext

import numpy as np

from header import write_header

M32, M64, M128 = (1 << 32) - 1, (1 << 64) - 1, (1 << 128) - 1
R = 3.6541528853610087963519472518
M1 = 2.0**52


class PCG64:
    """NumPy's PCG64 seeded through SeedSequence, as kernels/cpu/pcg64.c implements it."""

    MULT = (2549297995355413924 << 64) | 4865540595714422341

    def __init__(self, seed):
        words = []
        while True:
            words.append(seed & M32)
            seed >>= 32
            if seed == 0:
                break
        h = [0x43B0D7E5]

        def hashmix(v):
            v = (v ^ h[0]) & M32
            h[0] = (h[0] * 0x931E8875) & M32
            v = (v * h[0]) & M32
            return v ^ (v >> 16)

        def mix(x, y):
            r = (0xCA01F9DD * x - 0x4973F715 * y) & M32
            return r ^ (r >> 16)

        pool = [hashmix(words[i] if i < len(words) else 0) for i in range(4)]
        for s in range(4):
            for d in range(4):
                if s != d:
                    pool[d] = mix(pool[d], hashmix(pool[s]))
        for s in range(4, len(words)):
            for d in range(4):
                pool[d] = mix(pool[d], hashmix(words[s]))
        hb, out = 0x8B51F9DD, []
        for i in range(8):
            v = (pool[i % 4] ^ hb) & M32
            hb = (hb * 0x58F38DED) & M32
            v = (v * hb) & M32
            out.append(v ^ (v >> 16))
        v64 = [out[2 * i] | (out[2 * i + 1] << 32) for i in range(4)]
        self.inc = (((v64[2] << 64) | v64[3]) << 1 | 1) & M128
        self.state = 0
        self._step()
        self.state = (self.state + ((v64[0] << 64) | v64[1])) & M128
        self._step()

    def _step(self):
        self.state = (self.state * self.MULT + self.inc) & M128

    def next64(self):
        self._step()
        s = self.state
        x, rot = ((s >> 64) ^ s) & M64, s >> 122
        return ((x >> rot) | (x << ((64 - rot) & 63))) & M64

    def next_double(self):
        return (self.next64() >> 11) * (1.0 / 9007199254740992.0)


def derived(x):
    """ki, wi, fi from the layer edges x[1..255] (x[255] = r) and wi[0]."""
    ki, wi, fi = [0] * 256, [0.0] * 256, [0.0] * 256
    wi[0] = x[0]
    q = x[0] * M1
    ki[0] = int((R / q) * M1)
    fi[0] = 1.0
    for i in range(1, 256):
        wi[i] = x[i] / M1
        fi[i] = math.exp(-0.5 * x[i] * x[i])
    for i in range(1, 255):
        ki[i + 1] = int((x[i] / x[i + 1]) * M1)
    return ki, wi, fi


def normal(g, ki, wi, fi):
    """NumPy's ziggurat draw; returns (value, layer, mantissa) of the accepted sample."""
    while True:
        r = g.next64()
        idx, r = r & 0xFF, r >> 8
        sign, rabs = r & 1, (r >> 1) & 0x000FFFFFFFFFFFFF
        x = rabs * wi[idx]
        if sign:
            x = -x
        if rabs < ki[idx]:
            return x, idx, rabs
        if idx == 0:
            while True:
                xx = -(1 / R) * math.log1p(-g.next_double())
                yy = -math.log1p(-g.next_double())
                if yy + yy > xx * xx:
                    return (-(R + xx) if (rabs >> 8) & 1 else R + xx), -1, 0
        elif (fi[idx - 1] - fi[idx]) * g.next_double() + fi[idx] < math.exp(-0.5 * x * x):
            return x, idx, rabs


def first_guess():
    """Edges from the recurrence in high precision: close enough to replay the stream's decisions."""
    getcontext().prec = 60
    r = Decimal(repr(R))
    pi = Decimal("3.14159265358979323846264338327950288419716939937510582")
    f = lambda t: (-(t * t) / 2).exp()  # noqa: E731
    z, term, s, n = r / Decimal(2).sqrt(), r / Decimal(2).sqrt(), Decimal(0), 0
    while abs(term) > Decimal(10) ** -55:  # erf(z) by its Taylor series
        s += term / (2 * n + 1)
        n += 1
        term = -term * z * z / n
    v = r * f(r) + (pi / 2).sqrt() * (1 - 2 / pi.sqrt() * s)
    x, dn = [0.0] * 256, r
    x[0], x[255] = float(v / f(r) / Decimal(M1)), R
    for i in range(254, 0, -1):
        dn = (-2 * (v / dn + f(dn)).ln()).sqrt()
        x[i] = float(dn)
    return x


def measure(seeds, n):
    x = first_guess()
    ki, wi, fi = derived(x)
    seen = {}
    for seed in seeds:
        g, ref = PCG64(seed), np.random.default_rng(seed).standard_normal(n)
        for k in range(n):
            v, idx, rabs = normal(g, ki, wi, fi)
            if abs(abs(v) - abs(ref[k])) > 1e-9 * abs(ref[k]):
                raise SystemExit(f"replay lost NumPy's stream at seed {seed}, sample {k}")
            if idx >= 0 and rabs:
                seen.setdefault(idx, []).append((rabs, abs(float(ref[k]))))
    return derived(fit_widths(seen, x, M1))


def fit_widths(seen, x, m):
    """Sets each layer's edge x[idx] from the one double width w (within 4 ulps of the first sample's ratio) with
    mantissa * w == sample for every (mantissa, sample) the layer was seen to scale; edges are widths * m (the
    base, x[0], stays a width). Shared with ziggurat_exp_tables.py."""
    for idx in range(256):
        pts = seen[idx]
        w = pts[0][1] / pts[0][0]
        cands = {w}
        for _ in range(4):
            cands |= {float(np.nextafter(c, d)) for c in cands for d in (0.0, 1.0)}
        fits = [c for c in sorted(cands) if all(rb * c == v for rb, v in pts)]
        if len(fits) != 1:
            raise SystemExit(f"layer {idx}: {len(fits)} candidate widths")
        x[idx] = fits[0] * (m if idx else 1.0)
    return x


def check(tables, seeds, n):
    for seed in seeds:
        g, ref = PCG64(seed), np.random.default_rng(seed).standard_normal(n)
        ours = np.array([normal(g, *tables)[0] for _ in range(n)])
        if not np.array_equal(ours, ref):
            raise SystemExit(f"seed {seed}: {np.count_nonzero(ours != ref)} samples differ")


def float_tables(ki, wi, fi):
    """The float32 ziggurat from the same edges: 23-bit mantissas, float widths and densities."""
    m = 2.0**23
    x = [wi[i] * M1 for i in range(256)]
    kf, wf, ff = [0] * 256, [0.0] * 256, [0.0] * 256
    kf[0] = int((R / x[0]) * m)
    wf[0] = float(np.float32(x[0] / m))
    ff[0] = 1.0
    for i in range(1, 256):
        wf[i] = float(np.float32(x[i] / m))
        ff[i] = float(np.float32(fi[i]))
    for i in range(1, 255):
        kf[i + 1] = int((x[i] / x[i + 1]) * m)
    return kf, wf, ff


def c_array(ctype, name, items):
    """One C table definition from already formatted items."""
    return f"static const {ctype} {name}[256] = {{\n" + "".join(f"  {v},\n" for v in items) + "};\n"


def main():
    tables = measure([11, 12, 13], 300_000)
    check(tables, [0, 42, 2024, 123456789], 500_000)
    ki, wi, fi = tables
    kf, wf, ff = float_tables(ki, wi, fi)
    text = "".join([
        "/* Generated by kernels/gen/ziggurat_tables.py: NumPy Generator's normal ziggurats. */\n",
        f"#define ZIG_R {R.hex()}\n",
        c_array("uint64_t", "ZIG_KI", (f"0x{k:016x}ULL" for k in ki)),
        c_array("double", "ZIG_WI", (w.hex() for w in wi)),
        c_array("double", "ZIG_FI", (v.hex() for v in fi)),
        f"#define ZIG_R_F {float(np.float32(R)).hex()}f\n",
        f"#define ZIG_INV_R_F {float(np.float32(1 / R)).hex()}f\n",
        c_array("uint32_t", "ZIG_KI_F", (f"0x{k:08x}U" for k in kf)),
        c_array("float", "ZIG_WI_F", (f"{w.hex()}f" for w in wf)),
        c_array("float", "ZIG_FI_F", (f"{v.hex()}f" for v in ff)),
    ])
    write_header("ziggurat_tables.h", text)


if __name__ == "__main__":
    main()
