#!/usr/bin/env python3
"""bin/bench: our tools and ZooKeeper 3.8.0's Java tools, side by side on the same files.

For each case: N runs of ours and N of Java's, alternating (ours first on even runs, Java first on
odd ones), each under `/usr/bin/time -v` (wall clock, user+sys CPU, peak RSS); medians; ratios
Java / ours; our output checked against Java's (byte for byte, normalising only the formatter's
JSON timestamp and the comparer's timing lines). Results go to bench-data/out/results.json (merged
across runs, so `--only` refreshes single rows) and to BENCHMARKS.md between its markers.

A case whose tool is not built, fails, or prints something else than Java gets "n/a (reason)" or a
"DIFFERS" mark and no ratio; the run goes on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import itertools
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench-data"
OUT = DATA / "out"
WORK = DATA / "work"
BENCH_PKG = ROOT / "Benchmarks"
JAVA_CLASSES = BENCH_PKG / ".build" / "java-classes"
RESULTS = OUT / "results.json"
MD = ROOT / "BENCHMARKS.md"
BEGIN = "<!-- BEGIN bin/bench results: generated, do not edit by hand -->"
END = "<!-- END bin/bench results -->"

JAVA_HEAP = "-Xmx16g"
GEN_HEAP = "-Xmx12g"
TIMEOUT_S = 1800
OUR_TOOLS = ["zk-txnlog-toolkit", "zk-snapshot-formatter", "zk-snapshot-comparer", "zk-purge-txnlog", "zkdata"]
JAVA_MAIN = {
    "zkdata": "ReplayAt",  # Conformance/java/ReplayAt.java: FileSnap + processTransaction + FileSnap.serialize
    "zk-txnlog-toolkit": "org.apache.zookeeper.server.persistence.TxnLogToolkit",
    "zk-snapshot-formatter": "org.apache.zookeeper.server.SnapshotFormatter",
    "zk-snapshot-comparer": "org.apache.zookeeper.server.SnapshotComparer",
    "zk-purge-txnlog": "org.apache.zookeeper.server.PurgeTxnLog",
    "zkdata": None,  # each zkdata case names the Java tool an operator runs today (Case.java)
}


def log(msg: str) -> None:
    print(f"[bench {dt.datetime.now().strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


# ----------------------------------------------------------------------------- environment

def apt_install(pkgs: list[str]) -> None:
    if os.geteuid() != 0:
        sys.exit(f"bin/bench: missing {' '.join(pkgs)}; run: sudo apt-get install -y {' '.join(pkgs)}")
    log(f"installing {' '.join(pkgs)} (apt)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *pkgs], check=True, env=env)


def ensure_tools() -> None:
    need = []
    if not Path("/usr/bin/time").exists():
        need.append("time")
    if not shutil.which("javac"):
        need.append("openjdk-17-jdk-headless")
    if not Path("/usr/share/java/zookeeper.jar").exists():
        need.append("zookeeper")
    if not Path("/usr/share/java/slf4j-nop.jar").exists():
        need.append("libslf4j-java")
    if need:
        apt_install(need)
    subprocess.run([str(ROOT / "bin" / "install-deps")], check=True)


def zk_classpath() -> str:
    """zookeeper.jar, the jars its manifest's Class-Path names (those installed), slf4j-nop."""
    jar = "/usr/share/java/zookeeper.jar"
    with zipfile.ZipFile(jar) as z:
        manifest = z.read("META-INF/MANIFEST.MF").decode()
    # Manifest lines are wrapped at 72 bytes; a continuation line starts with one space.
    joined = re.sub(r"\r?\n ", "", manifest)
    m = re.search(r"^Class-Path: (.*)$", joined, re.M)
    entries = [jar] + (m.group(1).split() if m else [])
    entries.append("/usr/share/java/slf4j-nop.jar")
    return ":".join(e for e in entries if Path(e).exists())


def tool_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("LC_") and k not in ("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS")}
    env["TZ"] = "UTC"
    env["LANG"] = "C.UTF-8"
    return env


# ----------------------------------------------------------------------------- data

def first_file(d: Path, suffix: str = "") -> Path | None:
    if not d.is_dir():
        return None
    names = sorted(p for p in d.iterdir() if p.is_file())
    for p in names:
        n = p.name
        if suffix and n.endswith(suffix):
            return p
        if not suffix and not n.endswith((".gz", ".snappy", ".fixed")):
            return p
    return None


def generate(cp: str, force: bool) -> None:
    items = ["txnlog-64M", "txnlog-400M", "txnlog-1G", "txnlog-400M-crc", "snap-1M", "snap-1M-mod", "purge-2000"]
    if not force and all((DATA / i).exists() for i in items):
        log("data present in bench-data/ (bin/bench --force regenerates it)")
        return
    DATA.mkdir(exist_ok=True)
    log("generating data with ZooKeeper's own writers (Benchmarks/GenerateData.java)")
    t0 = time.monotonic()
    cmd = ["java", GEN_HEAP, "-cp", cp, str(BENCH_PKG / "GenerateData.java"), str(DATA)]
    if force:
        cmd.append("--force")
    subprocess.run(cmd, check=True, cwd=ROOT)
    log(f"generation took {time.monotonic() - t0:.0f} s")


def generate_replay(cp: str, force: bool) -> None:
    """`at` data: 1M creates + 2M setData from zxid 1, no snapshot (GenerateReplayData.java)."""
    if not force and (DATA / "at-3M" / "LAST").exists():
        return
    log("generating at-3M with ZooKeeper's own DataTree and FileTxnLog (Benchmarks/GenerateReplayData.java)")
    cmd = ["java", GEN_HEAP, "-cp", cp, str(BENCH_PKG / "GenerateReplayData.java"), str(DATA / "at-3M")]
    subprocess.run(cmd + (["--force"] if force else []), check=True, cwd=ROOT)


