#!/usr/bin/env python3
"""Captures goldens from the REAL Java tools (ZooKeeper 3.8.0, OpenJDK 17).

Layout written for every case (see Fixtures/README.md):

  Fixtures/goldens/<tool>/<case>/
    cmd     line 1: txnlog | formatter | comparer | purge; then one argument per line
    env     optional KEY=VALUE lines added to the default environment TZ=UTC LANG=C.UTF-8
    setup   "<repo-relative source>\t<destination in the work dir>\t<mtime epoch seconds>"
    stdin   optional bytes fed to stdin (absent: stdin is /dev/null)
    stdout, stderr   exact bytes (the work dir's absolute path replaced by @WORKDIR@)
    exit    exit code + "\n"
    after   optional: "<sha256>  <size>  <relative path>" per regular file left in the work dir

Usage: capture.py [-j N] [name-filter]      (needs ZK_CP in the environment)
"""
import concurrent.futures
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zkfiles  # noqa: E402

GEN = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.dirname(GEN)
REPO = os.path.dirname(FIX)
OUT = os.path.join(FIX, "goldens")
CP = os.environ["ZK_CP"]
CLASSES = {
    "txnlog": "org.apache.zookeeper.server.persistence.TxnLogToolkit",
    "formatter": "org.apache.zookeeper.server.SnapshotFormatter",
    "comparer": "org.apache.zookeeper.server.SnapshotComparer",
    "purge": "org.apache.zookeeper.server.PurgeTxnLog",
}
DEFAULT_MTIME = 1700000000  # Nov 14, 2023, 10:13:20 PM UTC
WORKDIR_TOKEN = b"@WORKDIR@"

CASES = {}


class Case:
    def __init__(self, tool, name, args, setup, env=None, stdin=None, after=False):
        assert tool in CLASSES
        assert (tool, name) not in CASES, (tool, name)
        for a in args:
            assert "\n" not in a
        self.tool, self.name, self.args = tool, name, list(args)
        self.setup = [(s, d, DEFAULT_MTIME if m is None else m) for s, d, m in
                      ((x + (None,))[:3] for x in setup)]
        for s, _, _ in self.setup:
            assert os.path.isfile(os.path.join(REPO, s)), s
        self.env = env or {}
        self.stdin = stdin
        self.after = after
        CASES[(tool, name)] = self


def add(*a, **kw):
    Case(*a, **kw)


# ---------------------------------------------------------------------------------
def R(*parts):
    """repo-relative path of a fixture file"""
    return os.path.join("Fixtures", *parts)


def zkdir(case):
    return os.path.join(FIX, "zk-3.8.0", case, "version-2")


def hexsorted(names, prefix):
    return sorted((n for n in names if n.startswith(prefix + ".")), key=lambda n: int(n.split(".")[1], 16))


def logs_of(case):
    return hexsorted(os.listdir(zkdir(case)), "log")


def snaps_of(case):
    return hexsorted(os.listdir(zkdir(case)), "snapshot")


def zkfile(case, name):
    return R("zk-3.8.0", case, "version-2", name)


SERVER_CASES = sorted(d for d in os.listdir(os.path.join(FIX, "zk-3.8.0"))
                      if os.path.isdir(os.path.join(FIX, "zk-3.8.0", d)))
CRAFTED_LOGS = [("txns", "log.100000001"), ("chopgap", "log.100000001"),
                ("unsupported-sync", "log.500000001"), ("unsupported-check", "log.500000001"),
                ("multi-null", "log.500000001")]
CRAFTED_SNAPS = [("treebin", "snapshot.100000064"), ("oddnames", "snapshot.100000050"),
                 ("tail39", "snapshot.100000050")]
EMPTY_SNAPSHOT = R("damaged", "snap-empty", "snapshot.8e")
CRAFTED_SNAPS.append(("tail39-nodigest", os.listdir(os.path.join(FIX, "crafted", "tail39-nodigest"))[0]))


def damaged():
    rows = []
    with open(os.path.join(FIX, "damaged", "MANIFEST.tsv")) as f:
        next(f)
        for line in f:
            case, name, base, what = line.rstrip("\n").split("\t")
            rows.append((case, name))
    return rows


