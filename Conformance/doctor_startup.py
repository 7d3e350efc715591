#!/usr/bin/env python3
"""`zkdata doctor`'s startup prediction against real ZooKeeper 3.8.0 servers.

1. A real data dir: a ZooKeeperServerMain + kazoo workload (servers.run_standalone), or
   --base DIR (a data dir or version-2 directory written by a real server).
2. Damaged copies of it (CASES below): snapshots with a bad seal / truncated / empty / an
   orphan node, two newest bad, none; the newest log torn, with a CRC error, bad magic, a bad
   end-of-record byte, a huge length, length -1, empty; a needed log with a CRC error (also one
   below the start zxid), a needed log missing, an old log with a CRC error, a stray snapshot
   beyond the logs, a leftover .tmp snapshot, ...
3. For each copy: `zkdata doctor --format json` (exit 0 clean / 1 damaged; every input file
   hashed before and after: nothing may change); then a REAL 3.8.0 server is started on
   another copy (127.0.0.1, a free port, slf4j-simple so its exception is visible), and what
   it did - started with the `srvr` zxid, or died with an exception - must equal
   doctor's `startup` (starts, zxid, exception class and message).
4. For each damaged log: `zkdata repair` (and `--salvage`); Java's TxnLogToolkit must dump
   the output without error, with exactly the zxids of the original entries before the
   damage (plus, with --salvage, the intact ones after it), computed here from the undamaged
   original with an independent parser (Fixtures/generate/zkfiles.py).

Prints a table and "N passed, M failed"; exit 1 on any failure.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "Fixtures", "generate"))

import procs  # noqa: E402
import zkfiles  # noqa: E402

JAVA_DIR = "/usr/share/java"
ZK_MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain"
TOOLKIT = "org.apache.zookeeper.server.persistence.TxnLogToolkit"
EXC_LINE = re.compile(r"^((?:java|javax|org)\.[\w.$]+(?:Exception|Error))(?:: (.*))?$")


def log(*a):
    print("[doctor-startup]", *a, file=sys.stderr, flush=True)


def tree_hashes(root):
    from conformance import sha256
    out = {}
    for d, _, files in os.walk(root):
        for n in files:
            p = os.path.join(d, n)
            out[os.path.relpath(p, root)] = (sha256(p), os.path.getsize(p))
    return out


def classpath(binding):
    import conformance  # the project's classpath (zookeeper.jar's manifest Class-Path)
    jars = conformance.java_classpath().split(":")
    return ":".join(os.path.join(JAVA_DIR, binding) if j.endswith("slf4j-nop.jar") else j for j in jars)


# ---------------------------------------------------------------------------------- files
def v2(d):
    return os.path.join(d, "version-2")


def names(d, prefix):
    out = [n for n in os.listdir(v2(d)) if n.startswith(prefix + ".")]
    return sorted(out, key=lambda n: int(n.split(".")[1], 16))


def logs(d):
    return names(d, "log")


def snaps(d):
    return [n for n in names(d, "snapshot") if not n.endswith(".tmp")]


def read(d, n):
    return bytearray(open(os.path.join(v2(d), n), "rb").read())


def write(d, n, b):
    with open(os.path.join(v2(d), n), "wb") as f:
        f.write(b)


def entries(d, n):
    return list(zkfiles.log_entries(bytes(read(d, n))))


def flip_seal(d, n):
    """xor a byte of seal #1's stored checksum (with or without digest; gz re-compressed)."""
    if n.endswith(".snappy"):
        raise Skip("no snappy compressor here")
    b = read(d, n)
    if n.endswith(".gz"):
        import gzip
        b = bytearray(gzip.decompress(bytes(b)))
    tail = b"\x00\x00\x00\x01/"
    seal1_end = len(b) - 33 if b[-38:-33] == tail else len(b)
    b[seal1_end - 13 + 7] ^= 0xFF  # low byte of the 8-byte checksum
    if n.endswith(".gz"):
        import gzip
        b = gzip.compress(bytes(b))
    write(d, n, b)


# ----------------------------------------------------------------------------------- cases
class Skip(Exception):
    pass


def newest_log(d):
    return logs(d)[-1]