def compile_java_lib(cp: str) -> str | None:
    """Compiles JavaLibBench.java; returns None or the reason it is unavailable."""
    src = BENCH_PKG / "JavaLibBench.java"
    replay_at = ROOT / "Conformance" / "java" / "ReplayAt.java"
    fresh = all((JAVA_CLASSES / f"{name}.class").exists()
                and (JAVA_CLASSES / f"{name}.class").stat().st_mtime >= source.stat().st_mtime
                for name, source in (("JavaLibBench", src), ("ReplayAt", replay_at)))
    if fresh:
        return None
    JAVA_CLASSES.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["javac", "-d", str(JAVA_CLASSES), "-cp", cp, str(src), str(replay_at)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return "javac failed: " + (r.stderr.strip().splitlines() or ["?"])[0]
    return None


# ----------------------------------------------------------------------------- builds

def last_error(text: str) -> str:
    lines = [l for l in text.splitlines() if "error:" in l]
    line = (lines[0] if lines else (text.strip().splitlines() or ["?"])[-1]).strip()
    line = line.replace(str(ROOT) + "/", "")
    return line[:160]


def build_ours() -> tuple[dict[str, Path | None], dict[str, str]]:
    """Release-builds each tool product on its own (one broken tool does not hide the others)."""
    OUT.mkdir(parents=True, exist_ok=True)
    bins: dict[str, Path | None] = {}
    reasons: dict[str, str] = {}
    r = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                       capture_output=True, text=True)
    bin_dir = Path(r.stdout.strip()) if r.returncode == 0 else ROOT / ".build" / "release"
    if (ROOT / ".build" / "release").resolve() == bin_dir.resolve():
        bin_dir = ROOT / ".build" / "release"
    with open(OUT / "build-main.log", "w") as blog:
        for tool in OUR_TOOLS:
            for attempt in range(3):
                log(f"swift build -c release --product {tool}" + (f" (retry {attempt})" if attempt else ""))
                t0 = time.monotonic()
                r = subprocess.run(["swift", "build", "-c", "release", "--product", tool], cwd=ROOT,
                                   capture_output=True, text=True)
                blog.write(f"=== {tool} (exit {r.returncode}, {time.monotonic() - t0:.0f} s)\n{r.stdout}{r.stderr}\n")
                text = r.stdout + r.stderr
                # other engineers edit the tree while this builds: retry a build that saw a file change
                if r.returncode == 0 or not re.search(r"modified during the build|FileSystemError|No such file", text):
                    break
                time.sleep(10)
            exe = bin_dir / tool
            if r.returncode == 0 and exe.exists():
                bins[tool] = exe
            else:
                bins[tool] = None
                reasons[tool] = "release build failed: " + last_error(r.stdout + r.stderr)
                log(f"  {tool}: {reasons[tool]}")
    return bins, reasons


def build_bench() -> tuple[Path | None, str]:
    log("swift build -c release --package-path Benchmarks")
    # SwiftPM keeps its build plan for the path dependency (the repository root) and misses
    # source files added to it since; dropping the plan makes it look again (objects are kept).
    for stale in ["release.yaml", "build.db", "build.db-journal", "release/description.json"]:
        (BENCH_PKG / ".build" / stale).unlink(missing_ok=True)
    r = subprocess.run(["swift", "build", "-c", "release", "--package-path", str(BENCH_PKG)], cwd=ROOT,
                       capture_output=True, text=True)
    (OUT / "build-bench.log").write_text(r.stdout + r.stderr)
    exe = BENCH_PKG / ".build" / "release" / "zk-storage-bench"
    if r.returncode != 0 or not exe.exists():
        return None, "zk-storage-bench build failed: " + last_error(r.stdout + r.stderr)
    return exe, ""


# ----------------------------------------------------------------------------- measuring

def parse_time_v(path: Path) -> dict:
    text = path.read_text(errors="replace")
    out: dict = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("Elapsed (wall clock) time"):
            v = line.rsplit(": ", 1)[1]
            parts = [float(x) for x in v.split(":")]
            secs = 0.0
            for p in parts:
                secs = secs * 60 + p
            out["wall"] = secs
        elif line.startswith("User time (seconds):"):
            out["user"] = float(line.split(":")[1])
        elif line.startswith("System time (seconds):"):
            out["sys"] = float(line.split(":")[1])
        elif line.startswith("Maximum resident set size (kbytes):"):
            out["rss_mib"] = int(line.split(":")[1]) / 1024
        elif line.startswith("Exit status:"):
            out["exit"] = int(line.split(":")[1])
        elif line.startswith("Command terminated by signal"):
            out["signal"] = int(line.rsplit(" ", 1)[1])
    if "user" in out and "sys" in out:
        out["cpu"] = out["user"] + out["sys"]
    return out


def timed(argv: list[str], stdout: Path, stderr: Path, env: dict, cwd: Path) -> dict:
    tf = OUT / "time-v.txt"
    cmd = ["/usr/bin/time", "-v", "-o", str(tf), *argv]
    t0 = time.monotonic()
    with open(stdout, "wb") as so, open(stderr, "wb") as se:
        p = subprocess.Popen(cmd, stdout=so, stderr=se, stdin=subprocess.DEVNULL, env=env, cwd=cwd,
                             start_new_session=True)
        try:
            p.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            return {"exit": -1, "timeout": True, "wall": time.monotonic() - t0}
    m = parse_time_v(tf)
    m["wall_monotonic"] = time.monotonic() - t0
    if "signal" in m:
        m["exit"] = 128 + m["signal"]
    if "exit" not in m:
        m["exit"] = p.returncode if p.returncode >= 0 else 128 - p.returncode
    return m


def warm(paths: list[Path]) -> None:
    """Reads the inputs once so that both sides start from a warm page cache."""
    for p in paths:
        files = [p] if p.is_file() else sorted(x for x in p.rglob("*") if x.is_file())
        for f in files:
            with open(f, "rb") as fh:
                while fh.read(8 << 20):
                    pass


# ----------------------------------------------------------------------------- output checks

def first_diff(a: Path, b: Path, a_start: int = 0, b_start: int = 0) -> int | None:
    """Offset (relative to the starts) of the first differing byte, or None if equal."""
    with open(a, "rb") as fa, open(b, "rb") as fb:
        fa.seek(a_start)
        fb.seek(b_start)
        off = 0
        while True:
            x = fa.read(1 << 20)
            y = fb.read(1 << 20)
            if x != y:
                n = min(len(x), len(y))
                i = next((k for k in range(n) if x[k] != y[k]), n)
                return off + i
            if not x:
                return None
            off += len(x)


def line_of(path: Path, offset: int) -> int:
    line = 1
    with open(path, "rb") as f:
        left = offset
        while left > 0:
            chunk = f.read(min(left, 1 << 20))
            if not chunk:
                break
            line += chunk.count(b"\n")
            left -= len(chunk)
    return line


