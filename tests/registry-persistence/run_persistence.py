#!/usr/bin/env python3
"""The registry persists across runs of halcyon, and a bad hive file is survivable.

    run_persistence.py --halcyon BIN --image DIR --exe regstore.exe --work-dir DIR

Steps, each a separate halcyon process on the same --registry file in the work directory:
  1. no file yet: the key is absent, the defaults are there;
  2. write a token (and RegFlushKey); the file now exists;
  3. a new run reads the token back;
  4. the file is overwritten with garbage: the run reports it on stderr ("[registry] ... cannot be
     used ... moved it to FILE.corrupt-1"), starts from the defaults (the key is absent) and exits
     0; the garbage is kept, byte for byte, in FILE.corrupt-1;
  5. a run after that works normally (write + read again); a truncated file is handled like (4);
  6. four writers at once leave an intact file holding exactly one of their tokens and no
     temporary files.
"""
import argparse
import os
import shutil
import subprocess
import sys


def run(args, registry, *guest_args):
    command = [args.halcyon, "--image", args.image, "--registry", registry, args.exe, *guest_args]
    done = subprocess.run(command, cwd=args.work_dir, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    return done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--halcyon", required=True)
    parser.add_argument("--image", required=True)
    parser.add_argument("--exe", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    shutil.rmtree(args.work_dir, ignore_errors=True)
    os.makedirs(args.work_dir)
    registry = os.path.join(args.work_dir, "registry.hreg")
    failures = []

    def step(name, guest_args, want_code=0, stderr_must=None):
        code, out, err = run(args, registry, *guest_args)
        print(f"{name}: exit {code}; stdout {out.strip()!r}; stderr {err.strip()!r}")
        if code != want_code:
            failures.append(f"{name}: exit {code}, expected {want_code}")
        for text in stderr_must or []:
            if text not in err:
                failures.append(f"{name}: stderr lacks {text!r}")
        return err

    step("fresh", ["absent"])
    step("write", ["write", "persisted-42"])
    if not os.path.exists(registry):
        failures.append("write: no registry file after the run")
    step("read", ["read", "persisted-42"])
    step("read-wrong", ["read", "something-else"], want_code=2)

    garbage = b"this is not a hive file\x00\xff" * 7
    with open(registry, "wb") as f:
        f.write(garbage)
    step("corrupt", ["absent"], stderr_must=["[registry]", registry, "cannot be used", registry + ".corrupt-1"])
    moved = registry + ".corrupt-1"
    if not os.path.exists(moved) or open(moved, "rb").read() != garbage:
        failures.append("corrupt: the bad file was not kept as " + moved)
    step("after-corrupt-write", ["write", "again"])
    step("after-corrupt-read", ["read", "again"])

    # A truncated hive (a real file cut short) is handled the same way.
    data = open(registry, "rb").read()
    with open(registry, "wb") as f:
        f.write(data[: len(data) // 2])
    step("truncated", ["absent"], stderr_must=[registry + ".corrupt-2"])

    # Writers in parallel on one file: each flush is atomic, so the file afterwards is intact and
    # holds one writer's token.
    tokens = [f"parallel-{n}" for n in range(4)]
    writers = [subprocess.Popen([args.halcyon, "--image", args.image, "--registry", registry, args.exe, "write", token],
                                cwd=args.work_dir, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
               for token in tokens]
    for writer in writers:
        _, err = writer.communicate(timeout=60)
        if writer.returncode != 0 or b"[registry]" in err:
            failures.append(f"parallel write: exit {writer.returncode}, stderr {err!r}")
    readable = 0
    for token in tokens:
        code, _, err = run(args, registry, "read", token)
        if "[registry]" in err:
            failures.append(f"parallel: the file was damaged: {err.strip()}")
        readable += code == 0
    print(f"parallel: {readable} of {len(tokens)} tokens read back (expected 1)")
    if readable != 1:
        failures.append(f"parallel: {readable} tokens read back, expected exactly 1")
    leftovers = [name for name in os.listdir(args.work_dir) if ".tmp-" in name]
    if leftovers:
        failures.append(f"parallel: temporary files left behind: {leftovers}")

    for failure in failures:
        print("FAIL:", failure)
    print("registry persistence:", "ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
