#!/usr/bin/env python3
"""Runs one conformance program (tests/conformance/*.c) for CTest, under halcyon or under Wine.

    run_conformance.py halcyon --exe P.exe --work-dir D --halcyon BIN --image DIR
    run_conformance.py wine    --exe P.exe --work-dir D --wine WINE --prefix PREFIX

The program runs in a fresh work directory holding a copy of the .exe; that directory is its
current directory (under halcyon it is drive D:), so file tests create their files there. The test
passes when the program exits with 0 and printed its summary line ("N checks, 0 failures, ...").
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

TIMEOUT_SECONDS = 120
SUMMARY = re.compile(rb"^\S+: (\d+) checks, (\d+) failures, (\d+) todo\r?$", re.MULTILINE)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["halcyon", "wine"])
    parser.add_argument("--exe", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--halcyon")
    parser.add_argument("--image")
    parser.add_argument("--wine", default="/usr/lib/wine/wine64")
    parser.add_argument("--prefix")
    args = parser.parse_args()

    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.work_dir)
    exe = os.path.join(args.work_dir, os.path.basename(args.exe))
    shutil.copy2(args.exe, exe)

    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    if args.mode == "halcyon":
        # Each test gets its own registry file, so tests that run in parallel never share one.
        command = [args.halcyon, "--image", args.image, "--registry", os.path.join(args.work_dir, "registry.hreg"), exe]
    else:
        command = [args.wine, exe]
        env.update({"WINEPREFIX": args.prefix, "WINEDEBUG": "-all", "WINEDLLOVERRIDES": "winedbg.exe=d"})

    # Output goes to files, not pipes: Wine helper processes may keep a pipe open after the exit.
    out_path = os.path.join(args.work_dir, "output.txt")
    with open(out_path, "wb") as out, open(os.devnull, "rb") as stdin:
        try:
            completed = subprocess.run(command, cwd=args.work_dir, env=env, stdin=stdin, stdout=out,
                                       stderr=subprocess.STDOUT, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            sys.stdout.buffer.write(open(out_path, "rb").read()[-8000:])
            print(f"FAIL: timed out after {TIMEOUT_SECONDS} s: {' '.join(command)}")
            return 1
    output = open(out_path, "rb").read()
    sys.stdout.buffer.write(output)
    summary = SUMMARY.search(output)
    if completed.returncode != 0:
        print(f"FAIL: exit status {completed.returncode}")
        return 1
    if not summary:
        print("FAIL: no summary line (the program did not finish)")
        return 1
    if int(summary.group(2)) != 0:
        print("FAIL: the summary reports failures")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