def describe_diff(ours: Path, java: Path, off: int, a_start: int = 0) -> str:
    sa, sb = ours.stat().st_size, java.stat().st_size
    ln = line_of(ours, a_start + off)
    return f"DIFFERS from byte {a_start + off} (line {ln}); sizes ours {sa} / Java {sb}"


def check_plain(ours: Path, java: Path) -> tuple[bool, str]:
    off = first_diff(ours, java)
    return (True, "identical") if off is None else (False, describe_diff(ours, java, off))


TS = re.compile(rb'"timestamp":-?[0-9]+')


def check_json(ours: Path, java: Path) -> tuple[bool, str]:
    """Equal except for the JSON header's "timestamp" value."""
    with open(ours, "rb") as f:
        ha = f.read(4096)
    with open(java, "rb") as f:
        hb = f.read(4096)
    ma, mb = TS.search(ha), TS.search(hb)
    if not ma or not mb:
        ok, what = check_plain(ours, java)
        return ok, what + " (no timestamp found)"
    if ha[:ma.start()] != hb[:mb.start()]:
        return False, describe_diff(ours, java, first_diff(ours, java) or 0)
    off = first_diff(ours, java, ma.end(), mb.end())
    if off is None:
        return True, "identical (timestamp normalised)"
    return False, describe_diff(ours, java, off, ma.end())


TIMING = [
    (re.compile(rb"^(Deserialized snapshot in .* in )[0-9.,]+( seconds)$", re.M), rb"\1T\2"),
    (re.compile(rb"^(Processed data tree in )[0-9.,]+( seconds)$", re.M), rb"\1T\2"),
]


def check_comparer(ours: Path, java: Path) -> tuple[bool, str]:
    a, b = ours.read_bytes(), java.read_bytes()
    for rx, rep in TIMING:
        a, b = rx.sub(rep, a), rx.sub(rep, b)
    if a == b:
        return True, "identical (timing lines normalised)"
    la, lb = a.split(b"\n"), b.split(b"\n")
    i = next((k for k in range(min(len(la), len(lb))) if la[k] != lb[k]), min(len(la), len(lb)))
    return False, f"DIFFERS from line {i + 1} (after normalising timings); lines ours {len(la)} / Java {len(lb)}"


def kv(line: str) -> dict[str, str]:
    return dict(x.split("=", 1) for x in line.split() if "=" in x)


def check_lib(ours: Path, java: Path) -> tuple[bool, str]:
    """Both library runs succeeded; entry counts must agree, node counts are reported."""
    a, b = kv(ours.read_text(errors="replace")), kv(java.read_text(errors="replace"))
    if "entries" in a and "entries" in b:
        if a["entries"] != b["entries"]:
            return False, f"entries differ: ours {a['entries']} / Java {b['entries']}"
        return True, f"same entry count ({a['entries']})"
    if "nodes" in a and "nodes" in b:
        return True, f"seals valid; nodes ours {a['nodes']} / Java getNodeCount() {b['nodes']}"
    return True, "both ok"


NCDU_TOKEN = re.compile(rb'\[|\]|\{"name":"((?:[^"\\]|\\.)*)","asize":(\d+),[^}]*\}')


def ncdu_summary(path: Path) -> dict:
    """Totals of SnapshotFormatter -json's ncdu tree: nodes, bytes, per top-level subtree, the
    largest data and the most children of any node."""
    data = path.read_bytes()
    stack: list[dict] = []  # open directories: {"info": bool, "children": int}
    nodes = total = max_size = max_children = 0
    top: dict[str, list[int]] = {}
    current_top = None
    for m in NCDU_TOKEN.finditer(data):
        tok = m.group(0)
        if tok == b"[":
            stack.append({"info": False, "children": 0})
            continue
        if tok == b"]":
            f = stack.pop()
            max_children = max(max_children, f["children"])
            continue
        size = int(m.group(2))
        nodes += 1
        total += size
        max_size = max(max_size, size)
        is_dir = bool(stack) and not stack[-1]["info"]
        if is_dir:
            stack[-1]["info"] = True
        # depth: directories with info above this node (the outer [1,0,…] frame has none)
        depth = sum(1 for f in stack if f["info"]) - (1 if is_dir else 0)
        if depth >= 1:
            parents = [f for f in stack if f["info"]]
            parent = parents[-2] if is_dir else parents[-1]
            parent["children"] += 1
        if depth == 1:
            current_top = "/" + json.loads(b'"' + m.group(1) + b'"')
            top[current_top] = [0, 0]
        if depth >= 1 and current_top:
            top[current_top][0] += 1
            top[current_top][1] += size
    return {"nodes": nodes, "bytes": total, "top": top, "max_size": max_size, "max_children": max_children}


def check_du(ours: Path, java: Path) -> tuple[bool, str]:
    """zkdata du's JSON against what SnapshotFormatter -json's ncdu tree implies."""
    try:
        o = json.loads(ours.read_bytes())
    except ValueError as e:
        return False, f"our JSON does not parse: {e}"
    j = ncdu_summary(java)
    bad = []
    if (o["nodes"], o["bytes"]) != (j["nodes"], j["bytes"]):
        bad.append(f"totals ours {o['nodes']}/{o['bytes']} Java {j['nodes']}/{j['bytes']}")
    ours_top = {s["path"]: [s["nodes"], s["bytes"]] for s in o["subtrees"] if s["depth"] == 1}
    if ours_top != j["top"]:
        bad.append(f"top-level subtrees differ ({len(ours_top)} / {len(j['top'])})")
    if o["largest"] and o["largest"][0]["bytes"] != j["max_size"]:
        bad.append(f"largest ours {o['largest'][0]['bytes']} Java {j['max_size']}")
    if o["most_children"] and o["most_children"][0]["children"] != j["max_children"]:
        bad.append(f"most children ours {o['most_children'][0]['children']} Java {j['max_children']}")
    if bad:
        return False, "DIFFERS: " + "; ".join(bad)
    return True, (f"same totals ({j['nodes']} nodes, {j['bytes']} bytes), {len(ours_top)} top-level subtrees, "
                  "largest and widest node as Java's -json implies")


LOG_PREFIX_FILTER = "/brokers/topics/topic-00218"  # 1,068 of the 1G log's 905,132 txns (0.12%)
JAVA_TXN_LINE = re.compile(rb" session 0x[0-9a-f]+ cxid 0x[0-9a-f]+ zxid (0x[0-9a-f]+) (\w+)(?: (.*))?$")


