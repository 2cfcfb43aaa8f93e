#!/usr/bin/env python3
"""png_bands.py PNG N -- the share of non-white pixels in each of N equal
horizontal bands of an 8-bit RGB(A) PNG, one number per line.

Used by tests/report.sh to tell a drawn plot from a blank one in a headless
browser's screenshot, with the standard library only (zlib): PNG filters
0-4 of the specification are undone row by row."""
import struct
import sys
import zlib


def rows(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), "8-bit RGB or RGBA only"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    out = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pr) & 255
        out.append(bytes(line))
        prev = line
    return out, w, bpp


def main():
    lines, w, bpp = rows(sys.argv[1])
    n = int(sys.argv[2])
    band = len(lines) // n
    for i in range(n):
        ink = total = 0
        for line in lines[i * band:(i + 1) * band]:
            for x in range(0, w * bpp, bpp):
                total += 1
                if min(line[x], line[x + 1], line[x + 2]) < 200:
                    ink += 1
        print(f"{ink / total:.4f}")


main()
