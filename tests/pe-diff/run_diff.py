#!/usr/bin/env python3
"""Differential test: pe-dump (Halcyon's pe/ parser) against llvm-readobj on real PE files.

Fetches the Debian packages in packages.txt with `apt-get download` (no root needed) into a
cache directory, extracts them with `dpkg-deb -x`, finds every PE file (MZ + "PE\\0\\0"), and
compares, file by file, the imports, delay-load imports and exports that `pe-dump --json` reports
with those of `llvm-readobj --coff-imports --coff-exports`. Forwarders, which llvm-readobj 14
prints as the RVA of the forwarder string, are checked by reading the string at that RVA.

Disagreements must be explained in allow-list.txt (with a reason), and every allow-list entry
must still match. pe-dump must also report no error for a file llvm-readobj reads,
`pe-dump --imports-exports` must print the same format, machine, imports and exports as the full
walk, and it must print exactly the same whether it reads only the parts of a file it walks (its
default) or maps every file whole (`--map-whole`).

Exit status: 0 pass, 1 fail, 77 skip (no package source reachable: printed loudly).
"""

import argparse
import concurrent.futures
import fnmatch
import json
import os
import re
import struct
import subprocess
import sys
import time

SKIP = 77


def log(message):
    print(f"pe-diff: {message}", flush=True)


def read_list(path):
    with open(path) as stream:
        return [line.strip() for line in stream if line.strip() and not line.startswith("#")]


def fetch(packages, cache):
    """Downloads and extracts each package once; returns {package: extract directory}."""
    debs = os.path.join(cache, "debs")
    os.makedirs(debs, exist_ok=True)
    have = {name.split("_")[0]: name for name in os.listdir(debs) if name.endswith(".deb")}
    missing = [p for p in packages if p not in have]
    if missing:
        log(f"downloading {len(missing)} package(s): {' '.join(missing)}")
        started = time.time()
        # One call per package: one unavailable package must not lose the others.
        for package in missing:
            result = subprocess.run(["apt-get", "download", package], cwd=debs, capture_output=True, text=True)
            if result.returncode != 0:
                log(f"  could not download {package}: {result.stderr.strip().splitlines()[-1:] or ['?']}")
        log(f"  download took {time.time() - started:.1f} s")
        have = {name.split("_")[0]: name for name in os.listdir(debs) if name.endswith(".deb")}
    roots = {}
    for package in packages:
        if package not in have:
            continue
        root = os.path.join(cache, "extract", package)
        stamp = os.path.join(root, ".extracted-" + have[package])
        if not os.path.exists(stamp):
            subprocess.run(["rm", "-rf", root], check=True)
            os.makedirs(root)
            subprocess.run(["dpkg-deb", "-x", os.path.join(debs, have[package]), root], check=True)
            open(stamp, "w").close()
        roots[package] = root
    return roots


def is_pe(path):
    try:
        with open(path, "rb") as stream:
            head = stream.read(64)
            if len(head) < 64 or head[:2] != b"MZ":
                return False
            offset = struct.unpack_from("<I", head, 0x3C)[0]
            stream.seek(offset)
            return stream.read(4) == b"PE\0\0"
    except OSError:
        return False


def find_pe_files(roots):
    files = []  # (package, relative path, absolute path)
    for package, root in sorted(roots.items()):
        for directory, _, names in os.walk(root):
            for name in sorted(names):
                path = os.path.join(directory, name)
                if not os.path.islink(path) and os.path.isfile(path) and is_pe(path):
                    files.append((package, os.path.relpath(path, root), path))
    return files


def batches(items, size):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def run_pe_dump(pe_dump, paths, options=()):
    reports = {}
    for batch in batches(paths, 200):
        result = subprocess.run([pe_dump, "--json", *options, "--"] + batch, capture_output=True, text=True)
        if result.returncode not in (0, 1):
            raise SystemExit(f"pe-dump failed with status {result.returncode}: {result.stderr}")
        for line in result.stdout.splitlines():
            report = json.loads(line)
            reports[report["file"]] = report
    return reports


# ---- llvm-readobj output ------------------------------------------------------------------------

HEX = r"0x[0-9A-Fa-f]+"


