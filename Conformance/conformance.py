#!/usr/bin/env python3
"""Differential conformance run: real ZooKeeper 3.8.0 servers write data, the Java tools and
ours run on it, every byte is compared.  Entry point: bin/conformance (see README.md)."""
import argparse
import concurrent.futures
import difflib
import hashlib
import json
import logging
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import procs  # noqa: E402

JAVA_DIR = "/usr/share/java"
CLASSES = {
    "txnlog": "org.apache.zookeeper.server.persistence.TxnLogToolkit",
    "formatter": "org.apache.zookeeper.server.SnapshotFormatter",
    "comparer": "org.apache.zookeeper.server.SnapshotComparer",
    "purge": "org.apache.zookeeper.server.PurgeTxnLog",
}
PRODUCTS = {
    "txnlog": "zk-txnlog-toolkit",
    "formatter": "zk-snapshot-formatter",
    "comparer": "zk-snapshot-comparer",
    "purge": "zk-purge-txnlog",
}
OVERRIDE_VARS = {t: "CONFORMANCE_%s_BIN" % t.upper() for t in PRODUCTS}
BASE_ENV = {"TZ": "UTC", "LANG": "C.UTF-8"}
SCRATCH = os.path.join(REPO, ".build-conformance")
TOOL_TIMEOUT = 120


def log(*a):
    print("[conformance]", *a, file=sys.stderr, flush=True)


def out(*a):
    print(*a, flush=True)


def java_classpath():
    """zookeeper.jar, slf4j-nop.jar, then zookeeper.jar's manifest Class-Path (the Debian
    layout; the same jars as Fixtures/generate/lib.sh's ZK_CP)."""
    jars = [os.path.join(JAVA_DIR, "zookeeper.jar"), os.path.join(JAVA_DIR, "slf4j-nop.jar")]
    with zipfile.ZipFile(jars[0]) as z:
        mf = z.read("META-INF/MANIFEST.MF").decode().replace("\r\n", "\n").replace("\n ", "")
    for line in mf.splitlines():
        if line.startswith("Class-Path:"):
            for j in line.split(":", 1)[1].split():
                if j not in jars and os.path.exists(j):
                    jars.append(j)
    return ":".join(jars)


# ---------------------------------------------------------------------------------
# build

class Build:
    """Builds each tool product on a background thread (so it overlaps the server
    workload).  A product that fails to build fails all of its cases, loudly."""

    def __init__(self, run_dir, no_build):
        self.run_dir = run_dir
        self.bins = {}
        self.errors = {}
        self.notes = []
        self.elapsed = 0.0
        wanted = []
        bin_dir = os.environ.get("CONFORMANCE_BIN_DIR")
        for tool, prod in PRODUCTS.items():
            ov = os.environ.get(OVERRIDE_VARS[tool])
            if ov:
                self.bins[tool] = os.path.abspath(ov)
                self.notes.append("%s: %s (from $%s)" % (tool, self.bins[tool], OVERRIDE_VARS[tool]))
            elif bin_dir:
                self.bins[tool] = os.path.join(os.path.abspath(bin_dir), prod)
                self.notes.append("%s: %s (from $CONFORMANCE_BIN_DIR)" % (tool, self.bins[tool]))
            else:
                wanted.append(tool)
        self.wanted = wanted
        self.no_build = no_build
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _swift(self, args, logname):
        path = os.path.join(self.run_dir, logname)
        with open(path, "wb") as f:
            p = procs.spawn(["swift", "build", "-c", "release", "--scratch-path", SCRATCH] + args,
                            "swift build", group=True, cwd=REPO, stdout=f, stderr=subprocess.STDOUT)
            rc = p.wait()
            procs.forget(p)
        return rc, open(path, "rb").read().decode("utf-8", "replace")

    def _run(self):
        if not self.wanted:
            return
        t0 = time.time()
        try:
            if not self.no_build:
                for tool in self.wanted:
                    prod = PRODUCTS[tool]
                    rc, text = self._swift(["--product", prod], "build-%s.log" % prod)
                    if rc != 0 and "modified during the build" in text:
                        # someone saved a source file mid-build: one more try
                        rc, text = self._swift(["--product", prod], "build-%s.log" % prod)
                    if rc != 0:
                        errs = [l for l in text.splitlines() if "error:" in l][:6] or text.splitlines()[-6:]
                        self.errors[tool] = "swift build --product %s failed (exit %d):\n      %s" % (
                            prod, rc, "\n      ".join(errs))
            rc, text = self._swift(["--show-bin-path"], "build-bin-path.log")
            bin_path = text.strip().splitlines()[-1] if rc == 0 and text.strip() else None
            for tool in self.wanted:
                if tool in self.errors:
                    continue
                p = os.path.join(bin_path, PRODUCTS[tool]) if bin_path else None
                if p and os.access(p, os.X_OK):
                    self.bins[tool] = p
                else:
                    self.errors[tool] = "no binary %s (bin path %r)" % (PRODUCTS[tool], bin_path)
        except Exception as e:  # noqa: BLE001 - reported as a failure of every case
            for tool in self.wanted:
                self.errors.setdefault(tool, "build crashed: %s" % e)
        finally:
            self.elapsed = time.time() - t0

    def wait(self):
        self.thread.join()
        for tool in PRODUCTS:
            if tool in self.bins and not os.access(self.bins[tool], os.X_OK):
                self.errors[tool] = "not executable: %s" % self.bins[tool]
                del self.bins[tool]


