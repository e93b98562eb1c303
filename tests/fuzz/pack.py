#!/usr/bin/env python3
"""Packs several files into one fuzz input (FuzzTargets.h splitInput): the lengths of all files but the
last as little-endian uint32, then the files' bytes.  usage: pack.py OUT FILE..."""
import struct
import sys

out, files = sys.argv[1], sys.argv[2:]
parts = [open(f, "rb").read() for f in files]
with open(out, "wb") as f:
    f.write(b"".join(struct.pack("<I", len(p)) for p in parts[:-1]) + b"".join(parts))