def java_txns(java: Path):
    """(zxid, op, text after the op) of every txn line of TxnLogToolkit's dump."""
    with open(java, "rb") as f:
        for line in f:
            m = JAVA_TXN_LINE.search(line.rstrip(b"\n"))
            if m:
                yield m.group(1).decode(), m.group(2).decode(), m.group(3) or b""


def our_zxids(ours: Path):
    with open(ours, "rb") as f:
        for line in f:
            if line.startswith(b'{"zxid":"'):
                yield line[9:line.index(b'"', 9)].decode()


def check_log(ours: Path, java: Path) -> tuple[bool, str]:
    """zkdata log's records against TxnLogToolkit's dump: the same zxids, in the same order."""
    n = 0
    for n, (a, b) in enumerate(itertools.zip_longest(our_zxids(ours), (z for z, _, _ in java_txns(java))), 1):
        if a != b:
            return False, f"txn {n}: ours {a}, Java {b}"
    return True, f"the same {n} txns (zxids in order)"


def check_log_path(ours: Path, java: Path) -> tuple[bool, str]:
    """`log --prefix P`: every txn Java prints on a node in P's subtree (outside multis) is
    selected, and every selected txn is one Java printed."""
    p = LOG_PREFIX_FILTER.encode()
    allz, direct = [], set()
    for z, op, rest in java_txns(java):
        allz.append(z)
        node = rest.split(b",", 1)[0]
        if node == p or node.startswith(p + b"/"):
            direct.add(z)
    ours_z = list(our_zxids(ours))
    if not set(ours_z) <= set(allz):
        return False, "selected txns Java did not print"
    if not direct <= set(ours_z):
        return False, f"{len(direct - set(ours_z))} txns under {LOG_PREFIX_FILTER} in Java's dump not selected"
    return True, f"{len(ours_z)} of {len(allz)} txns selected ({100 * len(ours_z) / max(1, len(allz)):.2f}%), " \
                 f"incl. all {len(direct)} Java shows under the prefix"


def check_diff(ours: Path, java: Path) -> tuple[bool, str]:
    """zkdata diff's NDJSON against SnapshotComparer: the node-count change must agree."""
    kinds: dict[str, int] = {}
    with open(ours, "rb") as f:
        for line in f:
            k = json.loads(line)["change"]
            kinds[k] = kinds.get(k, 0) + 1
    counts = [int(x) for x in re.findall(rb"^Node count: (\d+)$", java.read_bytes(), re.M)]
    if len(counts) < 2:
        return False, "no node counts in the comparer's output"
    delta = kinds.get("added", 0) - kinds.get("removed", 0)
    what = (f"{kinds.get('added', 0)} added, {kinds.get('removed', 0)} removed, {kinds.get('modified', 0)} modified; "
            f"Java's node counts {counts[0]} -> {counts[1]}")
    return (delta == counts[1] - counts[0]), ("node-count change agrees: " if delta == counts[1] - counts[0] else "DIFFERS: ") + what


# ----------------------------------------------------------------------------- cases

class Case:
    def __init__(self, name: str, group: str, title: str, tool: str | None, args: list[str],
                 inputs: list[Path], quick: bool = True, check=check_plain, prepare=None, collect=None,
                 lib: tuple[str, str] | None = None, java_lib: str | None = None,
                 java: tuple[str, list[str]] | None = None, ok_exits: tuple[int, ...] = (0,)):
        self.name, self.group, self.title = name, group, title
        self.java, self.ok_exits = java, ok_exits  # (Java main, its args) when they differ from ours
        self.tool, self.args, self.inputs, self.quick = tool, args, inputs, quick
        self.check, self.prepare, self.collect = check, prepare, collect
        self.lib, self.java_lib = lib, java_lib  # (measurement, file) for zk-storage-bench; JavaLibBench mode


def rel(p: Path) -> str:
    try:
        return str(p.relative_to(ROOT))
    except ValueError:
        return str(p)


def recover_prepare(src: Path):
    work = WORK / "recover"

    def prepare() -> None:
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
        shutil.copyfile(src, work / src.name)

    return prepare


def recover_collect(src: Path):
    def collect(case: Case, impl: str, run: int) -> Path | None:
        fixed = WORK / "recover" / (src.name + ".fixed")
        if not fixed.exists():
            return None
        dst = OUT / f"{case.name}.{impl}.fixed"
        fixed.replace(dst)
        return dst

    return collect


def purge_prepare(src: Path):
    work = WORK / "purge"

    def prepare() -> None:
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
        shutil.copytree(src, work / "data", copy_function=shutil.copy2)

    return prepare


def purge_collect(case: Case, impl: str, run: int) -> Path:
    dst = OUT / f"{case.name}.{impl}.listing"
    d = WORK / "purge" / "data"
    names = sorted(str(p.relative_to(d)) for p in d.rglob("*"))
    dst.write_text("\n".join(names) + "\n")
    return dst


def at_prepare() -> None:
    shutil.rmtree(WORK / "at", ignore_errors=True)
    (WORK / "at").mkdir(parents=True)


def at_collect(case: Case, impl: str, run: int) -> Path | None:
    """The snapshot each side wrote: compared byte for byte (FileSnap.serialize's layout)."""
    src = WORK / "at" / ("snapshot.ours" if impl == "ours" else "snapshot.java")
    if not src.exists():
        return None
    dst = OUT / f"{case.name}.{impl}.snap"
    src.replace(dst)
    return dst