# ---------------------------------------------------------------------------------
# running one side of a case

def sha256(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def populate(case, work):
    os.makedirs(work)
    for src, dest in case.setup:
        d = os.path.join(work, dest)
        os.makedirs(os.path.dirname(d), exist_ok=True)
        shutil.copy2(src, d)  # keeps mtimes (purge prints them)


def listing(work):
    rows = []
    for root, _dirs, files in os.walk(work):
        for f in files:
            p = os.path.join(root, f)
            if os.path.isfile(p) and not os.path.islink(p):
                rows.append((os.path.relpath(p, work), os.path.getsize(p), sha256(p)))
    return sorted(rows, key=lambda r: r[0].encode("utf-8", "surrogateescape"))


def case_env(case):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    env.update(BASE_ENV)
    env.update(case.env)
    return env


def run_side(cmd, case, work):
    populate(case, work)
    stdin = subprocess.DEVNULL if case.stdin is None else subprocess.PIPE
    t0 = time.time()
    p = procs.spawn(cmd, "tool run", cwd=work, env=case_env(case), stdin=stdin, stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE)
    try:
        so, se = p.communicate(input=case.stdin, timeout=TOOL_TIMEOUT)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        p.kill()
        so, se = p.communicate()
        rc = "timeout after %ds" % TOOL_TIMEOUT
    finally:
        procs.forget(p)
    return {"stdout": so, "stderr": se, "exit": rc, "after": listing(work), "secs": time.time() - t0}


# ---------------------------------------------------------------------------------
# normalisation and comparison (spec-tools.md §1, Fixtures/README.md)

TS_RE = re.compile(rb'"timestamp":\d+')
CMP_RE = [re.compile(rb"(?m)^(Deserialized snapshot in .* in )\d+\.\d{6}( seconds)$"),
          re.compile(rb"(?m)^(Processed data tree in )\d+\.\d{6}( seconds)$")]


def normalise(tool, data, work):
    data = data.replace(os.path.realpath(work).encode(), b"@WORKDIR@")
    if tool == "formatter":
        data = TS_RE.sub(b'"timestamp":<T>', data)
    if tool == "comparer":
        for rx in CMP_RE:
            data = rx.sub(rb"\1<T>\2", data)
    return data


TRACE_RE = re.compile(rb'(?m)^Exception in thread "main" [^\n]*\n(\tat |\tCaused by|Caused by)')


def first_diff(a, b):
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n if len(a) != len(b) else -1


def show_bytes(b, at):
    lo = max(0, at - 24)
    return "%s%r%s" % ("…" if lo else "", b[lo:at + 24], "…" if at + 24 < len(b) else "")


_CTRL = {c: "\\x%02x" % c for c in list(range(0x20)) + list(range(0x7f, 0xa0)) if c != 0x09}
_CTRL.update({0x2028: "\\u2028", 0x2029: "\\u2029"})


def printable_lines(data):
    """Lines split at LF only, control characters escaped (the data holds binary znodes)."""
    parts = data.split(b"\n")
    lines = [p.decode("utf-8", "backslashreplace").translate(_CTRL) + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1].decode("utf-8", "backslashreplace").translate(_CTRL) + "  [no newline at end]\n")
    return lines


