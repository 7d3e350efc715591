#!/usr/bin/env python3
"""Odd snapshots for zk-snapshot-formatter, with the real Java tool's output as goldens.

The snapshots are written byte by byte (valid seals), so they can hold what a server never
writes but Java's SnapshotFormatter still loads: repeated paths, parents that are not on the
pre-order chain, a root other than "", no nodes at all, malformed UTF-8 names, extreme times,
odd quota layouts. Each case directory gets the same layout as Fixtures/goldens/formatter:
cmd, setup, optional env, stdout, stderr, exit (and `merged` = stdout and stderr in one
stream, for cases that write both).

Run from anywhere (needs Debian's zookeeper 3.8.0 jars and OpenJDK 17):
    Tests/SnapshotFormatterTests/.vectors/generate.py
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
J = "/usr/share/java"
CP = ":".join(J + "/" + n for n in [
    "zookeeper.jar", "zookeeper-jute.jar", "commons-cli.jar", "slf4j-api.jar", "slf4j-nop.jar",
    "snappy-java.jar", "jackson-databind.jar", "jackson-core.jar", "jackson-annotations.jar",
    "metrics-core.jar", "commons-io.jar"])
MIN = -(1 << 63)
MAX = (1 << 63) - 1


def jstr(b):
    if b is None:
        return struct.pack(">i", -1)
    if isinstance(b, str):
        b = b.encode("utf-8")
    return struct.pack(">i", len(b)) + b


def stat(czxid=0, mzxid=0, ctime=0, mtime=0, version=0, cversion=0, aversion=0, owner=0, pzxid=0):
    return struct.pack(">qqqqiiiqq", czxid, mzxid, ctime, mtime, version, cversion, aversion, owner, pzxid)


def node(path, data=b"", acl=-1, **st):
    return (path, data, acl, stat(**st))


BASE = [node(""), node("/zookeeper"), node("/zookeeper/quota")]


def snapshot(nodes, sessions=(), acls=((1, ((31, "world", "anyone"),)),), session_count=None,
             acl_count=None, digest=True):
    b = b"ZKSN" + struct.pack(">iq", 2, -1)
    b += struct.pack(">i", len(sessions) if session_count is None else session_count)
    for sid, to in sessions if session_count is None else ():
        b += struct.pack(">qi", sid, to)
    b += struct.pack(">i", len(acls) if acl_count is None else acl_count)
    for ref, lst in acls if acl_count is None else ():
        b += struct.pack(">qi", ref, len(lst))
        for perms, scheme, ident in lst:
            b += struct.pack(">i", perms) + jstr(scheme) + jstr(ident)
    for path, data, acl, st in nodes:
        b += jstr(path) + jstr(data) + struct.pack(">q", acl) + st
    b += jstr(b"/")
    b += struct.pack(">q", zlib.adler32(b)) + jstr(b"/")
    if digest:
        b += struct.pack(">qiq", 0, 2, 0)
        b += struct.pack(">q", zlib.adler32(b)) + jstr(b"/")
    return b


cases = []


def case(name, data, file="snapshot.10", modes=("text", "d", "json"), env=None, args=None, merged=False):
    cases.append((name, data, file, modes, env or {}, args, merged))


# --- trees Java builds by path ---------------------------------------------------------
case("empty-tree", snapshot([]), merged=True)
case("dup-paths", snapshot(BASE + [
    node("/a", b"one", cversion=1, mzxid=5), node("/a/b", b"b1"), node("/a/b/x", b"x"),
    node("/a", b"two-longer", cversion=2, mzxid=6), node("/a/c", b"c"), node("/a/b", b"b2", pzxid=9),
    node("/z", None)]))
case("dup-parent-replaced", snapshot([
    node(""), node("/a", b"a1"), node("/a/b", b"b1", mzxid=0x77), node("/a", b"a2"), node("/x"),
    node("/a/b/c", b"c", mzxid=0x99), node("/a/d", b"d")]))
case("out-of-order", snapshot([
    node(""), node("/a"), node("/b"), node("/a/c", b"ac"), node("/b/d"), node("/a/c/e", b"ace"),
    node("/zookeeper"), node("/b/d/f")]))
case("odd-root", snapshot([
    node("", b"real root"), node("/d", b"d of real root"), node("/e"), node("abc", b"abc", cversion=3),
    node("abc/d", b"abc/d"), node("abc/f")]), merged=True)
case("odd-root-last-is-empty", snapshot([node("abc", b"x"), node(""), node("/d", b"dd"), node("abc/q")]))
case("dup-root", snapshot([
    node("", b"first", cversion=1), node("/a"), node("", b"second", cversion=2), node("/b", b"bb")]))
case("invalid-utf8", snapshot([
    node(""), node(b"/\xff", b"ff"), node(b"/\xfe", b"fe"), node(b"/\xfe/x", b"x"), node(b"/ok\xc3("),
    node(b"/\xed\xa0\xbd\xed\xb8\x80", b"cesu"), node(b"/\xf0\x9f\x98\x80", b"emoji"), node(b"/\xc0\x80"),
    node(b"/e\xcc\x81"), node(b"/\xc3\xa9"), node(b"/q\"\\\x01\x7f\x1f/"[:-1])]))
case("invalid-utf8-ascii", snapshot([
    node(""), node(b"/\xff", b"ff"), node(b"/caf\xc3\xa9"), node(b"/\xf0\x9f\x98\x80"),
    node(b"/\xe4\xb8\xad\xe6\x96\x87")]), env={"LANG": "C"})
case("ephemerals", snapshot([
    node(""), node("/e1", owner=5), node("/e1", owner=5), node("/e2", owner=5), node("/e2", owner=6),
    node("/c", owner=MIN), node("/t", owner=-0x100000000000000 + 60000), node("/u", owner=7),
    node("/u/v", owner=7), node("root-like", owner=7)],
    sessions=[(5, 100), (6, -1), (MIN, 7), (-0x100000000000000 + 60000, 8), (5, 200), (7, 0), (0, 1)]))
case("negative-counts", snapshot(BASE, sessions=[(1, 2)], session_count=-3, acl_count=-1))
case("quota-root-limits", snapshot(BASE + [
    node("/zookeeper/quota/zookeeper_limits", b"count=1,bytes=1"),
    node("/zookeeper/quota/zookeeper_stats", b"count=0,bytes=0")]))
case("quota-edge", snapshot(BASE + [
    node("/zookeeper/quota/a", None),
    node("/zookeeper/quota/a/zookeeper_limits", b"count=-1,bytes=10"),
    node("/zookeeper/quota/a/zookeeper_stats", b"stale"),
    node("/zookeeper/quota/x"),
    node("/zookeeper/quota/x/zookeeper_limits"),
    node("/zookeeper/quota/x/zookeeper_limits/y"),
    node("/zookeeper/quota/x/zookeeper_limits/y/zookeeper_limits"),
    node("/zookeeper/quota/x/zookeeper_stats", b"old"),
    node("/zookeeper/quota/", b"empty name"),
    node("/zookeeper/quota//zookeeper_limits"),
    node("/zookeeper/quota//zookeeper_stats", b"s"),
    node("/zookeeper/quota/nostats"),
    node("/zookeeper/quota/nostats/zookeeper_limits"),
    node("/a", b"12345"), node("/a/b", b"678"), node("/a/b/c", None), node("/x", b"xx"),
    node("/x/zookeeper_limits", b"q")]))

# --- dates ---------------------------------------------------------------------------------
times = [MIN, MIN + 1, -62198755200001, -62198755200000, -62135596800001, -62135596800000,
         -12219292800001, -12219292800000, -12219292800000 - 86400000 * 10, -2208988800001,
         -2208988800000, -1, 0, 1, 999, 1000, 86399999, 951782400000, 4107542399000, 253402300800000,
         MAX - 1, MAX, 1679792400000, 1679792399999, 1698541200000, 1698541199999, 1711846800000]
dnodes = [node("")]
for i, t in enumerate(times):
    dnodes.append(node("/t%02d" % i, ctime=t, mtime=-t if t != MIN else MAX, czxid=-i, mzxid=i * 0x1111,
                       pzxid=-(i << 40), version=-i, cversion=MIN >> 40 if i == 1 else i, aversion=-1))
dates = snapshot(dnodes)
for tz in ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
           "America/Sao_Paulo", "Pacific/Apia", "Europe/Dublin", "JUNK", "GMT+05:30", "Etc/GMT-14",
           "America/St_Johns", "Asia/Kathmandu"]:
    case("dates-tz-" + tz.replace("/", "-").replace("+", "plus"), dates, modes=("text",), env={"TZ": tz})

# --- sizes and order --------------------------------------------------------------------------
wide = [node(""), node("/w")] + [node("/w/k%d" % i, b"%d" % i) for i in range(3000)]
case("wide", snapshot(wide))

# --- file names and arguments ------------------------------------------------------------
small = snapshot(BASE + [node("/a", mzxid=0x20, pzxid=0x10)])
for name in ["snapshot.-1", "snapshot.+ff", "snapshot.\u0663\u0664", "snapshot.7fffffffffffffff",
             "snapshot.8000000000000000", "snapshot.-8000000000000000", "SNAPSHOT.5", ".snapshot.5",
             "snapshot..5", "snapshot.", "snapshot.5.", "snapshot.0x5", "snapshot.\uff21", "snapshot.5.tmp"]:
    case("name-" + name.encode("unicode_escape").decode().replace("\\", "u").replace("/", "_"), small,
         file=name, modes=("text",))
case("args-empty-string", small, modes=("raw",), args=[""])
case("args-d-d-json", small, modes=("raw",), args=["-d", "-d", "-json", "snapshot.10"])
case("args-json-json", small, modes=("raw",), args=["-json", "-json", "snapshot.10"])
case("args-trailing-slash", small, modes=("raw",), args=["snapshot.10/"])
case("args-dot-slash", small, modes=("raw",), args=[".//snapshot.10"])
case("args-absolute-missing", small, modes=("raw",), args=["/nonexistent//dir/"])

# --- malformed ---------------------------------------------------------------------------------
nullpath = bytearray(snapshot(BASE + [node("/a")]))
i = nullpath.index(b"\x00\x00\x00\x02/a")
nullpath[i:i + 4] = struct.pack(">i", -1)
case("null-path", bytes(nullpath).replace(b"\xff\xff\xff\xff/a", b"\xff\xff\xff\xff", 1))
case("data-length-minus-2", snapshot(BASE).replace(b"/zookeeper\x00\x00\x00\x00", b"/zookeeper\xff\xff\xff\xfe", 1))
case("acl-vector-huge", snapshot(BASE, acls=((1, ()),)).replace(b"\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00",
                                                                b"\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\x7f\xff\xff\xff", 1))


def run(argv, cwd, env):
    full = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TZ": "UTC", "LANG": "C.UTF-8"}
    full.update(env)
    p = subprocess.run(["java", "-cp", CP, "org.apache.zookeeper.server.SnapshotFormatter"] + argv,
                       cwd=cwd, env=full, capture_output=True)
    m = subprocess.run(["java", "-cp", CP, "org.apache.zookeeper.server.SnapshotFormatter"] + argv,
                       cwd=cwd, env=full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.stdout, p.stderr, p.returncode, m.stdout


def main():
    for entry in os.listdir(HERE):
        d = os.path.join(HERE, entry)
        if os.path.isdir(d):
            shutil.rmtree(d)
    for name, data, file, modes, env, args, merged in cases:
        for mode in modes:
            cname = name if mode in ("text", "raw") else name + "-" + mode
            d = os.path.join(HERE, cname)
            os.makedirs(d)
            data_name = "input.snapshot"
            with open(os.path.join(d, data_name), "wb") as f:
                f.write(data)
            if args is not None:
                argv = list(args)
            else:
                argv = {"text": [], "d": ["-d"], "json": ["-json"]}[mode] + [file]
            rel = os.path.relpath(os.path.join(d, data_name), REPO)
            with open(os.path.join(d, "cmd"), "w") as f:
                f.write("formatter\n" + "".join(a + "\n" for a in argv))
            with open(os.path.join(d, "setup"), "w") as f:
                f.write("%s\t%s\t1700000000\n" % (rel, file))
            if env:
                with open(os.path.join(d, "env"), "w") as f:
                    f.write("".join("%s=%s\n" % kv for kv in sorted(env.items())))
            work = tempfile.mkdtemp(prefix="fmt-vec-")
            work = os.path.realpath(work)
            try:
                dest = os.path.join(work, file)
                with open(dest, "wb") as f:
                    f.write(data)
                os.utime(dest, (1700000000, 1700000000))
                out, err, code, both = run(argv, work, env)
            finally:
                shutil.rmtree(work)
            tok = work.encode()
            for fname, content in [("stdout", out), ("stderr", err), ("merged", both)]:
                if fname == "merged" and not merged:
                    continue
                with open(os.path.join(d, fname), "wb") as f:
                    f.write(content.replace(tok, b"@WORKDIR@"))
            with open(os.path.join(d, "exit"), "w") as f:
                f.write("%d\n" % code)
            print("%-50s exit %d  stdout %8d  stderr %d" % (cname, code, len(out), len(err)), file=sys.stderr)


main()