def make_cases() -> list[Case]:
    cases: list[Case] = []
    logs = {k: first_file(DATA / f"txnlog-{k}") for k in ("64M", "400M", "1G")}
    crc = first_file(DATA / "txnlog-400M-crc")
    for k, path in logs.items():
        if path:
            cases.append(Case(f"txnlog-dump-{k}", "txnlog", f"dump {k} log ({path.stat().st_size / 1e6:.0f} MB) to a file",
                              "zk-txnlog-toolkit", [str(path)], [path]))
    if crc:
        cases.append(Case("txnlog-recover-400M", "txnlog",
                          "`-r -y` on a copy of the 400M log with 5 CRC errors (stdout + .fixed file)",
                          "zk-txnlog-toolkit", ["-r", "-y", str(WORK / "recover" / crc.name)], [crc],
                          prepare=recover_prepare(crc), collect=recover_collect(crc)))
    snaps = {c: first_file(DATA / "snap-1M", s) for c, s in (("plain", ""), ("gz", ".gz"), ("snappy", ".snappy"))}
    mods = {c: first_file(DATA / "snap-1M-mod", s) for c, s in (("plain", ""), ("gz", ".gz"))}
    quick_fmt = {("text", "plain"), ("d", "plain"), ("json", "plain"), ("json", "gz")}
    for mode, flag in (("text", []), ("d", ["-d"]), ("json", ["-json"])):
        for codec, path in snaps.items():
            if not path:
                continue
            label = {"text": "text", "d": "`-d` (text + data)", "json": "`-json`"}[mode]
            cases.append(Case(f"fmt-{mode}-{codec}", "formatter",
                              f"{label}, 1M-node snapshot, {codec} ({path.stat().st_size / 1e6:.0f} MB)",
                              "zk-snapshot-formatter", [*flag, str(path)], [path],
                              quick=(mode, codec) in quick_fmt, check=check_json if mode == "json" else check_plain))
    for codec in ("plain", "gz"):
        a, b = snaps.get(codec), mods.get(codec)
        if a and b:
            cases.append(Case(f"compare-{codec}", "comparer",
                              f"two 1M-node snapshots, {codec}, `-b 0 -n 0`",
                              "zk-snapshot-comparer", ["-l", str(a), "-r", str(b), "-b", "0", "-n", "0"], [a, b],
                              quick=codec == "plain", check=check_comparer))
    # zkdata against what an operator runs today on the same files
    if snaps.get("plain"):
        p = snaps["plain"]
        cases.append(Case("zkdata-du-plain", "zkdata", f"`du --format json`, 1M-node snapshot, plain (Java: `-json`, ncdu's route)",
                          "zkdata", ["du", str(p), "--format", "json"], [p], check=check_du,
                          java=(JAVA_MAIN["zk-snapshot-formatter"], ["-json", str(p)])))
    if snaps.get("plain") and mods.get("plain"):
        a, b = snaps["plain"], mods["plain"]
        cases.append(Case("zkdata-diff-plain", "zkdata", "`diff --format ndjson`, two 1M-node snapshots, plain "
                          "(Java: SnapshotComparer `-b 0 -n 0`)",
                          "zkdata", ["diff", str(a), str(b), "--format", "ndjson"], [a, b], check=check_diff,
                          java=(JAVA_MAIN["zk-snapshot-comparer"], ["-l", str(a), "-r", str(b), "-b", "0", "-n", "0"]),
                          ok_exits=(0, 1)))
    for k in ("64M", "1G"):
        if logs.get(k):
            p = logs[k]
            cases.append(Case(f"zkdata-log-{k}", "zkdata", f"`log --format ndjson`, {k} log ({p.stat().st_size / 1e6:.0f} MB) "
                              "to a file (Java: TxnLogToolkit dump of the same log)",
                              "zkdata", ["log", str(p), "--format", "ndjson"], [p], quick=k == "64M", check=check_log,
                              java=(JAVA_MAIN["zk-txnlog-toolkit"], [str(p)])))
    if logs.get("1G"):
        p = logs["1G"]
        cases.append(Case("zkdata-log-path-1G", "zkdata", f"`log --prefix {LOG_PREFIX_FILTER}` (a path filter selecting "
                          f"~0.1% of the txns), 1G log ({p.stat().st_size / 1e6:.0f} MB; Java: TxnLogToolkit dump, "
                          "the operator's grep left out)",
                          "zkdata", ["log", str(p), "--format", "ndjson", "--prefix", LOG_PREFIX_FILTER], [p], quick=False,
                          check=check_log_path, java=(JAVA_MAIN["zk-txnlog-toolkit"], [str(p)])))
    purge = DATA / "purge-2000"
    if purge.exists():
        cases.append(Case("purge-2000", "purge", "`<dir> -n 3` on a fresh copy of 2,000 files (stdout + what is left)",
                          "zk-purge-txnlog", [str(WORK / "purge" / "data"), "-n", "3"], [purge],
                          prepare=purge_prepare(purge), collect=purge_collect))
    doctor_dir = doctor_data_dir(snaps, logs.get("400M"))
    if doctor_dir:
        cases.append(Case("doctor", "zkdata",
                          "`zkdata doctor --format json` on a data dir: 1M-node snapshots plain + gz + snappy, "
                          "400 MB log (Java: FileTxnSnapLog.restore, as a server starts)",
                          "zkdata", ["doctor", str(doctor_dir), "--format", "json"], [doctor_dir],
                          check=check_doctor))
    at = DATA / "at-3M"
    if (at / "LAST").exists():
        z = "0x" + (at / "LAST").read_text().strip()
        c = Case("at-3M", "zkdata", "`zkdata at` after 3M txns (1M creates, 2M setData), no snapshot before Z; "
                 "Java: ReplayAt (processTransaction + FileSnap.serialize)",
                 "zkdata", ["at", "--zxid", z, str(at), "--output", str(WORK / "at" / "snapshot.ours")],
                 [at], quick=False, check=lambda a, b: (True, "stdout: summaries, not compared"),
                 prepare=at_prepare, collect=at_collect)
        c.java = ("ReplayAt", [str(at / "version-2"), z, str(WORK / "at" / "snapshot.java")])
        cases.append(c)
    # library (zk-storage-bench vs JavaLibBench)
    for k in ("400M", "1G"):
        if logs.get(k):
            cases.append(Case(f"lib-txnlog-decode-{k}", "library",
                              f"txn log {k}: every Adler-32 checked, every txn decoded (Java: FileTxnIterator)",
                              None, [], [logs[k]], quick=k == "400M",
                              lib=("txnlog-decode", str(logs[k])), java_lib="txnlog"))
    for codec, path in snaps.items():
        if path:
            cases.append(Case(f"lib-datatree-{codec}", "library",
                              f"DataTree load, seals verified, {codec} (Java: FileSnap.deserialize + seal check)",
                              None, [], [path], quick=codec == "plain",
                              lib=("datatree", str(path)), java_lib="datatree"))
    for k in ("64M", "400M", "1G"):
        if logs.get(k):
            cases.append(Case(f"lib-txnlog-{k}", "library",
                              f"txn log {k}: TxnLogReader.next() loop, Adler-32 checked, headers decoded (ours only)",
                              None, [], [logs[k]], lib=("txnlog", str(logs[k]))))
    for codec, path in snaps.items():
        if path:
            cases.append(Case(f"lib-snapshot-{codec}", "library",
                              f"SnapshotReader end to end, seals verified, {codec} (ours only: Java has no tree-less parse)",
                              None, [], [path], lib=("snapshot", str(path))))
    return cases