def short_diff(name, a, b, max_lines=24):
    """First differing byte + a short unified diff (java = '-', ours = '+')."""
    at = first_diff(a, b)
    line = a[:at].count(b"\n") + 1
    lines = ["    %s differs at byte %d (line %d; java %d bytes, ours %d bytes)" % (name, at, line, len(a), len(b)),
             "      java: %s" % show_bytes(a, at),
             "      ours: %s" % show_bytes(b, at)]
    al, bl = printable_lines(a), printable_lines(b)
    ud = list(difflib.unified_diff(al, bl, "java/" + name, "ours/" + name, n=1))
    # long lines (the formatter's one-line JSON): show them from just before the column
    # where the first changed pair of lines starts to differ
    minus = next((l for l in ud if l.startswith("-") and not l.startswith("---")), "")
    plus = next((l for l in ud if l.startswith("+") and not l.startswith("+++")), "")
    col = max(0, first_diff(minus[1:], plus[1:]) + 1 - 60) if minus and plus else 0
    shown = []
    for l in ud[:max_lines]:
        l = l.rstrip("\n")
        if len(l) > 160:
            start = col if l[:1] in "-+ " and not l.startswith(("---", "+++")) else 0
            l = l[:1] + ("…" if start > 1 else "") + l[max(1, start):max(1, start) + 160] + \
                "… (%d chars)" % len(l)
        shown.append("      " + l)
    if len(ud) > max_lines:
        shown.append("      … (%d more diff lines)" % (len(ud) - max_lines))
    return lines + shown


WARNING_RE = re.compile(rb"(?m)^zk-[a-z-]+: warning: [^\n]*\n")


def compare(case, java, ours):
    """Returns a list of report lines; empty when the two runs agree."""
    probs = []
    if java["stdout"] != ours["stdout"]:
        probs += short_diff("stdout", java["stdout"], ours["stdout"])
    m = TRACE_RE.search(java["stderr"])
    if m:
        # Java died with a stack trace: what came before it must match; ours then prints
        # exactly one line (spec-tools.md §1.1).
        pre = java["stderr"][:m.start()]
        if not ours["stderr"].startswith(pre):
            probs += short_diff("stderr (before Java's exception)", pre, ours["stderr"][:len(pre)])
        rest = ours["stderr"][len(pre):]
        body = rest[:-1] if rest.endswith(b"\n") else rest
        if not body or b"\n" in body:
            first = java["stderr"][m.start():].split(b"\n", 1)[0]
            probs.append("    stderr: Java threw (%r + stack trace); ours must print exactly one line, printed %r"
                         % (first, rest[:300]))
    else:
        # Where Java exits 0 after something went wrong, ours may add one `<tool>: warning: `
        # line (README "Beyond upstream"); everything else on stderr is Java's, byte for byte.
        ours_err = ours["stderr"]
        warnings = WARNING_RE.findall(ours_err) if java["exit"] == 0 else []
        if len(warnings) > 1:
            probs.append("    stderr: more than one warning line: %r" % warnings[:3])
        if warnings:
            ours_err = WARNING_RE.sub(b"", ours_err)
        if java["stderr"] != ours_err:
            probs += short_diff("stderr", java["stderr"], ours_err)
    if java["exit"] != ours["exit"]:
        probs.append("    exit code: java %s, ours %s" % (java["exit"], ours["exit"]))
    if java["after"] != ours["after"]:
        ja = {r[0]: r for r in java["after"]}
        oa = {r[0]: r for r in ours["after"]}
        for p in sorted(set(ja) | set(oa)):
            if p not in oa:
                probs.append("    file %s: left by java (%d bytes), missing in ours" % (p, ja[p][1]))
            elif p not in ja:
                probs.append("    file %s: left by ours (%d bytes), not by java" % (p, oa[p][1]))
            elif ja[p] != oa[p]:
                probs.append("    file %s: differs (java %d bytes sha256 %s…, ours %d bytes sha256 %s…)" % (
                    p, ja[p][1], ja[p][2][:12], oa[p][1], oa[p][2][:12]))
    return probs


