"""Draws icons/source.png (1024x1024), the image `tauri icon` turns into every app icon.

Two overlapping rings on a calm teal tile: two people, and the space between them that IPT works
on. Pure Python (zlib + struct), so it needs nothing installed.
"""
import math
import struct
import zlib

N = 1024
BG = (38, 110, 116)
RING = (246, 241, 231)
OVERLAP = (250, 205, 140)


def inside_tile(x, y, r=200):
    cx = min(max(x, r), N - 1 - r)
    cy = min(max(y, r), N - 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def ring(x, y, cx, cy, r, w):
    d = math.hypot(x - cx, y - cy)
    return r - w <= d <= r


def disc(x, y, cx, cy, r):
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


rows = []
for y in range(N):
    row = bytearray([0])
    for x in range(N):
        if not inside_tile(x, y):
            row += bytes((0, 0, 0, 0))
            continue
        a = (400, 512)
        b = (624, 512)
        in_both = disc(x, y, *a, 250) and disc(x, y, *b, 250)
        if ring(x, y, *a, 250, 56) or ring(x, y, *b, 250, 56):
            c = RING
        elif in_both:
            c = OVERLAP
        else:
            c = BG
        row += bytes((*c, 255))
    rows.append(bytes(row))

raw = b"".join(rows)


def chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
with open(__file__.replace("make_source.py", "source.png"), "wb") as f:
    f.write(png)
