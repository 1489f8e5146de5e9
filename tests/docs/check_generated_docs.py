#!/usr/bin/env python3
"""Checks that the generated documents in docs/ match the tables they are generated from.

docs/syscalls.md comes from core/syscall/syscalls.tbl and docs/win32-status.md from
win32/*/*.spec (tools/gen_syscalls.py, tools/gen_exports.py; the `docs` build target writes
them). A table changed without regenerating its document fails here, with the command that fixes
it, so the status tables never drift from the code.
"""
import difflib
import glob
import os
import subprocess
import sys
import tempfile


def main():
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    tools = os.path.join(repo, "tools")
    with tempfile.TemporaryDirectory() as scratch:
        generated = {
            "docs/syscalls.md": os.path.join(scratch, "syscalls.md"),
            "docs/win32-status.md": os.path.join(scratch, "win32-status.md"),
        }
        subprocess.run([sys.executable, os.path.join(tools, "gen_syscalls.py"),
                        os.path.join(repo, "core/syscall/syscalls.tbl"),
                        "--doc", generated["docs/syscalls.md"]], check=True)
        specs = sorted(glob.glob(os.path.join(repo, "win32", "*", "*.spec")))
        subprocess.run([sys.executable, os.path.join(tools, "gen_exports.py"),
                        "--status-doc", generated["docs/win32-status.md"]] + specs, check=True)
        stale = []
        for committed, fresh in generated.items():
            with open(os.path.join(repo, committed), encoding="utf-8") as f:
                old = f.readlines()
            with open(fresh, encoding="utf-8") as f:
                new = f.readlines()
            if old != new:
                stale.append(committed)
                sys.stdout.writelines(difflib.unified_diff(old, new, committed, "regenerated", n=1))
        if stale:
            print(f"\n{', '.join(stale)} out of date: run `cmake --build build/<preset> --target docs`"
                  " and commit the result")
            return 1
    print("docs/syscalls.md and docs/win32-status.md match their tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