# ---------------------------------------------------------------------------------
# failure records (input copy + repro.sh)

def sh_cmd(cmd, env):
    parts = ["env", "-i", 'PATH="$PATH"'] + ["%s=%s" % (k, shlex.quote(v)) for k, v in sorted(env.items())
                                             if k != "PATH"]
    return " ".join(parts + [shlex.quote(c) for c in cmd])


def save_failure(ctx, case, jcmd, ocmd, java, ours, java_work, ours_work):
    d = os.path.join(ctx.run, "failures", re.sub(r"[^A-Za-z0-9._-]+", "_", case.id))
    shutil.rmtree(d, ignore_errors=True)
    populate(case, os.path.join(d, "input"))
    for side, res, work in (("java", java, java_work), ("ours", ours, ours_work)):
        os.makedirs(os.path.join(d, side))
        for k in ("stdout", "stderr"):
            with open(os.path.join(d, side, k), "wb") as f:
                f.write(normalise(case.tool, res[k], work))
        with open(os.path.join(d, side, "exit"), "w") as f:
            f.write("%s\n" % res["exit"])
        with open(os.path.join(d, side, "after"), "w") as f:
            f.writelines("%s  %d  %s\n" % (h, s, p) for p, s, h in res["after"])
    if case.stdin is not None:
        with open(os.path.join(d, "stdin"), "wb") as f:
            f.write(case.stdin)
    env = dict(BASE_ENV, **case.env)
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump({"seed": ctx.seed, "quick": ctx.quick, "case": case.id, "args": case.args, "env": case.env,
                   "note": case.note, "java": jcmd, "ours": ocmd}, f, indent=1, ensure_ascii=False)
    stdin = '"$here/stdin"' if case.stdin is not None else "/dev/null"
    script = """#!/usr/bin/env bash
# Replays conformance case {cid} (seed {seed}{quick}): runs the Java tool and ours, one
# after the other, in the same fresh copy of input/ (so absolute paths agree), then diffs.
# Usage: repro.sh [java|ours]   (one side only: its output goes to the terminal)
set -u
here=$(cd "$(dirname "$0")" && pwd)
W=/tmp/zk-conformance-repro.$$
side() {{  # java|ours
    rm -rf "$W"; mkdir -p "$W"; cp -a "$here/input/." "$W/"
    case $1 in
    java) (cd "$W" && {java} <{stdin}) ;;
    ours) (cd "$W" && {ours} <{stdin}) ;;
    esac
}}
if [ $# -gt 0 ]; then side "$1"; rc=$?; rm -rf "$W"; exit $rc; fi
O=$(mktemp -d /tmp/zk-conformance-repro-out.XXXXXX)
for s in java ours; do
    side $s >"$O/$s.stdout" 2>"$O/$s.stderr"; echo $? >"$O/$s.exit"
    (cd "$W" && find . -type f -exec sha256sum {{}} + | sort -k2) >"$O/$s.after"
done
rm -rf "$W"
# the only legitimate differences: the JSON timestamp and the comparer's timings
sed -i -E 's/"timestamp":[0-9]+/"timestamp":<T>/; s/^((Deserialized snapshot in .*|Processed data tree) in )[0-9]+\.[0-9]{{6}} seconds$/\1<T> seconds/' \
    "$O/java.stdout" "$O/ours.stdout"
rc=0
for k in stdout stderr exit after; do
    diff -u --label java.$k --label ours.$k "$O/java.$k" "$O/ours.$k" | head -40 || rc=1
    cmp -s "$O/java.$k" "$O/ours.$k" || rc=1
done
echo "(outputs kept in $O; when Java printed a stack trace, ours only has to print one stderr line)"
exit $rc
""".format(cid=case.id, seed=ctx.seed, quick=", --quick" if ctx.quick else "",
           java=sh_cmd(jcmd, env), ours=sh_cmd(ocmd, env), stdin=stdin)
    p = os.path.join(d, "repro.sh")
    with open(p, "w") as f:
        f.write(script)
    os.chmod(p, 0o755)
    return d


