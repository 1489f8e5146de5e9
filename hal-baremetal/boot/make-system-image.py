#!/usr/bin/env python3
"""make-system-image.py OUT.tar ROOT [SOURCE=DEST ...]

Builds the bare-metal system image: a POSIX ustar archive (read by core/fs/Ustar.h) of the C:\\
tree under ROOT (build/<preset>/image/C), plus any extra SOURCE files placed at DEST (a path
inside C:, '/' or '\\' separated). Entries are sorted, owned by 0:0 and keep their modification
times, so the same inputs give the same bytes; OUT is rewritten only when its bytes change, which
keeps the ISOs that contain it from being rebuilt for nothing.
"""

import io
import os
import sys
import tarfile


def add_file(archive, source, name):
    info = tarfile.TarInfo(name)
    stat = os.stat(source)
    info.size = stat.st_size
    info.mtime = int(stat.st_mtime)
    info.mode = 0o644
    with open(source, "rb") as handle:
        archive.addfile(info, handle)


def add_directory(archive, name, mtime):
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    info.mtime = int(mtime)
    info.mode = 0o755
    archive.addfile(info)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    out, root, extras = argv[1], argv[2], argv[3:]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        seen = set()
        if os.path.isdir(root):
            for directory, subdirectories, files in os.walk(root):
                subdirectories.sort()
                relative = os.path.relpath(directory, root)
                if relative != ".":
                    add_directory(archive, relative, os.stat(directory).st_mtime)
                for name in sorted(files):
                    path = name if relative == "." else f"{relative}/{name}"
                    add_file(archive, os.path.join(directory, name), path)
                    seen.add(path.lower())
        for extra in extras:
            source, sep, dest = extra.partition("=")
            if not sep or not dest:
                sys.exit(f"make-system-image.py: expected SOURCE=DEST, got {extra!r}")
            dest = dest.replace("\\", "/").strip("/")
            if len(dest) >= 2 and dest[1] == ":":
                dest = dest[2:].lstrip("/")
            if dest.lower() in seen:
                sys.exit(f"make-system-image.py: {dest} is already in the image")
            seen.add(dest.lower())
            add_file(archive, source, dest)
    data = buffer.getvalue()
    try:
        with open(out, "rb") as handle:
            if handle.read() == data:
                return
    except FileNotFoundError:
        pass
    with open(out + ".tmp", "wb") as handle:
        handle.write(data)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main(sys.argv)