def damage_entry(d, n, k, how):
    """Damage entry k of log n. Returns the repair expectation (file, k, later entries intact)."""
    b = read(d, n)
    es = list(zkfiles.log_entries(bytes(b)))
    if not es:
        raise Skip("%s has no entries" % n)
    k = k if k >= 0 else len(es) + k
    k = max(0, min(k, len(es) - 1))
    e = es[k]
    intact_after = True
    if how == "crc":
        b[e["eor_off"] - 1] ^= 0x01
    elif how == "eor":
        b[e["eor_off"]] = ord("X")
    elif how == "huge":
        struct.pack_into(">i", b, e["off"] + 8, 0x7FFFFFFF)
    elif how == "minus1":
        struct.pack_into(">i", b, e["off"] + 8, -1)
    elif how == "zero-len":
        struct.pack_into(">i", b, e["off"] + 8, 0)
    elif how == "torn":
        b = b[:e["payload_off"] + e["len"] // 2]
        intact_after = False
    write(d, n, b)
    return dict(log=n, k=k, after=intact_after, zxids=[x["zxid"] for x in es])


def snapshot_path_orphan(d, n):
    """Rename the parent component of a two-level path in snapshot n: 'Invalid Datatree'."""
    if n.endswith(".snappy"):
        raise Skip("no snappy compressor here")
    import gzip
    gz = n.endswith(".gz")
    b = read(d, n)
    if gz:
        b = bytearray(gzip.decompress(bytes(b)))
    lay = zkfiles.snapshot_layout(bytes(b))
    for path, off in lay["nodes"]:
        parts = path.split(b"/")
        if len(parts) >= 3 and parts[1] and not path.startswith(b"/zookeeper"):
            b[off + 4 + 1] = ord("Q") if b[off + 4 + 1] != ord("Q") else ord("R")
            write(d, n, gzip.compress(bytes(b)) if gz else b)
            return
    raise Skip("no two-level path in %s" % n)


def keep_only_oldest_snapshot(d):
    s = snaps(d)
    for n in s[1:]:
        os.remove(os.path.join(v2(d), n))


def case_list():
    """(name, damaged?, function(dir) -> repair expectation or None)."""
    C = []

    def case(name, damaged=True):
        def deco(f):
            C.append((name, damaged, f))
            return f
        return deco

    @case("clean", damaged=False)
    def _(d):
        return None

    @case("snap-newest-bad-seal")
    def _(d):
        flip_seal(d, snaps(d)[-1])

    @case("snap-newest-truncated")
    def _(d):
        n = snaps(d)[-1]
        b = read(d, n)
        write(d, n, b[:len(b) // 2])

    @case("snap-newest-empty")
    def _(d):
        write(d, snaps(d)[-1], b"")

    @case("snap-newest-invalid-tree")
    def _(d):
        snapshot_path_orphan(d, snaps(d)[-1])

    @case("snap-two-newest-bad")
    def _(d):
        s = snaps(d)
        flip_seal(d, s[-1])
        b = read(d, s[-2])
        write(d, s[-2], b[:len(b) - 7])

    @case("snap-all-bad")
    def _(d):
        for n in snaps(d):
            flip_seal(d, n)

    @case("snap-none")
    def _(d):
        for n in snaps(d):
            os.remove(os.path.join(v2(d), n))

    @case("snap-stray-beyond-logs")
    def _(d):
        last = max(e["zxid"] for n in logs(d) for e in entries(d, n))
        shutil.copy(os.path.join(v2(d), snaps(d)[-1]), os.path.join(v2(d), "snapshot.%x" % (last + 0x100)))

    @case("snap-tmp-leftover-truncated")
    def _(d):
        b = read(d, snaps(d)[-1])
        last = max(e["zxid"] for n in logs(d) for e in entries(d, n))
        write(d, "snapshot.%x.tmp" % (last + 1), b[:len(b) // 3])

    @case("snap-tmp-leftover-complete")
    def _(d):
        # a whole snapshot under a .tmp name newer than the logs: the server loads it
        last = max(e["zxid"] for n in logs(d) for e in entries(d, n))
        shutil.copy(os.path.join(v2(d), snaps(d)[-1]), os.path.join(v2(d), "snapshot.%x.tmp" % (last + 5)))

    @case("log-last-torn")
    def _(d):
        return damage_entry(d, newest_log(d), -1, "torn")

    @case("log-last-crc")
    def _(d):
        return damage_entry(d, newest_log(d), -1, "crc")

    @case("log-last-bad-magic")
    def _(d):
        n = newest_log(d)
        b = read(d, n)
        b[3] ^= 0x1F
        write(d, n, b)

    @case("log-last-bad-eor-middle")
    def _(d):
        return damage_entry(d, newest_log(d), len(entries(d, newest_log(d))) // 2, "eor")

    @case("log-last-huge-length")
    def _(d):
        return damage_entry(d, newest_log(d), -1, "huge")

    @case("log-last-length-minus1")
    def _(d):
        return damage_entry(d, newest_log(d), -1, "minus1")

    @case("log-last-zero-length-data-after")
    def _(d):
        return damage_entry(d, newest_log(d), len(entries(d, newest_log(d))) // 2, "zero-len")

    @case("log-last-empty")
    def _(d):
        write(d, newest_log(d), b"")

    @case("log-needed-crc-below-start")
    def _(d):
        # the log holding the newest snapshot's zxid + 1 is read from its start: a CRC error
        # in an entry before the snapshot zxid still stops the server.
        ls = logs(d)
        if len(ls) < 2:
            raise Skip("one log")
        return damage_entry(d, ls[-2], 0, "crc")

    @case("log-needed-crc")
    def _(d):
        keep_only_oldest_snapshot(d)
        ls = logs(d)
        return damage_entry(d, ls[len(ls) // 2], 1, "crc")

    @case("log-needed-missing")
    def _(d):
        keep_only_oldest_snapshot(d)
        ls = logs(d)
        if len(ls) < 3:
            raise Skip("fewer than 3 logs")
        os.remove(os.path.join(v2(d), ls[len(ls) // 2]))

    @case("log-needed-bad-eor")
    def _(d):
        keep_only_oldest_snapshot(d)
        ls = logs(d)
        return damage_entry(d, ls[len(ls) // 2], 2, "eor")

    @case("log-needed-torn")
    def _(d):
        keep_only_oldest_snapshot(d)
        ls = logs(d)
        return damage_entry(d, ls[len(ls) // 2], -1, "torn")

    @case("log-old-crc")
    def _(d):
        return damage_entry(d, logs(d)[0], 1, "crc")

    @case("log-old-empty")
    def _(d):
        write(d, logs(d)[0], b"")

    # nothing in the files shows that the newest log is gone: doctor must still predict the
    # server (and exit 0)
    @case("log-newest-missing-snapshot-survives", damaged=False)
    def _(d):
        log = newest_log(d)
        start = int(log.split(".")[1], 16)
        snaps = [int(n.split(".")[1], 16) for n in os.listdir(v2(d)) if n.startswith("snapshot.") and not n.endswith(".tmp")]
        if snaps and max(snaps) >= start:
            # The newest snapshot holds txns of that log: without it, it is named beyond every
            # remaining log, exactly what a stray snapshot looks like (doctor says so, exit 1).
            raise Skip("the newest snapshot (0x%x) holds txns of %s, so it would look stray" % (max(snaps), log))
        os.remove(os.path.join(v2(d), log))

    return C


# ---------------------------------------------------------------------------------- server
def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def srvr(port):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.sendall(b"srvr")
        data = b""
        while True:
            b = s.recv(4096)
            if not b:
                break
            data += b
        s.close()
        return data.decode("utf-8", "replace")
    except OSError:
        return ""


def run_server(cp, datadir, work, timeout=90):
    """Starts a 3.8.0 ZooKeeperServerMain on datadir; returns dict(starts, zxid, exception)."""
    port = free_port()
    cfg = os.path.join(work, "zoo.cfg")
    with open(cfg, "w") as f:
        f.write("tickTime=500\ndataDir=%s\nclientPort=%d\nclientPortAddress=127.0.0.1\n"
                "admin.enableServer=false\n4lw.commands.whitelist=srvr\n" % (datadir, port))
    out_path = os.path.join(work, "server.out")
    out = open(out_path, "wb")
    cmd = ["java", "-cp", cp, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
           "-Djava.net.preferIPv4Stack=true", "-Dzookeeper.admin.enableServer=false", ZK_MAIN, cfg]
    p = procs.spawn(cmd, "zookeeper (doctor case)", stdout=out, stderr=subprocess.STDOUT)
    out.close()
    result = dict(starts=None, zxid=None, exception=None, output=out_path)
    end = time.time() + timeout
    try:
        while time.time() < end:
            if p.poll() is not None:
                result["starts"] = False
                break
            text = srvr(port)
            m = re.search(r"^Zxid: 0x([0-9a-f]+)$", text, re.M)
            if m:
                result["starts"] = True
                result["zxid"] = int(m.group(1), 16)
                break
            time.sleep(0.05)
    finally:
        procs.stop(p, signal.SIGKILL)
    text = open(out_path, "rb").read().decode("utf-8", "replace")
    if result["starts"]:
        # srvr can already show txns of sessions that expired right after startup (restored
        # sessions with a 1 s timeout, on a loaded machine): the zxid the restore ended at is
        # ZKDatabase.loadDataBase's own log line; srvr may only differ by those expiries.
        m = re.search(r"Snapshot loaded in \d+ ms, highest zxid is 0x([0-9a-f]+)", text)
        if m:
            loaded = int(m.group(1), 16)
            expired = len(re.findall(r"Expiring session 0x[0-9a-f]+", text))
            if 0 <= result["zxid"] - loaded <= expired:
                result["zxid"] = loaded  # else srvr's zxid stands and the case disagrees
    if result["starts"] is False:
        lines = text.splitlines()
        # the exception logged with "Unexpected exception, exiting abnormally" (not the WARNs
        # of snapshots it skipped, nor a 4lw connection closed while loading)
        start = max([i for i, l in enumerate(lines) if "exiting abnormally" in l] or [0])
        for line in lines[start:]:
            m = EXC_LINE.match(line.strip())
            if m:
                result["exception"] = (m.group(1), m.group(2))
                break
    return result


def agree(pred, real, doctor_dir, server_dir):
    """doctor's startup vs the server. Returns a problem string or None."""
    if real["starts"] is None:
        return "the server neither started nor died within the timeout"
    if pred["starts"] != real["starts"]:
        return "doctor says starts=%s, the server %s" % (
            pred["starts"], "started at 0x%x" % real["zxid"] if real["starts"] else "died: %s" % (real["exception"],))
    if real["starts"]:
        z = int(pred["zxid"], 16) if pred["zxid"] else None
        if z != real["zxid"]:
            return "doctor says zxid %s, the server reports 0x%x" % (pred["zxid"], real["zxid"])
        return None
    exc = (pred.get("exception") or "").replace(doctor_dir, server_dir)
    cls, _, msg = exc.partition(": ")
    if real["exception"] is None:
        return "the server died without a visible exception (doctor: %s)" % exc
    rcls, rmsg = real["exception"]
    if cls != rcls:
        return "doctor says %s, the server died with %s: %s" % (exc, rcls, rmsg)
    if msg and not (rmsg or "").startswith(msg.split(" (")[0].rstrip(".")):
        return "doctor says %r, the server's message is %r" % (exc, rmsg)
    return None


# ---------------------------------------------------------------------------------- repair
def toolkit_zxids(cp, path, work):
    r = subprocess.run(["java", "-XX:-UsePerfData", "-cp", cp, TOOLKIT, path], cwd=work,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    out = r.stdout.decode("utf-8", "replace")
    zx = [int(m.group(1), 16) for m in re.finditer(r" zxid 0x([0-9a-f]+) ", out)]
    ok = r.returncode == 0 and "EOF reached after %d txns." % len(zx) in out and not r.stderr.strip()
    return ok, zx, (r.returncode, out[-300:], r.stderr.decode("utf-8", "replace")[-300:])


def check_repair(zkdata, cp, d, exp, work):
    problems = []
    src = os.path.join(v2(d), exp["log"])
    for salvage in (False, True):
        out = os.path.join(work, "repaired%s.%s" % ("-salvage" if salvage else "", exp["log"]))
        args = [zkdata, "repair", src, "--output", out, "--prealloc-kb", "64"] + (["--salvage"] if salvage else [])
        r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            problems.append("repair%s exit %d: %s" % (" --salvage" if salvage else "", r.returncode,
                                                      r.stderr.decode()[-300:]))
            continue
        ok, zx, info = toolkit_zxids(cp, out, work)
        want = exp["zxids"][:exp["k"]] + (exp["zxids"][exp["k"] + 1:] if salvage and exp["after"] else [])
        if not ok:
            problems.append("TxnLogToolkit failed on the repaired log: %s" % (info,))
        elif zx != want:
            problems.append("repair%s kept %s, expected %s" % (" --salvage" if salvage else "",
                                                              [hex(z) for z in zx], [hex(z) for z in want]))
    return problems


# ------------------------------------------------------------------------------------ main
def make_base(run, seed):
    import servers
    cp = classpath("slf4j-nop.jar")
    env = servers.Env(run, cp, seed, True)
    st = servers.Settings(codec="plain", digest=True, prealloc_kb=8, snap_count=30)
    return servers.run_standalone(env, "doctor-base", st, (120, 60))


def build_zkdata(no_build):
    ov = os.environ.get("CONFORMANCE_ZKDATA_BIN")
    if ov:
        return os.path.abspath(ov)
    scratch = os.path.join(REPO, ".build-conformance")
    if not no_build:
        r = subprocess.run(["swift", "build", "-c", "release", "--scratch-path", scratch, "--product", "zkdata"],
                           cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            raise SystemExit("swift build --product zkdata failed:\n" + r.stdout.decode()[-2000:])
    r = subprocess.run(["swift", "build", "-c", "release", "--scratch-path", scratch, "--show-bin-path"],
                       cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return os.path.join(r.stdout.decode().strip().splitlines()[-1], "zkdata")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", help="a real server's data dir (default: write one with a real server)")
    ap.add_argument("--only", help="regex on case names")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--list", action="store_true", help="print the case names and stop")
    a, _unknown = ap.parse_known_args()  # bin/conformance passes its own flags through
    if a.list:
        for name, _, _ in case_list():
            print("doctor/%s" % name)
        return 0
    procs.become_subreaper()
    seed = a.seed if a.seed is not None else int(time.time()) & 0x7FFFFFFF
    run = os.path.realpath(tempfile.mkdtemp(prefix="zk-doctor-startup-"))
    failed = passed = 0
    rows = []
    try:
        zkdata = build_zkdata(a.no_build)
        cp_server = classpath("slf4j-simple.jar")
        cp_tool = classpath("slf4j-nop.jar")
        if a.base:
            base = os.path.join(run, "base")
            src = a.base if os.path.basename(a.base.rstrip("/")) != "version-2" else os.path.dirname(a.base.rstrip("/"))
            shutil.copytree(v2(src), v2(base))
        else:
            base = make_base(run, seed)
        log("base %s: logs %s, snapshots %s" % (base, logs(base), snaps(base)))
        for name, damaged, fn in case_list():
            if a.only and not re.search(a.only, name):
                continue
            work = os.path.join(run, "cases", name)
            d = os.path.join(work, "data")
            os.makedirs(work)
            shutil.copytree(v2(base), v2(d))
            try:
                exp = fn(d)
            except Skip as e:
                rows.append((name, "skip", "", "", str(e)))
                continue
            problems = []
            before = tree_hashes(d)
            r = subprocess.run([zkdata, "doctor", d, "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            if tree_hashes(d) != before:
                problems.append("doctor changed its input")
            want_exit = 1 if damaged else 0
            if r.returncode != want_exit:
                problems.append("doctor exit %d, expected %d (%s)" % (r.returncode, want_exit, r.stderr.decode()[-200:]))
            try:
                doc = json.loads(r.stdout)
                pred = doc["startup"]
            except (ValueError, KeyError):
                problems.append("doctor printed no JSON report")
                pred = dict(starts=None, zxid=None, exception=None)
                doc = dict(findings=[])
            server_dir = os.path.join(work, "server-data")
            shutil.copytree(v2(d), v2(server_dir))
            real = run_server(cp_server, server_dir, work)
            p = agree(pred, real, os.path.realpath(d), os.path.realpath(server_dir))
            if p:
                problems.append(p)
            if exp is not None:
                problems += check_repair(zkdata, cp_tool, d, exp, work)
            if tree_hashes(d) != before:
                problems.append("an input changed")
            server = ("starts 0x%x" % real["zxid"]) if real["starts"] else \
                ("dies %s" % (real["exception"][0].rsplit(".", 1)[-1] if real["exception"] else "?"))
            doctor = ("starts %s" % pred.get("zxid")) if pred.get("starts") else \
                ("dies %s" % (pred.get("exception") or "?").split(":")[0].rsplit(".", 1)[-1])
            codes = ",".join(sorted({f["code"] for f in doc.get("findings", []) if f["severity"] != "info"})) or "-"
            if problems:
                failed += 1
                rows.append((name, "FAIL", server, doctor, "; ".join(problems)))
            else:
                passed += 1
                rows.append((name, "ok", server, doctor, "exit %d %s" % (r.returncode, codes)))
        w = max(len(r[0]) for r in rows) if rows else 10
        print("%-*s  %-4s  %-26s  %-26s  %s" % (w, "case", "", "real 3.8.0 server", "zkdata doctor", "notes"))
        for row in rows:
            print("%-*s  %-4s  %-26s  %-26s  %s" % (w, row[0], row[1], row[2], row[3], row[4]))
        print("doctor-startup: %d passed, %d failed" % (passed, failed))
        return 1 if failed or not (passed or a.only) else 0
    except Exception:
        traceback.print_exc()
        failed += 1
        print("doctor-startup: %d passed, %d failed" % (passed, failed))
        return 1
    finally:
        procs.stop_all()
        if failed or a.keep:
            log("run dir kept: %s" % run)
        else:
            shutil.rmtree(run, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