# ---------------------------------------------------------------------------------

class Ctx:
    pass


def run_case(ctx, idx, case):
    # -XX:-UsePerfData: no hsperfdata file, so no "[warning][perf,memops]" line on stdout.
    jcmd = ["java", "-XX:-UsePerfData", "-cp", ctx.cp, CLASSES[case.tool]] + case.args
    binary = ctx.build.bins.get(case.tool)
    base = os.path.join(ctx.run, "work", "%04d" % idx)
    java_work, ours_work = os.path.join(base, "java"), os.path.join(base, "ours")
    try:
        if binary is None:
            return case, ["    no binary for %s (see BUILD FAILED above)" % case.tool], None
        ocmd = [binary] + case.args
        java = run_side(jcmd, case, java_work)
        ours = run_side(ocmd, case, ours_work)
        for res, work in ((java, java_work), (ours, ours_work)):
            res["stdout"] = normalise(case.tool, res["stdout"], work)
            res["stderr"] = normalise(case.tool, res["stderr"], work)
        probs = compare(case, java, ours)
        with ctx.lock:
            if TRACE_RE.search(java["stderr"]):
                ctx.java_threw += 1
            if java["exit"] != 0:
                ctx.java_nonzero += 1
        info = None
        if probs:
            d = save_failure(ctx, case, jcmd, ocmd, java, ours, java_work, ours_work)
            env = dict(BASE_ENV, **case.env)
            info = {"dir": d, "java": sh_cmd(jcmd, env), "ours": sh_cmd(ocmd, env),
                    "stdin": "<%s/stdin" % d if case.stdin is not None else "</dev/null"}
        return case, probs, info
    except Exception:  # noqa: BLE001 - a harness error in one case is that case's failure
        return case, ["    harness error:\n" + traceback.format_exc()], None
    finally:
        shutil.rmtree(base, ignore_errors=True)


def report_failure(ctx, case, probs, info):
    out("FAIL %s  [seed %d%s]%s" % (case.id, ctx.seed, " --quick" if ctx.quick else "",
                                    ("  (" + case.note + ")") if case.note else ""))
    if info:
        out("  repro: %s/repro.sh" % info["dir"])
        out("    (W = fresh copy of %s/input; run in W:)" % info["dir"])
        out("    java: %s %s" % (info["java"], info["stdin"]))
        out("    ours: %s %s" % (info["ours"], info["stdin"]))
    for p in probs:
        out(p)


# ---------------------------------------------------------------------------------
TXN_NAMES = {-10: "createSession", -11: "closeSession", 1: "create", 15: "create2", 19: "createContainer",
             21: "createTTL", 2: "delete", 20: "deleteContainer", 5: "setData", 7: "setACL", 14: "multi",
             -1: "error", 16: "reconfig"}


def txn_coverage(zkfiles, data):
    seen = {}
    for d in data.values():
        v2 = os.path.join(d, "version-2")
        for n in os.listdir(v2):
            if n.startswith("log."):
                for e in zkfiles.log_entries(open(os.path.join(v2, n), "rb").read()):
                    k = TXN_NAMES.get(e["type"], str(e["type"]))
                    seen[k] = seen.get(k, 0) + 1
    missing = [n for n in TXN_NAMES.values() if n not in seen and n != "reconfig"]
    return " ".join("%s×%d" % kv for kv in sorted(seen.items(), key=lambda kv: -kv[1])) + \
        ("" if not missing else "  (none of: %s)" % ", ".join(missing))


