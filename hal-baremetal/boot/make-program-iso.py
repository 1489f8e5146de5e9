#!/usr/bin/env python3
"""make-program-iso.py BUILD_DIR OUT.iso PROGRAM.exe [ARGS...]

A boot ISO that runs one program (tools/halcyon boot PROGRAM.exe): the system image of BUILD_DIR
(image/C) plus PROGRAM.exe and every DLL beside it at C:\\apps\\, and a boot config whose kernel
command line is `run=C:\\apps\\PROGRAM.exe ARGS...` with each argument quoted as the hosted
launcher quotes it (CommandLineToArgvW rules), so the program sees the same command line.
The loader and kernel are BUILD_DIR/boot's.
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# BootInfo::command_line and BootConfig::command_line hold 255 characters.
MAX_COMMAND_LINE = 255


def quote_argument(argument):
    """hal-hosted/Main.cpp's quote_argument."""
    if argument and not any(c in argument for c in " \t\n\v\""):
        return argument
    quoted, backslashes = '"', 0
    for c in argument:
        if c == "\\":
            backslashes += 1
            continue
        quoted += "\\" * (backslashes * 2 + 1 if c == '"' else backslashes)
        backslashes = 0
        quoted += c
    return quoted + "\\" * (backslashes * 2) + '"'


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    build_dir, out, program, args = argv[1], argv[2], argv[3], argv[4:]
    if not os.path.isfile(program):
        sys.exit(f"make-program-iso.py: {program}: no such file")
    name = os.path.basename(program)
    if not name.lower().endswith(".exe"):
        sys.exit(f"make-program-iso.py: {program}: not an .exe")
    command_line = " ".join([quote_argument(f"C:\\apps\\{name}")] + [quote_argument(a) for a in args])
    kernel_command_line = f"console=serial run={command_line}"
    if len(kernel_command_line) > MAX_COMMAND_LINE or "\n" in kernel_command_line:
        sys.exit(f"make-program-iso.py: the command line is longer than {MAX_COMMAND_LINE} characters or has "
                 "a newline; the boot config cannot carry it")
    boot = os.path.join(build_dir, "boot")
    extras = [f"{os.path.abspath(program)}=apps/{name}"]
    directory = os.path.dirname(os.path.abspath(program))
    for entry in sorted(os.listdir(directory)):
        if entry.lower().endswith(".dll") and os.path.isfile(os.path.join(directory, entry)):
            extras.append(f"{os.path.join(directory, entry)}=apps/{entry}")
    with tempfile.TemporaryDirectory(prefix="halcyon-boot-") as work:
        image = os.path.join(work, "system.tar")
        subprocess.run([sys.executable, os.path.join(HERE, "make-system-image.py"), image,
                        os.path.join(build_dir, "image", "C")] + extras, check=True)
        config = os.path.join(work, "boot.cfg")
        with open(config, "w") as stream:
            stream.write("# Halcyon loader config (hal-baremetal/boot/BootConfig.h)\n")
            stream.write("kernel=\\halcyon\\kernel.elf\n")
            stream.write(f"cmdline={kernel_command_line}\n")
        subprocess.run([os.path.join(HERE, "make-iso.sh"), out, os.path.join(boot, "BOOTX64.EFI"), config,
                        os.path.join(boot, "kernel.elf"), image], check=True)


if __name__ == "__main__":
    main(sys.argv)