# ----------------------------------------------------------------------------- zkdata doctor

def doctor_data_dir(snaps: dict, log400: Path | None) -> Path | None:
    """bench-data/doctor-dir/version-2: symlinks to the three 1M-node snapshots and the 400M log."""
    if not log400 or not all(snaps.values()):
        return None
    v2 = DATA / "doctor-dir" / "version-2"
    v2.mkdir(parents=True, exist_ok=True)
    for src in [*snaps.values(), log400]:
        link = v2 / src.name
        if not link.is_symlink():
            link.symlink_to(os.path.relpath(src, v2))
    return DATA / "doctor-dir"


def doctor_argvs(ours_argv, case: Case, cp: str):
    """doctor exits 1 when it has findings (this dir has some): not a failure here. Java:
    Benchmarks/DoctorRestoreBench.java (FileTxnSnapLog.restore)."""
    ours = ["sh", "-c", '"$0" "$@"; [ $? -le 1 ]', *ours_argv] if ours_argv else None
    src = BENCH_PKG / "DoctorRestoreBench.java"
    JAVA_CLASSES.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["javac", "-d", str(JAVA_CLASSES), "-cp", cp, str(src)], capture_output=True, text=True)
    if r.returncode != 0:
        return ours, None, "javac failed: " + (r.stderr.strip().splitlines() or ["?"])[0]
    return ours, ["java", JAVA_HEAP, "-cp", f"{JAVA_CLASSES}:{cp}", "DoctorRestoreBench", case.args[1]], ""


def check_doctor(ours: Path, java: Path) -> tuple[bool, str]:
    """doctor's predicted startup zxid equals the zxid Java's restore returned."""
    try:
        predicted = json.loads(ours.read_text())["startup"]["zxid"]
    except (ValueError, KeyError, OSError):
        return False, "doctor printed no JSON report"
    m = re.search(r"zxid=(0x[0-9a-f]+)", java.read_text(errors="replace"))
    if not m:
        return False, "Java printed no zxid"
    if predicted != m.group(1):
        return False, f"doctor predicts {predicted}, restore returned {m.group(1)}"
    return True, f"same startup zxid ({predicted})"


# ----------------------------------------------------------------------------- running

def median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def summarize(runs: list[dict]) -> dict:
    return {k: median([r[k] for r in runs if k in r]) for k in ("wall", "cpu", "rss_mib")}


def tail_line(p: Path) -> str:
    try:
        lines = [l for l in p.read_text(errors="replace").splitlines() if l.strip()]
    except OSError:
        return ""
    return (lines[-1] if lines else "").strip()[:160]