def parse_readobj(text):
    """Parses `llvm-readobj --file-headers --sections --coff-imports --coff-exports` for one file."""
    info = {"imports": [], "delay_imports": [], "exports": [], "sections": [], "export_dir": (0, 0)}
    block = None
    section = None
    export_rva = export_size = 0
    for raw in text.splitlines():
        line = raw.strip()
        if m := re.match(r"ExportTableRVA: (" + HEX + ")", line):
            export_rva = int(m.group(1), 16)
        elif m := re.match(r"ExportTableSize: (" + HEX + ")", line):
            export_size = int(m.group(1), 16)
        elif line in ("Import {", "DelayImport {"):
            block = {"kind": "imports" if line == "Import {" else "delay_imports", "name": None, "functions": []}
        elif line == "Export {":
            block = {"kind": "exports", "ordinal": None, "name": None, "rva": None}
        elif line == "Section {":
            section = {}
        elif section is not None and (m := re.match(r"(VirtualAddress|RawDataSize|PointerToRawData|VirtualSize): (\S+)", line)):
            section[m.group(1)] = int(m.group(2), 0)
        elif section is not None and line.startswith("Characteristics"):
            info["sections"].append(section)
            section = None
        elif block is not None and line == "}":
            if block["kind"] == "exports":
                info["exports"].append(block)
            else:
                info[block["kind"]].append((block["name"], block["functions"]))
            block = None
        elif block is not None and block["kind"] != "exports":
            if m := re.match(r"Name: (.*)$", line):
                block["name"] = m.group(1)
            elif m := re.match(r"Symbol: (.*) \((\d+)\)$", line):
                name, number = m.group(1), int(m.group(2))
                block["functions"].append(name if name else f"#{number}")
        elif block is not None:
            if m := re.match(r"Ordinal: (\d+)", line):
                block["ordinal"] = int(m.group(1))
            elif m := re.match(r"Name: ?(.*)$", line):
                block["name"] = m.group(1) or None
            elif m := re.match(r"RVA: (" + HEX + ")", line):
                block["rva"] = int(m.group(1), 16)
    info["export_dir"] = (export_rva, export_size)
    return info


def run_readobj(llvm_readobj, path):
    result = subprocess.run([llvm_readobj, "--file-headers", "--sections", "--coff-imports", "--coff-exports", path],
                            capture_output=True, text=True, errors="replace")
    if result.returncode != 0 or "error:" in result.stderr:
        return None, result.stderr.strip()
    return parse_readobj(result.stdout), None


def string_at_rva(data, sections, rva):
    for s in sections:
        start, size = s["VirtualAddress"], min(s["RawDataSize"], s["VirtualSize"] or s["RawDataSize"])
        if start <= rva < start + size:
            offset = s["PointerToRawData"] + rva - start
            end = data.find(b"\0", offset)
            return data[offset:end].decode("latin-1") if end >= 0 else None
    return None


def merged(modules):
    result = {}
    for name, functions in modules:
        result.setdefault(name, []).extend(functions)
    return result