def make_data(ctx):
    import servers  # kazoo is imported here, after deps.sh ran
    env = servers.Env(ctx.run, ctx.cp, ctx.seed, ctx.quick)
    r = env.rnd("plan")
    codecs = ["plain", "gz", "snappy"]
    S = servers.Settings
    data = {}
    if ctx.quick:
        st = S(codec=r.choice(codecs), digest=r.random() < 0.7, close_txn=r.random() < 0.8,
               prealloc_kb=r.choice([8, 8, 16]), snap_count=r.randint(24, 48))
        name = "sa-%s-%s" % (st.codec, "digest" if st.digest else "nodigest")
        data[name] = servers.run_standalone(env, name, st, (100, 50))
    else:
        digests = [True, False, r.random() < 0.5]
        r.shuffle(digests)
        for codec, dg in zip(codecs, digests):
            st = S(codec=codec, digest=dg, close_txn=r.random() < 0.75, prealloc_kb=r.choice([8, 8, 16, 64]),
                   snap_count=r.randint(24, 60))
            restart = None
            if r.random() < 0.35:  # restart with another codec: a data dir with mixed codecs
                restart = S(codec=r.choice([c for c in codecs if c != codec]), digest=dg, close_txn=st.close_txn,
                            prealloc_kb=st.prealloc_kb, snap_count=st.snap_count)
            name = "sa-%s-%s%s" % (codec, "digest" if dg else "nodigest", "-then-" + restart.codec if restart else "")
            data[name] = servers.run_standalone(env, name, st, (220, 110), restart)
        dg = r.random() < 0.6
        ct = r.random() < 0.8
        per = [S(codec=r.choice(codecs), digest=dg, close_txn=ct, prealloc_kb=r.choice([8, 16]),
                 snap_count=r.randint(24, 48)) for _ in range(3)]
        for d in servers.run_ensemble(env, "ens", per, (90, 60, 60)):
            data[os.path.basename(d)] = d
    return data