# ---------------------------------------------------------------------------------
def txnlog_cases():
    T = "txnlog"
    for c in SERVER_CASES:
        for n in logs_of(c):
            add(T, "dump-%s-%s" % (c, n), [n], [(zkfile(c, n), n)])
    for sub, n in CRAFTED_LOGS:
        add(T, "dump-crafted-%s" % sub, [n], [(R("crafted", sub, n), n)])
    for case, n in damaged():
        if case.startswith("log-"):
            add(T, "dump-damaged-%s" % case, [n], [(R("damaged", case, n), n)])
    # time zones (the crafted log has winter/summer times around the DST switches)
    tx = (R("crafted", "txns", "log.100000001"), "log.100000001")
    for tz in ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Etc/GMT+5"]:
        add(T, "tz-%s" % tz.replace("/", "-"), ["log.100000001"], [tx], env={"TZ": tz})
    real = logs_of("standalone")[0]
    add(T, "tz-Europe-Berlin-standalone", [real], [(zkfile("standalone", real), real)],
        env={"TZ": "Europe/Berlin"})
    # command line
    add(T, "help", ["-h"], [])
    add(T, "help-long", ["--help"], [])
    add(T, "help-with-file", ["-h", "log.100000001"], [tx])
    add(T, "help-with-missing-file", ["--help", "nonexistent"], [])
    add(T, "no-args", [], [])
    add(T, "only-options", ["-r", "-y"], [])
    add(T, "unknown-option", ["-x", "log.100000001"], [tx])
    add(T, "unknown-long-option", ["--bogus=1", "log.100000001"], [tx])
    add(T, "unknown-in-bundle", ["-rx", "log.100000001"], [tx])
    add(T, "missing-zxid-argument", ["log.100000001", "-c", "-z"], [tx])
    add(T, "missing-file", ["nonexistent"], [])
    add(T, "missing-file-path-normalised", ["./nope//sub/x/"], [])
    add(T, "directory", ["dir"], [(R("crafted", "txns", "log.100000001"), "dir/log.100000001")])
    add(T, "dump-d-option", ["-d", "log.100000001"], [tx])
    add(T, "dump-long-prefix", ["--du", "log.100000001"], [tx])
    add(T, "dump-yv-without-r", ["-y", "-v", "log.100000001"], [tx])
    add(T, "dump-z-without-c", ["-z", "0x100000003", "log.100000001"], [tx])
    add(T, "dump-c-without-z", ["-c", "log.100000001"], [tx])
    add(T, "dump-extra-positional", ["log.100000001", "other", "-d"], [tx])
    add(T, "dump-after-double-dash", ["--", "log.100000001"], [tx])
    add(T, "dump-relative-dot", ["./sub/log.100000001"], [(tx[0], "sub/log.100000001")])
    add(T, "dump-double-slash", ["sub//log.100000001"], [(tx[0], "sub/log.100000001")])

    # recovery
    crc2 = (R("damaged", "log-crc2", _damaged_name("log-crc2")), _damaged_name("log-crc2"))
    ln = crc2[1]
    add(T, "recover-yes", ["-r", "-y", ln], [crc2], after=True)
    add(T, "recover-yes-verbose", ["-r", "-y", "-v", ln], [crc2], after=True)
    add(T, "recover-bundled-ryv", ["-ryv", ln], [crc2], after=True)
    add(T, "recover-long-prefixes", ["--rec", "--y", ln], [crc2], after=True)
    add(T, "recover-interactive-y-y", ["-r", ln], [crc2], stdin=b"y\ny\n", after=True)
    add(T, "recover-interactive-y-n", ["-r", ln], [crc2], stdin=b"y\nn\n", after=True)
    add(T, "recover-interactive-n-n", ["-r", ln], [crc2], stdin=b"N\nno\n", after=True)
    add(T, "recover-interactive-abort", ["-r", ln], [crc2], stdin=b"a\n", after=True)
    add(T, "recover-interactive-abort-second", ["-r", ln], [crc2], stdin=b"yes\nAbort\n", after=True)
    add(T, "recover-interactive-garbage", ["-r", ln], [crc2], stdin=b"x\nmaybe\n\n   yes please\n?\nYES\n",
        after=True)
    add(T, "recover-interactive-eof", ["-r", ln], [crc2], stdin=b"", after=True)
    add(T, "recover-interactive-eof-second", ["-r", ln], [crc2], stdin=b"y\n", after=True)
    add(T, "recover-interactive-verbose", ["-r", "-v", ln], [crc2], stdin=b"y\nn\n", after=True)
    add(T, "recover-interactive-tokens-one-line", ["-r", ln], [crc2], stdin=b"y y", after=True)
    add(T, "recover-fixed-exists", ["-r", "-y", ln], [crc2, (crc2[0], ln + ".fixed")], after=True)
    add(T, "recover-clean-log", ["-r", "-y", "log.100000001"], [tx], after=True)
    add(T, "recover-bad-magic", ["-r", "-y", ln], [(R("damaged", "log-bad-magic", _damaged_name("log-bad-magic")), ln)],
        after=True)
    add(T, "recover-empty", ["-r", ln], [(R("damaged", "log-empty", _damaged_name("log-empty")), ln)], after=True)
    add(T, "recover-dot-path", ["-r", "-y", "./" + ln], [crc2], after=True)
    add(T, "recover-subdir", ["-r", "-y", "sub/" + ln], [(crc2[0], "sub/" + ln)], after=True)
    add(T, "recover-missing-file", ["-r", "-y", "nonexistent"], [], after=True)
    add(T, "recover-bad-eor", ["-r", "-y", ln], [(R("damaged", "log-bad-eor", _damaged_name("log-bad-eor")), ln)],
        after=True)
    add(T, "recover-crc1-time", ["-r", "-y", "-v", ln],
        [(R("damaged", "log-crc-time", _damaged_name("log-crc-time")), ln)], after=True)

    # chop (crafted gap log: 100000001,2,3,5,200000001,2,300000002,3)
    gap = (R("crafted", "chopgap", "log.100000001"), "log.100000001")
    g = "log.100000001"
    add(T, "chop-middle-hex", ["-c", "-z", "0x200000001", g], [gap], after=True)
    add(T, "chop-middle-decimal", ["-c", "-z", "8589934593", g], [gap], after=True)
    add(T, "chop-hash-hex", ["-c", "-z", "#100000002", g], [gap], after=True)
    add(T, "chop-octal", ["-c", "-z", "0100000000001", g], [gap], after=True)
    add(T, "chop-attached", ["-c", "-z0x100000003", g], [gap], after=True)
    add(T, "chop-long-options", ["--chop", "--zxid=0x300000002", g], [gap], after=True)
    add(T, "chop-first", ["-c", "-z", "0x100000001", g], [gap], after=True)
    add(T, "chop-last", ["-c", "-z", "0x300000003", g], [gap], after=True)
    add(T, "chop-before-first", ["-c", "-z", "0x100000000", g], [gap], after=True)
    add(T, "chop-in-gap", ["-c", "-z", "0x100000004", g], [gap], after=True)
    add(T, "chop-after-last", ["-c", "-z", "0x400000000", g], [gap], after=True)
    add(T, "chop-zero", ["-c", "-z", "0", g], [gap], after=True)
    add(T, "chop-negative", ["-c", "-z", "-1", g], [gap], after=True)
    add(T, "chop-not-a-number", ["-c", "-z", "zz", g], [gap], after=True)
    add(T, "chop-first-z-wins", ["-c", "-z", "0x100000002", "-z", "0x200000002", g], [gap], after=True)
    add(T, "chop-overwrites-output", ["-c", "-z", "0x100000002", g],
        [gap, (R("crafted", "txns", "log.100000001"), g + ".chopped4294967298")], after=True)
    add(T, "chop-subdir", ["-c", "-z", "0x100000002", "sub/" + g], [(gap[0], "sub/" + g)], after=True)
    add(T, "chop-missing-file", ["-c", "-z", "5", "nonexistent"], [], after=True)
    add(T, "chop-crc-error", ["-c", "-z", "0x100", ln], [crc2], after=True)
    add(T, "chop-bad-magic", ["-c", "-z", "5", ln], [(R("damaged", "log-bad-magic", _damaged_name("log-bad-magic")), ln)],
        after=True)
    add(T, "chop-bad-eor", ["-c", "-z", "0x100", ln], [(R("damaged", "log-bad-eor", _damaged_name("log-bad-eor")), ln)],
        after=True)
    add(T, "chop-snapshot", ["-c", "-z", "5", "snapshot.0"], [(zkfile("standalone", "snapshot.0"), "snapshot.0")],
        after=True)
    add(T, "chop-crafted-txns", ["-c", "-z", "0x100000010", "log.100000001"], [tx], after=True)
    # chop a real log in the middle
    real = logs_of("standalone")[2]
    es = list(zkfiles.log_entries(open(os.path.join(zkdir("standalone"), real), "rb").read()))
    mid = es[len(es) // 2]["zxid"]
    add(T, "chop-standalone-middle", ["-c", "-z", hex(mid), real], [(zkfile("standalone", real), real)], after=True)
    add(T, "chop-standalone-last", ["-c", "-z", str(es[-1]["zxid"]), real], [(zkfile("standalone", real), real)],
        after=True)
    ens = logs_of("ensemble-server1")
    span = ens[-2]
    es = list(zkfiles.log_entries(open(os.path.join(zkdir("ensemble-server1"), span), "rb").read()))
    add(T, "chop-ensemble-epochs", ["-c", "-z", hex(es[-2]["zxid"]), span], [(zkfile("ensemble-server1", span), span)],
        after=True)


def _damaged_name(case):
    return os.listdir(os.path.join(FIX, "damaged", case))[0]


# ---------------------------------------------------------------------------------
def formatter_cases():
    T = "formatter"
    for c in SERVER_CASES:
        for n in snaps_of(c):
            for mode, flag in [("text", []), ("d", ["-d"]), ("json", ["-json"])]:
                add(T, "%s-%s-%s" % (mode, c, n), flag + [n], [(zkfile(c, n), n)])
    for sub, n in CRAFTED_SNAPS:
        for mode, flag in [("text", []), ("d", ["-d"]), ("json", ["-json"])]:
            add(T, "%s-crafted-%s" % (mode, sub), flag + [n], [(R("crafted", sub, n), n)])
    for case, n in damaged():
        if case.startswith("snap-"):
            add(T, "damaged-%s" % case, [n], [(R("damaged", case, n), n)])
    odd = (R("crafted", "oddnames", "snapshot.100000050"), "snapshot.100000050")
    s0 = (zkfile("standalone", "snapshot.0"), "snapshot.0")
    for tz in ["Europe/Berlin", "America/New_York", "Asia/Kolkata"]:
        add(T, "tz-%s" % tz.replace("/", "-"), ["snapshot.100000050"], [odd], env={"TZ": tz})
    add(T, "usage-no-args", [], [])
    add(T, "usage-only-d", ["-d"], [])
    add(T, "usage-option-after-file", ["snapshot.0", "-d"], [s0])
    add(T, "usage-two-files", ["snapshot.0", "snapshot.0"], [s0])
    add(T, "d-and-json", ["-d", "-json", "snapshot.0"], [s0])
    add(T, "json-and-d", ["-json", "-d", "snapshot.0"], [s0])
    add(T, "d-repeated", ["-d", "-d", "snapshot.0"], [s0])
    add(T, "double-dash-json-is-a-file", ["--json", "snapshot.0"], [s0])
    add(T, "dash-x-is-a-file", ["-x"], [])
    add(T, "missing-file", ["nonexistent"], [])
    add(T, "missing-file-dot", ["./nope//x"], [])
    add(T, "directory", ["dir"], [(s0[0], "dir/snapshot.0")])
    add(T, "relative-subdir", ["sub/snapshot.0"], [(s0[0], "sub/snapshot.0")])
    last = snaps_of("standalone")[-1]
    add(T, "name-without-zxid", ["nozxidname.snap"], [(zkfile("standalone", last), "nozxidname.snap")])
    add(T, "name-with-junk-zxid", ["snapshot.xyz"], [(zkfile("standalone", last), "snapshot.xyz")])
    add(T, "name-snapshot-0-of-newer-tree", ["snapshot.0"], [(zkfile("standalone", last), "snapshot.0")])
    gz = snaps_of("standalone-gz")[-1]
    add(T, "gz-uppercase-suffix", [gz[:-3] + ".GZ"], [(zkfile("standalone-gz", gz), gz[:-3] + ".GZ")])
    add(T, "txnlog-as-snapshot", ["log.1"], [(zkfile("standalone", "log.1"), "log.1")])
    add(T, "d-json-names-crafted-tz-berlin", ["-json", "snapshot.100000050"], [odd], env={"TZ": "Europe/Berlin"})
    # Empty compressed snapshots: GZIPInputStream dies with EOFException, SnappyInputStream with
    # SnappyIOException [EMPTY_INPUT].
    for ext in ["gz", "snappy"]:
        add(T, "empty-%s" % ext, ["snapshot.8e." + ext], [(EMPTY_SNAPSHOT, "snapshot.8e." + ext)])


# ---------------------------------------------------------------------------------
def comparer_cases():
    T = "comparer"
    ps = snaps_of("standalone")
    gz = snaps_of("standalone-gz")
    sn = snaps_of("standalone-snappy")
    old, new = ps[2], ps[-1]
    O = (zkfile("standalone", old), old)
    N = (zkfile("standalone", new), new)
    G = (zkfile("standalone-gz", gz[-1]), gz[-1])
    S = (zkfile("standalone-snappy", sn[-1]), sn[-1])
    add(T, "old-new-b2-n1", ["-l", old, "-r", new, "-b", "2", "-n", "1"], [O, N])
    add(T, "old-new-b0-n0", ["-l", old, "-r", new, "-b", "0", "-n", "0"], [O, N])
    add(T, "old-new-negative", ["-l", old, "-r", new, "-b", "-1", "-n", "-1"], [O, N])
    add(T, "old-new-b100-n10", ["-l", old, "-r", new, "-b", "100", "-n", "10"], [O, N])
    add(T, "old-new-debug", ["-l", old, "-r", new, "-b", "2", "-n", "1", "-d"], [O, N])
    add(T, "new-old-debug", ["-d", "-l", new, "-r", old, "-b", "0", "-n", "0"], [O, N])
    add(T, "plain-vs-gz", ["-l", new, "-r", gz[-1], "-b", "1", "-n", "1"], [N, G])
    add(T, "snappy-vs-plain-debug", ["-l", sn[-1], "-r", new, "-b", "0", "-n", "0", "-d"], [S, N])
    add(T, "same-file", ["-l", new, "-r", new, "-b", "0", "-n", "0"], [N])
    for ext in ["gz", "snappy"]:
        add(T, "empty-%s" % ext, ["-l", "snapshot.8e." + ext, "-r", new, "-b", "0", "-n", "0"],
            [(EMPTY_SNAPSHOT, "snapshot.8e." + ext), N])
    add(T, "same-file-debug", ["-l", new, "-r", new, "-b", "-1", "-n", "-1", "-d"], [N])
    add(T, "empty-vs-new", ["-l", "snapshot.0", "-r", new, "-b", "5", "-n", "2"],
        [(zkfile("standalone", "snapshot.0"), "snapshot.0"), N])
    e1 = snaps_of("ensemble-server1")[-1]
    e3s = snaps_of([c for c in SERVER_CASES if c.startswith("ensemble-") and c != "ensemble-server1"][0])
    e3c = [c for c in SERVER_CASES if c.startswith("ensemble-") and c != "ensemble-server1"][0]
    add(T, "ensemble-servers", ["-l", "s1/" + e1, "-r", "s3/" + e3s[-1], "-b", "0", "-n", "0", "-d"],
        [(zkfile("ensemble-server1", e1), "s1/" + e1), (zkfile(e3c, e3s[-1]), "s3/" + e3s[-1])])
    tb = (R("crafted", "treebin", "snapshot.100000064"), "snapshot.100000064")
    od = (R("crafted", "oddnames", "snapshot.100000050"), "snapshot.100000050")
    t39 = (R("crafted", "tail39", "snapshot.100000050"), "t39/snapshot.100000050")
    add(T, "crafted-treebin-vs-oddnames", ["-l", tb[1], "-r", od[1], "-b", "0", "-n", "0", "-d"], [tb, od])
    add(T, "crafted-oddnames-vs-tail39", ["-l", od[1], "-r", t39[1], "-b", "0", "-n", "0"], [od, t39])
    add(T, "long-options", ["--left", old, "--right=" + new, "--bytes", "3", "--nodes=2", "--debug"], [O, N])
    add(T, "long-prefixes", ["--le", old, "--ri", new, "--by", "3", "--no", "2"], [O, N])
    # interactive
    ia = ["-l", old, "-r", new, "-b", "2", "-n", "1", "-i"]
    add(T, "interactive-enter-to-end", ia, [O, N], stdin=b"\n" * 12)
    add(T, "interactive-mixed", ia, [O, N],
        stdin=b"2\n/app\n9\n-1\n/nope\nabc\n/\n+1\n 2\n/app/\n\n\n\n\n\n\n\n\n")
    add(T, "interactive-eof-immediately", ia, [O, N], stdin=b"")
    add(T, "interactive-eof-early", ia, [O, N], stdin=b"\n3\n/zookeeper")
    add(T, "interactive-debug", ia + ["-d"], [O, N], stdin=b"\n1\n/many\n\n\n\n\n\n\n")
    add(T, "interactive-big-number", ia, [O, N], stdin=b"99999999999\n0\n" + b"\n" * 8)
    # errors
    add(T, "no-args", [], [])
    add(T, "only-left", ["-l", old], [O])
    add(T, "missing-b-n", ["-l", old, "-r", new], [O, N])
    add(T, "help-is-unknown", ["-h"], [])
    add(T, "unknown-option", ["-l", old, "-r", new, "-b", "1", "-n", "1", "-x"], [O, N])
    add(T, "missing-argument", ["-l", old, "-r", new, "-b", "1", "-n"], [O, N])
    add(T, "bad-bytes", ["-l", old, "-r", new, "-b", "x", "-n", "1"], [O, N])
    add(T, "bad-nodes-overflow", ["-l", old, "-r", new, "-b", "1", "-n", "99999999999"], [O, N])
    add(T, "missing-left-file", ["-l", "nonexistent", "-r", new, "-b", "1", "-n", "1"], [N])
    add(T, "missing-right-file", ["-l", old, "-r", "nonexistent", "-b", "1", "-n", "1"], [O])
    add(T, "damaged-right", ["-l", old, "-r", "bad/snapshot.8c", "-b", "1", "-n", "1"],
        [O, (R("damaged", "snap-trunc-mid-tree", _damaged_name("snap-trunc-mid-tree")), "bad/snapshot.8c")])


# ---------------------------------------------------------------------------------
def purge_cases():
    T = "purge"

    def dirfiles(case, dest_dir, start=DEFAULT_MTIME, step=5400, only=None):
        out = []
        names = sorted(os.listdir(zkdir(case)))
        # mtimes increase with the zxid order of the files (logs and snapshots interleaved)
        def key(n):
            p = n.split(".")
            try:
                return (int(p[1], 16), n)
            except (IndexError, ValueError):
                return (-1, n)
        for i, n in enumerate(sorted(names, key=key)):
            if only and not n.startswith(only):
                continue
            out.append((zkfile(case, n), "%s/version-2/%s" % (dest_dir, n), start + i * step))
        return out

    sa = dirfiles("standalone", "D")
    add(T, "standalone-n3", ["D", "-n", "3"], sa, after=True)
    add(T, "standalone-n4", ["D", "-n", "4"], sa, after=True)
    add(T, "standalone-n6", ["D", "-n", "6"], sa, after=True)
    add(T, "standalone-n50", ["D", "-n", "50"], sa, after=True)
    add(T, "standalone-n3-plus-sign", ["D", "-n", "+3"], sa, after=True)
    add(T, "standalone-n3-dot-slash", ["./D/", "-n", "3"], sa, after=True)
    add(T, "standalone-n3-tz-new-york", ["D", "-n", "3"], sa, env={"TZ": "America/New_York"}, after=True)
    add(T, "standalone-same-dir-twice", ["D", "D", "-n", "3"], sa, after=True)
    add(T, "standalone-dir-and-dot-dir", ["D", "./D", "-n", "3"], sa, after=True)
    sep = dirfiles("standalone", "L", only="log.") + dirfiles("standalone", "S", only="snapshot.")
    add(T, "separate-dirs-n3", ["L", "S", "-n", "3"], sep, after=True)
    add(T, "separate-dirs-swapped", ["S", "L", "-n", "3"], sep, after=True)
    add(T, "gz-n3", ["D", "-n", "3"], dirfiles("standalone-gz", "D"), after=True)
    add(T, "snappy-n4", ["D", "-n", "4"], dirfiles("standalone-snappy", "D"), after=True)
    add(T, "nodigest-n3", ["D", "-n", "3"], dirfiles("standalone-nodigest", "D"), after=True)
    e1 = dirfiles("ensemble-server1", "E") + [(R("zk-3.8.0", "ensemble-server1", "myid"), "E/myid", DEFAULT_MTIME)]
    add(T, "ensemble-n3", ["E", "-n", "3"], e1, after=True)
    # stray and odd files
    ps = snaps_of("standalone")
    pl = logs_of("standalone")
    M = DEFAULT_MTIME
    stray = [
        (zkfile("standalone", ps[-1]), "D/version-2/snapshot.20", M + 100000),
        (zkfile("standalone", ps[-2]), "D/version-2/snapshot.10", M + 90000),
        (R("damaged", "snap-trunc-mid-tree", _damaged_name("snap-trunc-mid-tree")), "D/version-2/snapshot.5", M + 80000),
        (R("damaged", "snap-trunc-mid-tree", _damaged_name("snap-trunc-mid-tree")), "D/version-2/snapshot.30", M + 110000),
        (zkfile("standalone", ps[-3]), "D/version-2/snapshot.xyz", M + 70000),
        (zkfile("standalone", ps[-3]), "D/version-2/snapshot.3.tmp", M + 65000),
        (zkfile("standalone", pl[0]), "D/version-2/log.1", M + 10000),
        (zkfile("standalone", pl[0]), "D/version-2/log.3.bak", M + 20000),
        (zkfile("standalone", pl[1]), "D/version-2/log.12", M + 30000),
        (zkfile("standalone", pl[1]), "D/version-2/log.2.fixed", M + 25000),
        (zkfile("standalone", pl[1]), "D/version-2/log.xyz", M + 40000),
        (zkfile("standalone", pl[1]), "D/version-2/log.-1", M + 50000),
        (zkfile("standalone", pl[1]), "D/version-2/log.+4", M + 55000),
        (zkfile("standalone", pl[2]), "D/version-2/log.1f.chopped31", M + 56000),
        (R("zk-3.8.0", "ensemble-server1", "version-2", "acceptedEpoch"), "D/version-2/acceptedEpoch", M),
        (R("zk-3.8.0", "ensemble-server1", "version-2", "currentEpoch"), "D/version-2/currentEpoch", M),
        (R("zk-3.8.0", "ensemble-server1", "myid"), "D/myid", M),
        (R("damaged", "MANIFEST.tsv"), "D/version-2/other.txt", M),
    ]
    add(T, "stray-files-n3", ["D", "-n", "3"], stray, after=True)
    add(T, "stray-files-n4", ["D", "-n", "4"], stray, after=True)
    # few snapshots: only the invalid ones -> nothing deleted
    bad_only = [s for s in stray if s[1].endswith(("snapshot.5", "snapshot.30"))] + \
               [s for s in stray if "/log." in s[1]]
    add(T, "only-invalid-snapshots", ["D", "-n", "3"], bad_only, after=True)
    gzv = snaps_of("standalone-gz")
    mixed = [(zkfile("standalone", ps[1]), "D/version-2/" + ps[1], M + 1000),
             (zkfile("standalone-gz", gzv[2]), "D/version-2/" + gzv[2], M + 2000),
             (zkfile("standalone-snappy", snaps_of("standalone-snappy")[3]),
              "D/version-2/" + snaps_of("standalone-snappy")[3], M + 3000),
             (zkfile("standalone", ps[-1]), "D/version-2/" + ps[-1], M + 4000),
             (zkfile("standalone", ps[-1]), "D/version-2/" + ps[-1] + ".gz", M + 5000),
             (zkfile("standalone-gz", gzv[-1]), "D/version-2/" + gzv[-1][:-3] + ".bak", M + 6000)] + \
        [(zkfile("standalone", n), "D/version-2/" + n, M + 7000 + i) for i, n in enumerate(pl)]
    add(T, "mixed-codecs-n3", ["D", "-n", "3"], mixed, after=True)
    # no version-2 yet (it is created), empty
    add(T, "no-version-2", ["D", "-n", "3"], [(R("damaged", "MANIFEST.tsv"), "D/notes.txt", M)], after=True)
    add(T, "data-dir-is-a-file", ["F", "-n", "3"], [(R("damaged", "MANIFEST.tsv"), "F", M)], after=True)
    # argument errors
    add(T, "no-args", [], [])
    add(T, "one-arg", ["D"], sa[:1])
    add(T, "two-args", ["D", "-n"], sa[:1])
    add(T, "five-args", ["D", "S", "-n", "3", "x"], sa[:1])
    add(T, "count-2", ["D", "-n", "2"], sa, after=True)
    add(T, "count-not-integer", ["D", "-n", "x"], sa, after=True)
    add(T, "count-hex", ["D", "-n", "0x3"], sa, after=True)
    add(T, "count-space", ["D", "-n", " 3"], sa, after=True)
    add(T, "flag-wrong", ["D", "-x", "3"], sa, after=True)
    add(T, "flag-wrong-bad-count", ["D", "-x", "abc"], sa, after=True)
    add(T, "missing-dir", ["nonexistent", "-n", "3"], [])
    add(T, "missing-snap-dir", ["D", "nonexistent", "-n", "3"], sa, after=True)
    add(T, "empty-dir-arg", ["", "-n", "3"], [])
    add(T, "four-args-wrong-order", ["D", "-n", "3", "S"], sa, after=True)


# ---------------------------------------------------------------------------------
def sha256(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            h.update(b)
    return h.hexdigest()


def run_case(c):
    work = os.path.realpath(tempfile.mkdtemp(prefix="zkgold-"))
    try:
        for src, dest, mt in c.setup:
            d = os.path.join(work, dest)
            os.makedirs(os.path.dirname(d), exist_ok=True)
            shutil.copyfile(os.path.join(REPO, src), d)
            os.utime(d, (mt, mt))
        env = {"PATH": os.environ["PATH"], "TZ": "UTC", "LANG": "C.UTF-8"}
        env.update(c.env)
        stdin = subprocess.DEVNULL if c.stdin is None else None
        p = subprocess.run(["java", "-XX:-UsePerfData", "-cp", CP, CLASSES[c.tool]] + c.args, cwd=work, env=env,
                           input=c.stdin, stdin=stdin, capture_output=True, timeout=300)
        after = None
        if c.after:
            rows = []
            for root, dirs, files in os.walk(work):
                for f in files:
                    fp = os.path.join(root, f)
                    if os.path.isfile(fp) and not os.path.islink(fp):
                        rel = os.path.relpath(fp, work)
                        rows.append((rel.encode(), "%s  %d  %s\n" % (sha256(fp), os.path.getsize(fp), rel)))
            after = "".join(r for _, r in sorted(rows))
        out = p.stdout.replace(work.encode(), WORKDIR_TOKEN)
        err = p.stderr.replace(work.encode(), WORKDIR_TOKEN)
        return c, out, err, p.returncode, after
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_case(c, out, err, rc, after):
    d = os.path.join(OUT, c.tool, c.name)
    os.makedirs(d, exist_ok=True)

    def w(name, data):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())

    w("cmd", "".join(x + "\n" for x in [c.tool] + c.args))
    if c.env:
        w("env", "".join("%s=%s\n" % kv for kv in sorted(c.env.items())))
    w("setup", "".join("%s\t%s\t%d\n" % s for s in c.setup))
    if c.stdin is not None:
        w("stdin", c.stdin)
    w("stdout", out)
    w("stderr", err)
    w("exit", "%d\n" % rc)
    if after is not None:
        w("after", after)


def main():
    args = sys.argv[1:]
    jobs = 2
    if args[:1] == ["-j"]:
        jobs = int(args[1])
        args = args[2:]
    flt = re.compile(args[0]) if args else None
    txnlog_cases()
    formatter_cases()
    comparer_cases()
    purge_cases()
    todo = [c for c in CASES.values() if not flt or flt.search("%s/%s" % (c.tool, c.name))]
    if not flt:
        shutil.rmtree(OUT, ignore_errors=True)
    n = 0
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        for res in ex.map(run_case, todo):
            write_case(*res)
            n += 1
    if not flt:
        with open(os.path.join(OUT, "INDEX.tsv"), "w") as f:
            f.write("tool\tcase\texit\targuments\tenv\tstdin\tafter\n")
            for c in sorted(CASES.values(), key=lambda c: (c.tool, c.name)):
                rc = open(os.path.join(OUT, c.tool, c.name, "exit")).read().strip()
                f.write("%s\t%s\t%s\t%s\t%s\t%s\t%s\n" % (
                    c.tool, c.name, rc, " ".join(repr(a) if (not a or " " in a) else a for a in c.args),
                    " ".join("%s=%s" % kv for kv in sorted(c.env.items())),
                    "" if c.stdin is None else repr(c.stdin)[2:-1], "yes" if c.after else ""))
    print("captured %d golden cases" % n, file=sys.stderr)


if __name__ == "__main__":
    main()