def compare(path, dump, readobj):
    """Returns {kind: description} for each disagreement."""
    problems = {}
    for kind in ("imports", "delay_imports"):
        ours = dump.get(kind) or {}
        theirs = merged(readobj[kind])
        if ours != theirs:
            dlls = sorted(set(ours) ^ set(theirs)) or [d for d in ours if ours[d] != theirs.get(d)]
            problems[kind] = f"differ for {', '.join(dlls[:5])}"
    ours = dump.get("exports") or []
    # llvm-readobj prints every export address table slot, including empty ones (RVA 0) in the
    # gaps between ordinals; those are not exports (GetProcAddress fails for them) and pe-dump,
    # like the loader, skips them.
    theirs = [e for e in readobj["exports"] if e["rva"] != 0]
    export_rva, export_size = readobj["export_dir"]
    if len(ours) != len(theirs):
        problems["exports"] = f"pe-dump has {len(ours)} exports, llvm-readobj {len(theirs)}"
    else:
        data = None
        for mine, other in zip(ours, theirs):
            if mine["ordinal"] != other["ordinal"] or mine["name"] != other["name"]:
                problems["exports"] = f"ordinal {mine['ordinal']}: {mine['name']!r} vs {other['ordinal']} {other['name']!r}"
                break
            if "forwarder" in mine:
                # llvm-readobj 14 prints a forwarder's string RVA: check it is inside the export
                # directory ([pecoff] 6.3.2) and that the string there is the forwarder.
                if not export_rva <= other["rva"] < export_rva + export_size:
                    problems["exports"] = f"ordinal {mine['ordinal']}: forwarder, but llvm RVA is outside the export directory"
                    break
                if data is None:
                    with open(path, "rb") as stream:
                        data = stream.read()
                if string_at_rva(data, readobj["sections"], other["rva"]) != mine["forwarder"]:
                    problems["exports"] = f"ordinal {mine['ordinal']}: forwarder {mine['forwarder']!r} differs"
                    break
            elif mine.get("rva") != other["rva"]:
                problems["exports"] = f"ordinal {mine['ordinal']}: rva {mine.get('rva')} vs {other['rva']}"
                break
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pe-dump", required=True)
    parser.add_argument("--llvm-readobj", default="llvm-readobj")
    parser.add_argument("--cache", required=True, help="download/extract directory (in the build tree)")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--packages", default=os.path.join(here, "packages.txt"))
    parser.add_argument("--allow-list", default=os.path.join(here, "allow-list.txt"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--list-files", action="store_true", help="print the corpus (for bench/) and exit")
    args = parser.parse_args()

    packages = read_list(args.packages)
    roots = fetch(packages, args.cache)
    if not roots:
        print("*" * 78)
        print("pe-diff: SKIPPED -- no package could be downloaded (no apt source reachable?).")
        print("pe-diff: the llvm-readobj differential test did NOT run.")
        print("*" * 78)
        return SKIP
    files = find_pe_files(roots)
    if args.list_files:
        for _, _, path in files:
            print(path)
        return 0
    log(f"{len(files)} PE files from {len(roots)} of {len(packages)} packages")

    started = time.time()
    reports = run_pe_dump(args.pe_dump, [path for _, _, path in files])
    # `--imports-exports` (what bench/pe_dump_bench.sh times against llvm-readobj) walks fewer
    # tables; what it does print must be exactly what the full walk prints.
    narrow = run_pe_dump(args.pe_dump, [path for _, _, path in files], ["--imports-exports"])
    narrow_mapped = run_pe_dump(args.pe_dump, [path for _, _, path in files], ["--imports-exports", "--map-whole"])
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        readobj = dict(zip([f[2] for f in files], pool.map(lambda f: run_readobj(args.llvm_readobj, f[2]), files)))
    log(f"ran pe-dump and llvm-readobj over the corpus in {time.time() - started:.1f} s")

    allowed = {}
    for line in read_list(args.allow_list):
        parts = line.split(None, 2)
        if len(parts) < 3:
            raise SystemExit(f"allow-list line without a reason: {line}")
        allowed[(parts[0], parts[1])] = parts[2]

    found = {}  # (key, kind) -> description
    per_package = {}
    for package, relative, path in files:
        key = f"{package}/{relative}"
        per_package[package] = per_package.get(package, 0) + 1
        dump = reports.get(path)
        parsed, readobj_error = readobj[path]
        if dump is None:
            found[(key, "pe-dump-error")] = "pe-dump printed nothing"
            continue
        narrow_dump = narrow.get(path) or {}
        differing = [field for field in ("format", "machine", "imports", "delay_imports", "exports")
                     if narrow_dump.get(field, "missing") != dump[field]]
        if differing:
            found[(key, "narrow-scope-differs")] = f"pe-dump --imports-exports differs in {', '.join(differing)}"
        if narrow.get(path) != narrow_mapped.get(path):
            found[(key, "staged-differs")] = "pe-dump --imports-exports differs from the same with --map-whole"
        if parsed is None:
            found[(key, "readobj-failed")] = f"llvm-readobj: {readobj_error}; pe-dump: error={dump['error']}"
            continue
        if dump["error"] is not None:
            found[(key, "pe-dump-error")] = f"pe-dump reports {dump['error']} but llvm-readobj reads the file"
        for kind, description in compare(path, dump, parsed).items():
            found[(key, kind)] = description

    unexplained = {k: v for k, v in found.items() if not any(fnmatch.fnmatch(k[0], pattern) and k[1] == kind
                                                             for pattern, kind in allowed)}
    stale = [k for k in allowed if not any(fnmatch.fnmatch(f[0], k[0]) and f[1] == k[1] for f in found)]
    explained = len(found) - len(unexplained)

    imports = sum(len(v) for r in reports.values() for v in (r.get("imports") or {}).values())
    exports = sum(len(r.get("exports") or []) for r in reports.values())
    log("per package: " + ", ".join(f"{p} {n}" for p, n in sorted(per_package.items())))
    log(f"compared {len(files)} files: {imports} imported functions, {exports} exports; "
        f"{explained} explained disagreement(s), {len(unexplained)} unexplained, {len(stale)} stale allow-list entr(y/ies)")
    for (key, kind), description in sorted(found.items()):
        reason = next((r for (p, k), r in allowed.items() if fnmatch.fnmatch(key, p) and k == kind), None)
        if reason:
            log(f"  allowed  {key} [{kind}]: {description} -- {reason}")
    for (key, kind), description in sorted(unexplained.items()):
        log(f"  FAIL     {key} [{kind}]: {description}")
    for pattern, kind in stale:
        log(f"  STALE    allow-list entry {pattern} [{kind}] matches nothing")
    if len(files) < 100 or len(roots) < 8:
        log(f"FAIL: the corpus must have >= 100 files from >= 8 packages (has {len(files)} from {len(roots)})")
        return 1
    return 1 if unexplained or stale else 0


if __name__ == "__main__":
    sys.exit(main())
