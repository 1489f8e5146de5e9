#!/usr/bin/env python3
"""Boot a Halcyon ISO in QEMU + OVMF (TCG) and turn what happens into a verdict.

The serial line (COM1) is streamed to stdout. The run ends when the kernel writes to
isa-debug-exit (QEMU exits with (code << 1) | 1, see hal-baremetal/include/halcyon/DebugExit.h),
when the loader says it is returning to the firmware, or at the timeout.

With --program (the kernel command line names a program with run=..., see
hal-baremetal/kernel/CoreBoot.h), the program's standard output, which the kernel copies byte for
byte to COM2, is written to stdout once QEMU has exited and the serial line (COM1) goes to stderr;
the run ends with the kernel's program-exited code and this script exits with the program's exit
status (the low 8 bits, as a host process status), read from the serial line's
"[run] exited with status 0x..." (--expect-program-stdout/--expect-program-status check them).

Exit status (what `tools/halcyon boot` and the boot tests see):
  0    pass    the kernel exited with the pass code (and every --expect pattern was seen)
  1    fail    the kernel's fail code, an unexpected QEMU exit (e.g. a triple fault under
               -no-reboot), a --fail-pattern line, or a missing --expect pattern
  3    panic   the kernel's panic code
  4    loader  the loader reported an error and returned to the firmware
  124  hang    no verdict within --timeout seconds
  77   skip    QEMU or OVMF is not installed
  2    usage
"""

import argparse
import json
import os
import re
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import time

PASS, FAIL, PANIC, LOADER, HANG, SKIP = 0, 1, 3, 4, 124, 77
PROGRAM = "program"
VERDICT_NAMES = {PASS: "pass", FAIL: "fail", PANIC: "panic", LOADER: "loader error", HANG: "hang",
                 PROGRAM: "program exited"}
# DebugExitCode values -> QEMU exit statuses.
QEMU_STATUS = {(0x10 << 1) | 1: PASS, (0x11 << 1) | 1: FAIL, (0x12 << 1) | 1: PANIC, (0x13 << 1) | 1: PROGRAM}
PROGRAM_OUTPUT_MARKER = b"\n[run] stdout follows\n"
PROGRAM_EXITED = re.compile(r"\[run\] exited with status 0x([0-9a-f]{8})")
LOADER_RETURNED = "[loader] returning to firmware"
OVMF_CANDIDATES = ["/usr/share/ovmf/OVMF.fd", "/usr/share/qemu/OVMF.fd"]
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?=]*[A-Za-z]|\x1b[()][A-Z0-9]")


def qmp_receive(connection, buffer):
    """The next QMP reply: one JSON message per line; asynchronous events are skipped."""
    while True:
        while b"\n" not in buffer[0]:
            chunk = connection.recv(4096)
            if not chunk:
                raise OSError("QMP closed the connection")
            buffer[0] += chunk
        line, buffer[0] = buffer[0].split(b"\n", 1)
        message = json.loads(line)
        if "event" not in message:
            return message


