"""Writes a generated header into kernels/cpu (a temp file renamed over it, so a failed run never leaves half a table)."""
import os


def write_header(name, text):
    out = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "cpu", name))
    with open(out + ".tmp", "w") as f:
        f.write(text)
    os.replace(out + ".tmp", out)
    print("wrote", out)