def run_case(case: Case, n: int, ctx: dict) -> dict:
    env = tool_env()
    res: dict = {"name": case.name, "group": case.group, "title": case.title,
                 "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                 "runs_requested": n, "command": ctx.get("command", "?"), "load_start": loadavg()}
    # the two command lines
    if case.lib:
        ours_bin = ctx["bench_exe"]
        ours_reason = ctx["bench_reason"]
        ours_argv = [str(ours_bin), case.lib[0], case.lib[1]] if ours_bin else None
        if case.java_lib:
            java_reason = ctx["java_lib_reason"]
            java_argv = None if java_reason else [
                "java", JAVA_HEAP, "-cp", f"{JAVA_CLASSES}:{ctx['cp']}", "JavaLibBench", case.java_lib, case.lib[1]]
        else:
            java_reason, java_argv = "no Java counterpart", None
    else:
        ours_bin = ctx["bins"].get(case.tool)
        ours_reason = ctx["build_reasons"].get(case.tool, "")
        ours_argv = [str(ours_bin), *case.args] if ours_bin else None
        main, java_args = case.java or (JAVA_MAIN.get(case.tool, ""), case.args)
        java_cp = (f"{JAVA_CLASSES}:" if main == "ReplayAt" else "") + ctx["cp"]
        java_argv = ["java", JAVA_HEAP, "-cp", java_cp, main, *java_args]
        java_reason = ""
        if case.name == "doctor":
            ours_argv, java_argv, java_reason = doctor_argvs(ours_argv, case, ctx["cp"])
    res["cmd_ours"] = " ".join(ours_argv).replace(str(ROOT) + "/", "") if ours_argv else ""
    res["cmd_java"] = " ".join(java_argv).replace(ctx["cp"], "$ZK_CP").replace(str(ROOT) + "/", "") if java_argv else ""
    sides = {"ours": {"argv": ours_argv, "reason": ours_reason, "runs": []},
             "java": {"argv": java_argv, "reason": java_reason, "runs": []}}
    for old in OUT.glob(f"{case.name}.*"):
        old.unlink()
    warm(case.inputs)
    checks: list[str] = []
    ok_all = True
    java_ref: dict[str, Path] = {}
    pending_ours: list[dict[str, Path]] = []

    for i in range(n):
        order = ["ours", "java"] if i % 2 == 0 else ["java", "ours"]
        for impl in order:
            side = sides[impl]
            if side["argv"] is None or side.get("failed"):
                continue
            if case.prepare:
                case.prepare()
            out = OUT / f"{case.name}.{impl}.out"
            err = OUT / f"{case.name}.{impl}.err"
            m = timed(side["argv"], out, err, env, ROOT)
            log(f"  {case.name} {impl} run {i + 1}/{n}: wall {m.get('wall', 0):.2f} s, "
                f"cpu {m.get('cpu', 0):.2f} s, rss {m.get('rss_mib', 0):.0f} MiB, exit {m.get('exit')}")
            if m.get("exit") not in (case.ok_exits if impl == "ours" else (0,)):
                why = "timeout" if m.get("timeout") else f"exit {m.get('exit')}"
                msg = tail_line(err) or tail_line(out)
                side["failed"] = True
                side["reason"] = f"{why}: {msg}" if msg else why
                continue
            side["runs"].append(m)
            if case.lib:
                res[f"{impl}_line"] = out.read_text(errors="replace").strip()
            arts = {"stdout": out}
            if case.collect:
                extra = case.collect(case, impl, i)
                if extra is not None:
                    arts[extra.suffix.lstrip(".")] = extra
            if impl == "java":
                if not java_ref:
                    for k, p in arts.items():
                        ref = p.with_name(p.name + ".ref")
                        p.replace(ref)
                        java_ref[k] = ref
            else:
                kept = {}
                for k, p in arts.items():
                    keep = p.with_name(p.name + f".run{i}")
                    p.replace(keep)
                    kept[k] = keep
                pending_ours.append(kept)
            # compare every finished ours run as soon as Java's reference exists
            while java_ref and pending_ours:
                kept = pending_ours.pop(0)
                for k, p in kept.items():
                    ref = java_ref.get(k)
                    if ref is None:
                        ok, what = False, f"{k}: Java produced none"
                    elif case.lib:
                        ok, what = check_lib(p, ref)
                    else:
                        ok, what = (case.check if k == "stdout" else check_plain)(p, ref)
                    if not ok:
                        ok_all = False
                        saved = OUT / f"{case.name}.ours.{k}.differs"
                        if not saved.exists():
                            p.replace(saved)
                    label = what if k == "stdout" else f"{k}: {what}"
                    if label not in checks:
                        checks.append(label)
                    if p.exists():
                        p.unlink()
    # clean big outputs of the Java reference (keep them when ours differed)
    for ref in java_ref.values():
        if ok_all and ref.exists():
            ref.unlink()
    for p in OUT.glob(f"{case.name}.ours.*.run*"):
        p.unlink()
    # the last run's outputs of either side (checked above); a mismatch keeps *.ref and *.differs
    for p in OUT.glob(f"{case.name}.*"):
        if not p.name.endswith((".err", ".ref", ".differs")):
            p.unlink()
    if case.prepare:  # the fresh copies (bench-data/work/...)
        shutil.rmtree(WORK, ignore_errors=True)
        WORK.mkdir(parents=True, exist_ok=True)
    for impl in ("ours", "java"):
        s = sides[impl]
        res[impl] = {
            "status": "ok" if s["runs"] and not s.get("failed") else "n/a",
            "reason": s["reason"] if not (s["runs"] and not s.get("failed")) else "",
            "runs": s["runs"],
            "median": summarize(s["runs"]),
        }
        if s.get("failed") and s["runs"]:
            res[impl]["status"] = "n/a"
    if res["ours"]["status"] == "ok" and res["java"]["status"] == "ok":
        res["check"] = "; ".join(checks) if checks else "not compared"
        res["identical"] = ok_all and bool(checks)
    elif res["ours"]["status"] == "ok" and case.lib and not case.java_lib:
        res["check"] = "ours only"
        res["identical"] = True
    else:
        res["check"] = "n/a"
        res["identical"] = False
    res["load_end"] = loadavg()
    if case.lib and res["ours"]["status"] == "ok" and "FAILED=" in res.get("ours_line", ""):
        res["identical"] = False
        res["check"] = "library check failed: " + res["ours_line"].split("FAILED=", 1)[1]
    return res


# ----------------------------------------------------------------------------- report

GROUP_TITLES = [
    ("txnlog", "Txn-log toolkit (`zk-txnlog-toolkit` vs `TxnLogToolkit`)"),
    ("formatter", "Snapshot formatter (`zk-snapshot-formatter` vs `SnapshotFormatter`)"),
    ("comparer", "Snapshot comparer (`zk-snapshot-comparer` vs `SnapshotComparer`)"),
    ("purge", "Purge (`zk-purge-txnlog` vs `PurgeTxnLog`)"),
    ("zkdata", "`zkdata` (vs what an operator runs today)"),
    ("library", "Library alone (`zk-storage-bench` vs `Benchmarks/JavaLibBench.java`)"),
]


def f2(x: float | None, key: str = "wall") -> str:
    if x is None:
        return "—"
    if key == "rss_mib":
        return f"{x:.1f}" if x < 10 else f"{x:.0f}"
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def ratio(j: float | None, o: float | None) -> str:
    if j is None or o is None or o <= 0:
        return "—"
    return f"{j / o:.2f}×"


def cell_side(r: dict, impl: str, key: str) -> str:
    s = r.get(impl, {})
    if s.get("status") != "ok":
        return "—" if impl == "java" and r.get("check") == "ours only" else "n/a"
    v = s["median"].get(key)
    return f2(v, key)


def machine_info() -> dict:
    def first(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.strip().splitlines()
    return {
        "nproc": first(["nproc"]), "memory": mem, "cpu": cpu, "kernel": platform.release(),
        "swift": first(["swift", "--version"]), "java": java[0] if java else "?",
        "zookeeper": first(["dpkg-query", "-W", "-f=${Version}", "zookeeper"]),
    }


def render(results: dict, meta: dict) -> str:
    m = meta["machine"]
    lines = [BEGIN, "",
             f"Last run: {meta['date']} — `{meta['command']}` — {meta['runs']} run{'s' if meta['runs'] != 1 else ''} per side"
             f"{' (quick)' if meta['quick'] else ''}.",
             "",
             f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} RAM, Linux {m['kernel']}; "
             f"{m['swift']}; {m['java']} (`java {JAVA_HEAP}`); ZooKeeper {m['zookeeper']} (Debian jars).",
             f"Load average (1 min) at start / end of the run: {meta['load_start']} / {meta['load_end']} "
             f"(the machine has {m['nproc']} CPUs; other work on it inflates wall times, CPU times less so).",
             "",
             "Rows by invocation (a row keeps the figures of the last invocation that ran it):", ""]
    by_cmd: dict[str, list[dict]] = {}
    for r in sorted(results.values(), key=lambda r: r.get("date", "")):
        by_cmd.setdefault(r.get("command", "?"), []).append(r)
    for cmd, rs in by_cmd.items():
        runs = sorted({str(r.get("runs_requested", "?")) for r in rs})
        lines.append(f"- `{cmd}`, {rs[0].get('date', '?')} to {rs[-1].get('date', '?')}, "
                     f"{'/'.join(runs)} runs per side: " + ", ".join(f"`{r['name']}`" for r in rs))
    lines += ["",
             "Medians over the runs. *Wall* and *CPU* (user+sys) in seconds, *RSS* = peak resident set in MiB, "
             "all from `/usr/bin/time -v`. **×** = Java ÷ ours (above 1: ours is faster / smaller); "
             "no ratio unless our output is identical to Java's. *Load* = 1-min load average when the case "
             "started. Each row's date is in `bench-data/out/results.json`.",
             ""]
    for group, title in GROUP_TITLES:
        rows = [r for r in results.values() if r.get("group") == group]
        if not rows:
            continue
        order = {c.name: i for i, c in enumerate(make_cases())}
        rows.sort(key=lambda r: order.get(r["name"], 999))
        lines += [f"### {title}", "",
                  "| Case | Ours wall | Java wall | × wall | Ours CPU | Java CPU | Ours RSS | Java RSS | × RSS | Output | Load |",
                  "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|"]
        for r in rows:
            o, j = r.get("ours", {}), r.get("java", {})
            good = r.get("identical") and o.get("status") == "ok" and j.get("status") == "ok"
            om, jm = o.get("median", {}), j.get("median", {})
            check = r.get("check", "n/a")
            if o.get("status") != "ok":
                check = f"ours n/a ({o.get('reason') or 'not run'})"
            elif j.get("status") != "ok" and r.get("check") != "ours only":
                check = f"Java n/a ({j.get('reason') or 'not run'})"
            check = check.replace("|", "\\|")
            lines.append(
                f"| `{r['name']}`: {r['title']} | {cell_side(r, 'ours', 'wall')} | {cell_side(r, 'java', 'wall')} | "
                f"{ratio(jm.get('wall'), om.get('wall')) if good else '—'} | "
                f"{cell_side(r, 'ours', 'cpu')} | {cell_side(r, 'java', 'cpu')} | "
                f"{cell_side(r, 'ours', 'rss_mib')} | {cell_side(r, 'java', 'rss_mib')} | "
                f"{ratio(jm.get('rss_mib'), om.get('rss_mib')) if good else '—'} | {check} | {r.get('load_start', '?')} |")
        lines.append("")
    libs = [r for r in results.values() if r.get("group") == "library" and (r.get("ours_line") or r.get("java_line"))]
    if libs:
        lines += ["In-process figures printed by the library benchmarks (last run of each; time excludes process "
                  "start-up and, for Java, JVM start-up):", "", "```"]
        for r in sorted(libs, key=lambda r: r["name"]):
            for k in ("ours_line", "java_line"):
                if r.get(k):
                    lines.append(r[k].replace(str(ROOT) + "/", ""))
        lines += ["```", ""]
    lines += ["Commands (run from the repository root, `TZ=UTC LANG=C.UTF-8`; "
              "`$ZK_CP` = zookeeper.jar + its manifest Class-Path + slf4j-nop.jar):", "",
              "<details><summary>per case</summary>", "", "```"]
    for r in sorted(results.values(), key=lambda r: r["name"]):
        if r.get("cmd_ours"):
            lines.append(f"{r['name']}  ours: {r['cmd_ours']}")
        if r.get("cmd_java"):
            lines.append(f"{r['name']}  java: {r['cmd_java']}")
    lines += ["```", "", "</details>", "", END]
    return "\n".join(lines)


def write_md(section: str) -> None:
    if MD.exists():
        text = MD.read_text()
        if BEGIN in text and END in text:
            a = text.index(BEGIN)
            b = text.index(END) + len(END)
            MD.write_text(text[:a] + section + text[b:])
            return
        MD.write_text(text.rstrip() + "\n\n## Results\n\n" + section + "\n")
    else:
        MD.write_text("# Benchmarks\n\n## Results\n\n" + section + "\n")


# ----------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(prog="bin/bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="2 runs per side and a smaller set of cases")
    ap.add_argument("--only", metavar="NAME", action="append", default=[],
                    help="case names, globs or groups (txnlog, formatter, comparer, purge, zkdata, library); "
                         "repeatable or comma-separated")
    ap.add_argument("--runs", type=int, help="runs per side (default 5; 2 with --quick)")
    ap.add_argument("--force", action="store_true", help="regenerate the data in bench-data/")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    a = ap.parse_args()
    n = a.runs or (2 if a.quick else 5)

    ensure_tools()
    cp = zk_classpath()
    os.environ["ZK_CP"] = cp
    generate(cp, a.force)
    generate_replay(cp, a.force)
    cases = make_cases()
    patterns = [p for o in a.only for p in o.split(",") if p]
    if patterns:
        cases = [c for c in cases if any(fnmatch.fnmatch(c.name, p) or c.group == p or c.name == p for p in patterns)]
        if not cases:
            sys.exit(f"bin/bench: no case matches {patterns}")
    elif a.quick:
        cases = [c for c in cases if c.quick]
    if a.list:
        for c in cases:
            print(f"{c.name:24} {c.group:10} {c.title}")
        return 0

    OUT.mkdir(parents=True, exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    ctx: dict = {"cp": cp}
    ctx["java_lib_reason"] = compile_java_lib(cp) or ""
    needs_tools = any(c.tool for c in cases)
    needs_lib = any(c.lib for c in cases)
    ctx["bins"], ctx["build_reasons"] = build_ours() if needs_tools else ({}, {})
    ctx["bench_exe"], ctx["bench_reason"] = build_bench() if needs_lib else (None, "")

    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    meta = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "command": "bin/bench " + " ".join(sys.argv[1:]) if sys.argv[1:] else "bin/bench",
            "runs": n, "quick": a.quick, "load_start": loadavg(), "machine": machine_info()}
    ctx["command"] = meta["command"]
    t0 = time.monotonic()
    for c in cases:
        log(f"case {c.name} ({n} runs per side), load {loadavg()}")
        results[c.name] = run_case(c, n, ctx)
        RESULTS.write_text(json.dumps(results, indent=1))
    meta["load_end"] = loadavg()
    meta["seconds"] = round(time.monotonic() - t0)
    (OUT / "meta.json").write_text(json.dumps(meta, indent=1))
    write_md(render(results, meta))
    log(f"done in {meta['seconds']} s; BENCHMARKS.md updated ({len(cases)} cases this run)")
    bad = [r["name"] for r in results.values() if r["name"] in {c.name for c in cases} and not r.get("identical")]
    if bad:
        log("rows without a clean side-by-side result: " + ", ".join(bad))
    return 0


if __name__ == "__main__":
    sys.exit(main())
