#!/usr/bin/env python3
"""Ctrl+C reaches the guest: runs tests/ctrlc/ctrlc.exe under halcyon in one mode, sends SIGINT to
the halcyon process once the program says "ready", and checks the output and the exit code.

    run_ctrlc.py --halcyon BIN --image DIR --exe ctrlc.exe --work-dir D --mode MODE
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import time

EXPECTED = {
    # mode: (lines that must appear, exit code (low 8 bits), send SIGINT)
    "handler": (["handler: event 0 on another thread", "handled"], 7, True),
    "chain": (["pass: not mine", "handler: event 0 on another thread", "order: last registered first", "handled"], 7, True),
    "default": ([], 0xC000013A & 0xFF, True),
    "ignore": (["still here"], 5, True),
    "generate": (["handler: event 0 on another thread", "handled"], 7, False),
    "break": (["handler: event 1 on another thread", "handled"], 7, False),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--halcyon", required=True)
    parser.add_argument("--image", required=True)
    parser.add_argument("--exe", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--mode", required=True, choices=sorted(EXPECTED))
    args = parser.parse_args()
    lines, exit_code, send_sigint = EXPECTED[args.mode]

    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.work_dir)
    exe = os.path.join(args.work_dir, os.path.basename(args.exe))
    shutil.copy2(args.exe, exe)
    command = [args.halcyon, "--image", args.image, "--registry", "", exe, args.mode]
    process = subprocess.Popen(command, cwd=args.work_dir, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    output = b""
    if send_sigint:
        deadline = time.monotonic() + 30
        while b"ready" not in output and time.monotonic() < deadline:
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                break
            output += chunk
        if b"ready" not in output:
            process.kill()
            print(f"FAIL: the program never said ready; output so far: {output!r}")
            return 1
        process.send_signal(signal.SIGINT)
    try:
        rest, errors = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        print(f"FAIL: halcyon did not end after SIGINT; output: {output!r}")
        return 1
    output += rest
    text = output.decode(errors="replace").replace("\r\n", "\n")
    failures = []
    for line in lines:
        if line not in text.splitlines():
            failures.append(f"missing line {line!r}")
    if process.returncode != exit_code:
        failures.append(f"exit code {process.returncode}, expected {exit_code}")
    if failures:
        print("FAIL: " + "; ".join(failures))
        print("--- stdout ---\n" + text + "--- stderr ---\n" + errors.decode(errors="replace"))
        return 1
    print(f"ok: mode {args.mode}, exit code {process.returncode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