def send_keys(qmp_path, keys):
    """Presses each comma-separated key combination (QEMU qcodes, held keys joined by '-', e.g.
    "shift-h,i,ret,ctrl-c") on the PS/2 keyboard through QMP `send-key`; returns an error text or None."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(20)
            connection.connect(qmp_path)
            buffer = [b""]
            qmp_receive(connection, buffer)  # the greeting
            connection.sendall(b'{"execute": "qmp_capabilities"}\n')
            qmp_receive(connection, buffer)
            for combination in keys.split(","):
                codes = [{"type": "qcode", "data": code} for code in combination.split("-")]
                request = {"execute": "send-key", "arguments": {"keys": codes, "hold-time": 20}}
                connection.sendall(json.dumps(request).encode() + b"\n")
                answer = qmp_receive(connection, buffer)
                if "error" in answer:
                    return f"send-key {combination}: " + answer["error"].get("desc", str(answer["error"]))
                time.sleep(0.05)
    except (OSError, ValueError) as error:
        return str(error)
    return None


def take_screendump(qmp_path, png_path):
    """Runs QMP `screendump` with format png; returns an error text or None."""
    receive = qmp_receive

    try:
        if os.path.exists(png_path):
            os.unlink(png_path)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(20)
            connection.connect(qmp_path)
            buffer = [b""]
            receive(connection, buffer)  # the greeting
            connection.sendall(b'{"execute": "qmp_capabilities"}\n')
            receive(connection, buffer)
            request = {"execute": "screendump", "arguments": {"filename": png_path, "format": "png"}}
            connection.sendall(json.dumps(request).encode() + b"\n")
            answer = receive(connection, buffer)
    except (OSError, ValueError) as error:
        return str(error)
    if "error" in answer:
        return answer["error"].get("desc", str(answer["error"]))
    if not os.path.exists(png_path):
        return "QEMU wrote no file"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("iso")
    parser.add_argument("--headless", action="store_true", help="no display window")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds until the run counts as a hang")
    parser.add_argument("--expect", action="append", default=[], help="a serial line must contain this")
    parser.add_argument("--fail-pattern", action="append", default=[], help="a serial line containing this fails the run")
    parser.add_argument("--program", action="store_true",
                        help="the ISO runs a program: its stdout (COM2) to stdout, the serial line to stderr, "
                             "exit with its exit status")
    parser.add_argument("--expect-program-stdout", metavar="FILE",
                        help="with --program: the program's stdout must equal this file byte for byte")
    parser.add_argument("--expect-program-status", type=int, metavar="N",
                        help="with --program: the program's exit status (32 bits) must be N")
    parser.add_argument("--expect-verdict", choices=["pass", "fail", "panic", "loader"],
                        help="exit 0 when this verdict (and every --expect) happened, 1 otherwise")
    parser.add_argument("--serial-log", help="also write the serial output here")
    parser.add_argument("--memory", default="256M")
    # `max` gives TCG guests NX, SMEP, SMAP and UMIP, which the kernel turns on when CPUID has them.
    parser.add_argument("--cpu", default="max", help="QEMU -cpu model (default: max)")
    parser.add_argument("--quiet", action="store_true", help="do not echo the serial line")
    parser.add_argument("--screendump", metavar="PNG",
                        help="when a serial line contains --screendump-when, save the framebuffer here "
                             "(QMP screendump) and then send one byte on the serial line")
    parser.add_argument("--serial-input", metavar="TEXT",
                        help="type TEXT (Python escapes such as \\n and \\x03 allowed) on the serial line (COM1) "
                             "once a serial line contains --serial-input-when, after --serial-input-delay")
    parser.add_argument("--send-keys", metavar="KEYS",
                        help="press these keys on the PS/2 keyboard (QMP send-key; qcodes, comma-separated, "
                             "held keys joined by '-', e.g. shift-h,i,ret) at the same moment as --serial-input")
    parser.add_argument("--serial-input-when", default="[run] start:", metavar="TEXT")
    parser.add_argument("--serial-input-delay", type=float, default=1.0, metavar="SECONDS",
                        help="wait this long after the trigger (a reader must block until then)")
    parser.add_argument("--screendump-when", default="[boot] waiting for the host",
                        help="the serial text that triggers --screendump")
    args = parser.parse_args()

    qemu = shutil.which("qemu-system-x86_64")
    ovmf = next((path for path in OVMF_CANDIDATES if os.path.exists(path)), None)
    if not qemu or not ovmf:
        print("qemu-boot: SKIP: qemu-system-x86_64 or OVMF is not installed "
              "(apt-get install qemu-system-x86 ovmf)", file=sys.stderr)
        return SKIP
    if not os.path.exists(args.iso):
        print(f"qemu-boot: no such ISO: {args.iso}", file=sys.stderr)
        return 2

    # TCG only: KVM opens on these machines but guests fail (TOOLCHAIN-NOTES).
    command = [qemu, "-machine", "q35", "-accel", "tcg", "-cpu", args.cpu, "-m", args.memory, "-bios", ovmf,
               "-drive", f"file={args.iso},media=cdrom,format=raw,readonly=on",
               "-serial", "stdio", "-no-reboot", "-net", "none",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    if not args.headless and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print("qemu-boot: no DISPLAY: booting headless", file=sys.stderr)
        args.headless = True
    command += ["-display", "none"] if args.headless else []
    if args.expect_program_stdout or args.expect_program_status is not None:
        args.program = True
    program_dir = tempfile.TemporaryDirectory(prefix="halcyon-program-") if args.program else None
    program_stdout_path = os.path.join(program_dir.name, "stdout.bin") if program_dir else None
    if program_stdout_path:
        command += ["-serial", f"file:{program_stdout_path}"]

    monitor_dir = tempfile.TemporaryDirectory(prefix="halcyon-qemu-") if args.screendump or args.send_keys else None
    monitor_path = os.path.join(monitor_dir.name, "qmp.sock") if monitor_dir else None
    command += ["-monitor", "none"] + (["-qmp", f"unix:{monitor_path},server=on,wait=off"] if monitor_path else [])
    screendump_state = {"done": False}

    started = time.monotonic()
    serial_input = args.serial_input.encode("latin-1").decode("unicode_escape").encode("latin-1") \
        if args.serial_input else None
    serial_input_state = {"at": None, "sent": False}
    process = subprocess.Popen(command, stdin=subprocess.PIPE if args.screendump or serial_input else subprocess.DEVNULL,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ, "serial")
    selector.register(process.stderr, selectors.EVENT_READ, "qemu")
    log = open(args.serial_log, "w") if args.serial_log else None
    pending = {"serial": b"", "qemu": b""}
    lines = []
    verdict = None
    reason = ""

    def handle_line(raw):
        nonlocal verdict, reason
        text = ANSI_ESCAPE.sub("", raw.decode("utf-8", "replace")).rstrip("\r\n")
        text = text.replace("\r", "")
        lines.append(text)
        if log:
            log.write(text + "\n")
            log.flush()
        if not args.quiet:
            print(text, file=sys.stderr if args.program else sys.stdout, flush=True)
        for pattern in args.fail_pattern:
            if pattern in text and verdict is None:
                verdict, reason = FAIL, f"fail pattern {pattern!r} on the serial line"
        if args.screendump and not screendump_state["done"] and args.screendump_when in text:
            screendump_state["done"] = True
            error = take_screendump(monitor_path, os.path.abspath(args.screendump))
            if error and verdict is None:
                verdict, reason = FAIL, f"screendump failed: {error}"
            else:
                print(f"qemu-boot: framebuffer saved to {args.screendump}", file=sys.stderr)
            process.stdin.write(b"\n")
            process.stdin.flush()
        if (serial_input or args.send_keys) and serial_input_state["at"] is None and args.serial_input_when in text:
            serial_input_state["at"] = time.monotonic() + args.serial_input_delay
        if LOADER_RETURNED in text and verdict is None:
            verdict, reason = LOADER, "the loader returned to the firmware"

    open_streams = 2
    while open_streams and verdict is None:
        remaining = args.timeout - (time.monotonic() - started)
        if remaining <= 0:
            verdict, reason = HANG, f"no verdict within {args.timeout:g} s"
            break
        waiting_to_send = serial_input_state["at"] is not None and not serial_input_state["sent"]
        if waiting_to_send and time.monotonic() >= serial_input_state["at"]:
            serial_input_state["sent"] = True
            if serial_input:
                process.stdin.write(serial_input)
                process.stdin.flush()
            if args.send_keys:
                error = send_keys(monitor_path, args.send_keys)
                if error and verdict is None:
                    verdict, reason = FAIL, f"send-key failed: {error}"
        for key, _ in selector.select(timeout=min(remaining, 0.1 if waiting_to_send else 0.5)):
            chunk = os.read(key.fileobj.fileno(), 4096)
            if not chunk:
                selector.unregister(key.fileobj)
                open_streams -= 1
                continue
            if key.data == "qemu":
                sys.stderr.write(chunk.decode("utf-8", "replace"))
                continue
            pending["serial"] += chunk
            while b"\n" in pending["serial"]:
                line, pending["serial"] = pending["serial"].split(b"\n", 1)
                handle_line(line)
    if pending["serial"]:
        handle_line(pending["serial"])

    if process.poll() is None and verdict is not None:
        process.kill()
    status = process.wait()
    elapsed = time.monotonic() - started
    if verdict is None:
        verdict = QEMU_STATUS.get(status, FAIL)
        reason = (f"kernel debug-exit {VERDICT_NAMES[verdict]} (QEMU status {status})" if status in QEMU_STATUS
                  else f"QEMU exited with status {status} without a debug-exit verdict (reset or triple fault?)")
    missing = [pattern for pattern in args.expect if not any(pattern in line for line in lines)]
    if verdict == PASS and missing:
        verdict, reason = FAIL, f"pass code but expected serial text missing: {missing}"
    print(f"qemu-boot: {VERDICT_NAMES[verdict]}: {reason} ({elapsed:.1f} s)", file=sys.stderr)

    if args.program:
        return program_result(args, verdict, lines, program_stdout_path, missing)

    if args.expect_verdict:
        wanted = {"pass": PASS, "fail": FAIL, "panic": PANIC, "loader": LOADER}[args.expect_verdict]
        if verdict == wanted and not missing:
            print(f"qemu-boot: as expected ({args.expect_verdict})", file=sys.stderr)
            return 0
        if missing:
            print(f"qemu-boot: expected serial text missing: {missing}", file=sys.stderr)
        print(f"qemu-boot: expected verdict {args.expect_verdict}", file=sys.stderr)
        return 1
    return verdict


def program_result(args, verdict, lines, stdout_path, missing):
    """The --program ending: the program's stdout to ours, its exit status as ours."""
    output = b""
    if stdout_path and os.path.exists(stdout_path):
        with open(stdout_path, "rb") as stream:
            output = stream.read()
    # The firmware prints on COM2 too; the program's output follows the kernel's marker
    # (hal-baremetal/kernel/ProgramOutput.h).
    marker = output.rfind(PROGRAM_OUTPUT_MARKER)
    output = output[marker + len(PROGRAM_OUTPUT_MARKER):] if marker >= 0 else b""
    sys.stdout.buffer.write(output)
    sys.stdout.flush()
    if verdict != PROGRAM:
        print(f"qemu-boot: the program did not run to its exit ({VERDICT_NAMES.get(verdict, verdict)})",
              file=sys.stderr)
        return FAIL if verdict in (PASS, FAIL) else verdict
    status = None
    for line in lines:
        match = PROGRAM_EXITED.search(line)
        if match:
            status = int(match.group(1), 16)
    if status is None:
        print("qemu-boot: program-exited code but no \"[run] exited with status\" line", file=sys.stderr)
        return FAIL
    print(f"qemu-boot: program exit status {status} (0x{status:08x})", file=sys.stderr)
    failed = False
    if missing:
        print(f"qemu-boot: expected serial text missing: {missing}", file=sys.stderr)
        failed = True
    if args.expect_program_status is not None and status != args.expect_program_status:
        print(f"qemu-boot: expected exit status {args.expect_program_status}", file=sys.stderr)
        failed = True
    if args.expect_program_stdout:
        with open(args.expect_program_stdout, "rb") as stream:
            expected = stream.read()
        if output != expected:
            print(f"qemu-boot: stdout differs from {args.expect_program_stdout}: expected {expected!r}, "
                  f"got {output!r}", file=sys.stderr)
            failed = True
    if args.expect_program_stdout or args.expect_program_status is not None:
        if not failed:
            print("qemu-boot: program output and exit status as expected", file=sys.stderr)
        return 1 if failed else 0
    return status & 0xFF


if __name__ == "__main__":
    sys.exit(main())
