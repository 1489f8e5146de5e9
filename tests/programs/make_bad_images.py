#!/usr/bin/env python3
"""Writes the malformed images for the error tests from a good PE32+ program.

  not_pe.exe              a text file
  truncated_headers.exe   cut in the middle of the optional header
  truncated_sections.exe  complete headers, cut inside the first section's raw data

Usage: make_bad_images.py GOOD.exe OUTPUT_DIR
"""

import os
import struct
import sys


def main():
    good_path, out_dir = sys.argv[1], sys.argv[2]
    with open(good_path, "rb") as stream:
        good = stream.read()
    (e_lfanew,) = struct.unpack_from("<I", good, 0x3C)
    if good[e_lfanew:e_lfanew + 4] != b"PE\0\0":
        sys.exit(f"{good_path} is not a PE image")
    optional_header = e_lfanew + 4 + 20
    (size_of_headers,) = struct.unpack_from("<I", good, optional_header + 60)
    (number_of_sections,) = struct.unpack_from("<H", good, e_lfanew + 6)
    (size_of_optional_header,) = struct.unpack_from("<H", good, e_lfanew + 20)
    first_section = optional_header + size_of_optional_header
    (raw_size, raw_pointer) = struct.unpack_from("<II", good, first_section + 16)
    assert number_of_sections > 0 and raw_size > 512

    os.makedirs(out_dir, exist_ok=True)
    outputs = {
        "not_pe.exe": b"This is a text file, not a Windows program.\r\n" * 20,
        "truncated_headers.exe": good[:optional_header + 40],
        "truncated_sections.exe": good[:max(size_of_headers, raw_pointer) + 256],
    }
    for name, data in outputs.items():
        with open(os.path.join(out_dir, name), "wb") as stream:
            stream.write(data)


if __name__ == "__main__":
    main()