def main():
    ap = argparse.ArgumentParser(prog="bin/conformance", description=__doc__)
    ap.add_argument("--seed", type=int, help="workload and case seed (default: a fresh random one, printed)")
    ap.add_argument("--quick", action="store_true", help="one standalone server, one codec, small workload")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="cases run in parallel")
    ap.add_argument("--only", help="regex: run only the cases whose <tool>/<case> matches")
    ap.add_argument("--keep", action="store_true", help="keep the run dir (data, failures) even when all pass")
    ap.add_argument("--no-build", action="store_true", help="do not run swift build; use what is in "
                                                            ".build-conformance")
    ap.add_argument("--list", action="store_true", help="print the cases (after the server run) and stop")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every case, not only failures")
    a = ap.parse_args()
    procs.become_subreaper()
    logging.getLogger("kazoo").addHandler(logging.NullHandler())
    logging.getLogger("kazoo").propagate = False
    seed = a.seed if a.seed is not None else random.SystemRandom().randrange(1, 1 << 31)
    t_start = time.time()
    out("conformance: seed %d (%s); replay with: bin/conformance --seed %d%s" % (
        seed, "quick" if a.quick else "full", seed, " --quick" if a.quick else ""))

    ctx = Ctx()
    ctx.seed, ctx.quick = seed, a.quick
    ctx.lock = threading.Lock()
    ctx.java_threw = ctx.java_nonzero = 0
    ctx.run = os.path.realpath(tempfile.mkdtemp(prefix="zk-conformance-%d-" % seed,
                                                dir=os.environ.get("CONFORMANCE_TMP", "/tmp")))
    ctx.cp = java_classpath()
    log("run dir %s" % ctx.run)

    def on_signal(signum, _frame):
        raise KeyboardInterrupt("signal %d" % signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    passed = failed = 0
    keep = a.keep
    try:
        ctx.build = Build(ctx.run, a.no_build)
        for n in ctx.build.notes:
            log("binary %s" % n)
        t0 = time.time()
        try:
            data = make_data(ctx)
        except Exception:
            out("FAIL setup/servers  [seed %d%s]" % (seed, " --quick" if a.quick else ""))
            out("    the server workload failed (server output in %s/servers):" % ctx.run)
            out("    " + traceback.format_exc().replace("\n", "\n    "))
            keep = True
            out("run dir kept: %s" % ctx.run)
            out("0 passed, 1 failed")
            return 1
        t_data = time.time() - t0
        log("data written in %.0fs: %s" % (t_data, ", ".join(
            "%s (%d files)" % (k, len(os.listdir(os.path.join(v, "version-2")))) for k, v in sorted(data.items()))))

        import cases
        log("txn types in the logs: " + txn_coverage(cases.zkfiles, data))
        all_cases = cases.Builder(seed, a.quick, ctx.run, data).build()
        if a.only:
            rx = re.compile(a.only)
            all_cases = [c for c in all_cases if rx.search(c.id)]
        if a.list:
            for c in all_cases:
                out("%s\t%s%s" % (c.id, " ".join(shlex.quote(x) for x in c.args),
                                  "" if not c.env else "\t" + " ".join("%s=%s" % kv for kv in c.env.items())))
            out("%d cases" % len(all_cases))
            return 0

        ctx.build.wait()
        if ctx.build.wanted:
            log("swift build: %.0fs (overlapping the server run)%s" % (
                ctx.build.elapsed, "" if not ctx.build.errors else "; FAILED for " + ", ".join(ctx.build.errors)))
        for t, b in sorted(ctx.build.bins.items()):
            log("ours: %s = %s" % (t, b))
        for t, e in sorted(ctx.build.errors.items()):
            out("BUILD FAILED for %s: %s\n    (every %s case fails; build log in %s)" % (t, e, t, ctx.run))
            keep = True
        log("running %d cases (%d jobs)" % (len(all_cases), a.jobs))
        t0 = time.time()
        per_tool = {}
        with concurrent.futures.ThreadPoolExecutor(max(1, a.jobs)) as ex:
            futs = [ex.submit(run_case, ctx, i, c) for i, c in enumerate(all_cases)]
            for f in futs:
                case, probs, info = f.result()
                pt = per_tool.setdefault(case.tool, [0, 0])
                if probs:
                    failed += 1
                    pt[1] += 1
                    report_failure(ctx, case, probs, info)
                else:
                    passed += 1
                    pt[0] += 1
                    if a.verbose:
                        out("ok   %s" % case.id)
        t_cases = time.time() - t0
        passed, failed = __import__("at_restore").hook(ctx, data, passed, failed)  # zkdata at/seal/members
        passed, failed = __import__("log_follow").hook(ctx, data, passed, failed)  # zkdata log, --follow
        out("  (Java exited non-zero in %d cases, with a stack trace in %d of them)" % (ctx.java_nonzero,
                                                                                    ctx.java_threw))
        for t in ("txnlog", "formatter", "comparer", "purge"):
            if t in per_tool:
                out("  %-9s %4d passed, %d failed" % (t, per_tool[t][0], per_tool[t][1]))
        out("timing: servers+workload %.0fs, cases %.0fs, total %.0fs" % (t_data, t_cases, time.time() - t_start))
        if failed:
            keep = True
            out("failing cases (inputs, outputs, repro.sh) kept in %s/failures" % ctx.run)
        elif keep:
            log("run dir kept: %s" % ctx.run)
        out("%d passed, %d failed" % (passed, failed))
        return 1 if failed or not (passed or a.only) else 0
    except KeyboardInterrupt as e:
        keep = True
        out("interrupted (%s); run dir kept: %s" % (e or "SIGINT", ctx.run))
        out("%d passed, %d failed" % (passed, failed + 1))
        return 130
    finally:
        procs.stop_all()
        shutil.rmtree(os.path.join(ctx.run, "work"), ignore_errors=True)
        if not keep:
            shutil.rmtree(ctx.run, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
