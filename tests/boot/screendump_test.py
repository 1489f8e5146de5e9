#!/usr/bin/env python3
"""Boot test: the framebuffer console shows the boot log.

Boots ISO with tools/qemu-boot.py --screendump (the kernel waits for the host after its verdict,
debug.wait-for-host=1), then reads the text back from the PNG: the console draws 8x16 cells
from the origin in the built-in font (hal-baremetal/kernel/gen-font.py), so every cell is
matched exactly against the font's glyphs. Passes when every EXPECT text is on some screen line.

  screendump_test.py REPO ISO PNG EXPECT...      exit 0 pass, 1 fail, 77 skip (no QEMU/OVMF)
"""

import importlib.util
import struct
import subprocess
import sys
import zlib


def read_png(path):
    """(width, height, rows of (r, g, b) tuples) for an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as png:
        data = png.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    at, idat, header = 8, b"", None
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    width, height, depth, color_type = header[:4]
    if depth != 8 or color_type not in (2, 6):
        raise ValueError(f"unsupported PNG (depth {depth}, color type {color_type})")
    channels = 3 if color_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        filter_type = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            up_left = previous[x - channels] if x >= channels else 0
            if filter_type == 1:
                line[x] = (line[x] + left) & 0xff
            elif filter_type == 2:
                line[x] = (line[x] + up) & 0xff
            elif filter_type == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xff
            elif filter_type == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[x] = (line[x] + predictor) & 0xff
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, channels)])
        previous = line
    return width, height, rows


def screen_text(png_path, font):
    width, height, rows = read_png(png_path)
    glyphs = {tuple(cell): char for char, cell in font.items()}
    lines = []
    for row in range(height // 16):
        text = []
        for column in range(width // 8):
            cell = []
            for y in range(16):
                pixels = rows[row * 16 + y][column * 8:column * 8 + 8]
                byte = 0
                for x, (r, g, b) in enumerate(pixels):
                    if r + g + b > 3 * 0x60:
                        byte |= 0x80 >> x
                cell.append(byte)
            text.append(glyphs.get(tuple(cell), "\ufffd"))
        lines.append("".join(text).rstrip())
    return lines


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    repo, iso, png, expected = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    boot = subprocess.run([sys.executable, f"{repo}/tools/qemu-boot.py", "--headless", "--timeout", "60",
                           "--expect-verdict", "pass", "--screendump", png, "--fail-pattern", "[boot] fail", iso])
    if boot.returncode == 77:
        return 77
    if boot.returncode != 0:
        print("screendump_test: the boot did not pass", file=sys.stderr)
        return 1
    spec = importlib.util.spec_from_file_location("gen_font", f"{repo}/hal-baremetal/kernel/gen-font.py")
    gen_font = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_font)
    lines = screen_text(png, gen_font.font())
    shown = [line for line in lines if line]
    print(f"screendump_test: {len(shown)} text lines on the framebuffer ({png}):")
    for line in shown:
        print("  | " + line)
    missing = [text for text in expected if not any(text in line for line in lines)]
    if missing:
        print(f"screendump_test: not on the screen: {missing}", file=sys.stderr)
        return 1
    print(f"screendump_test: all {len(expected)} expected texts are on the screen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
