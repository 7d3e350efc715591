#!/usr/bin/env python3
"""Crafted snapshots and sessions for the comparer's corners, captured from the REAL Java tool.

The fixture goldens (Fixtures/goldens/comparer) cover real server snapshots. These cases cover
what no server writes but a file can hold, and argument and input corners:

  files/    snapshots written byte by byte here (jute layout, spec-formats.md section 5.2),
            plus copies of a few Fixtures/damaged files (so regenerating the fixtures does not
            invalidate these goldens)
  cases/<name>/{cmd,env,setup,stdin,stdout,stderr,exit}   same layout as Fixtures/goldens

Run from anywhere:  Tests/SnapshotComparerTests/Vectors/capture.py
It needs OpenJDK 17 and Debian's libzookeeper-java 3.8.0 (+ libslf4j-java for slf4j-nop).
"""
import os
import shutil
import struct
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
FILES = os.path.join(HERE, "files")
CASES = os.path.join(HERE, "cases")
REL_FILES = os.path.relpath(FILES, REPO)
CP = "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar"
CLASS = "org.apache.zookeeper.server.SnapshotComparer"
MTIME = 1700000000


# --- snapshot bytes ------------------------------------------------------------------------
def jstr(b):
    return struct.pack(">i", -1) if b is None else struct.pack(">i", len(b)) + b


def snapshot(nodes, sessions=(), tail=True):
    out = struct.pack(">iiq", 0x5A4B534E, 2, -1)
    out += struct.pack(">i", len(sessions))
    for sid, timeout in sessions:
        out += struct.pack(">qi", sid, timeout)
    out += struct.pack(">i", 1) + struct.pack(">q", 1) + struct.pack(">i", 1)
    out += struct.pack(">i", 31) + jstr(b"world") + jstr(b"anyone")
    for path, data in nodes:
        out += jstr(path) + jstr(data) + struct.pack(">q", 1) + b"\0" * 60
    out += jstr(b"/")
    if tail:
        out += struct.pack(">q", 0) + jstr(b"/")
    return out


BASE = [(b"", None), (b"/zookeeper", b""), (b"/zookeeper/quota", b""), (b"/zookeeper/config", b"")]


def write_files():
    shutil.rmtree(FILES, ignore_errors=True)
    os.makedirs(FILES)

    def put(name, data):
        with open(os.path.join(FILES, name), "wb") as f:
            f.write(data)

    put("base.snap", snapshot(BASE + [(b"/a", b"12"), (b"/a/x", b"123"), (b"/b", b"1")]))
    # A repeated path replaces the node: same name in the parent's set, new data, no children.
    put("dup.snap", snapshot(BASE + [(b"/a", b"12"), (b"/a/x", b"123"), (b"/a/x/y", b"1"), (b"/a", b"1"),
                                     (b"/a/y", b"12345"), (b"/a/x", b"9"), (b"/b", b"1"), (b"/b", b"22")]))
    # Invalid UTF-8 decodes to U+FFFD: /\xff and /\xfe are the same Java path.
    put("badutf.snap", snapshot(BASE + [(b"/\xff", b"12"), (b"/\xfe", b"1234"), (b"/\xfe/k", b"1"),
                                        (b"/\xc3\xa9", b"1"), (b"/e\xcc\x81", b"12"), (b"/\xed\xa0\xbd\xed\xb8\x80", b"")]))
    # Paths without '/' become DataTree.root ("/" alias) but are not reachable from "".
    put("alias.snap", snapshot(BASE + [(b"abc", b"12"), (b"abc/d", b"123"), (b"/q", b"1")]))
    put("rootdup.snap", snapshot(BASE + [(b"/a", b"1"), (b"", b"1234"), (b"/b", b"12")]))
    put("trailing-slash.snap", snapshot(BASE + [(b"/a", b"1"), (b"/a/", b"12"), (b"/a//", b"123")]))
    put("slash-parent.snap", snapshot(BASE + [(b"/a/", b"1")]))
    put("empty.snap", snapshot([]))
    put("noroot.snap", snapshot([(b"abc", b"x")]))
    put("nullpath.snap", snapshot(BASE + [(None, b"1")]))
    # UTF-16 order: U+E000..U+FFFF sort after supplementary characters; NUL and prefixes.
    put("order.snap", snapshot(BASE + [(b"/\xee\x80\x80", b"1"), (b"/\xf0\x9f\x98\x80", b"22"),
                                       (b"/\xef\xbf\xbf", b"1"), (b"/z\x00", b""), (b"/z", b""),
                                       (b"/z\x00/\xf4\x8f\xbf\xbf", b"4444"), (b"/z/\xef\xbc\x91", b"1"),
                                       (b"/Z", b"1"), (b"/z0", b""), (b"/z/", b"")]))
    put("order2.snap", snapshot(BASE + [(b"/\xee\x80\x80", b"11"), (b"/\xf0\x9f\x98\x81", b"22"),
                                        (b"/z", b"1"), (b"/z/\xef\xbc\x91", b"1"), (b"/z/\xf0\x90\x80\x80", b"")]))
    # Quota recomputation: nested quotas (order of updates), limits without stats, limits below limits.
    put("quota-nested.snap", snapshot(BASE + [
        (b"/a", b"12345"), (b"/a/b", b"1"), (b"/a/b/c", b"1"),
        (b"/zookeeper/quota/a", b""), (b"/zookeeper/quota/a/zookeeper_limits", b"count=5,bytes=5"),
        (b"/zookeeper/quota/a/zookeeper_stats", b"x"),
        (b"/zookeeper/quota/a/b", b""), (b"/zookeeper/quota/a/b/zookeeper_limits", b""),
        (b"/zookeeper/quota/a/b/zookeeper_stats", b"count=1"),
        (b"/zookeeper/quota/zz", b""), (b"/zookeeper/quota/zz/zookeeper_limits", b""),
        (b"/zookeeper/quota/zookeeper", b""), (b"/zookeeper/quota/zookeeper/zookeeper_limits", b""),
        (b"/zookeeper/quota/zookeeper/zookeeper_stats", b""),
        (b"/zookeeper/quota/zookeeper/quota", b""), (b"/zookeeper/quota/zookeeper/quota/zookeeper_limits", b""),
        (b"/zookeeper/quota/zookeeper/quota/zookeeper_stats", b"1234567890123456789012345"),
        (b"/zookeeper/quota/x", b""), (b"/zookeeper/quota/x/zookeeper_limits", b""),
        (b"/zookeeper/quota/x/zookeeper_limits/y", b""),
        (b"/zookeeper/quota/x/zookeeper_limits/y/zookeeper_limits", b""),
        (b"/zookeeper/quota/x/zookeeper_stats", b"")]))
    # A quota on "/" (limits right under /zookeeper/quota): PathTrie.addPath("") throws.
    put("quota-root.snap", snapshot(BASE + [(b"/zookeeper/quota/zookeeper_limits", b""),
                                            (b"/zookeeper/quota/zookeeper_stats", b"")]))
    # realPath "/" (a child named "" under the quota node): getCounts("/") uses the root alias.
    put("quota-slash.snap", snapshot(BASE + [(b"/a", b"1"), (b"/zookeeper/quota/", b""),
                                             (b"/zookeeper/quota//zookeeper_limits", b""),
                                             (b"/zookeeper/quota//zookeeper_stats", b"")]))
    # Out of pre-order (parents found by path, not by position), wide and deep.
    wide = BASE + [(b"/w", b"")] + [(b"/w/n%04d" % i, b"x" * (i % 7)) for i in range(600)]
    put("wide.snap", snapshot(wide))
    # Siblings in reverse order, a subtree written after its siblings' subtrees.
    wide2 = BASE + [(b"/w", b"")] + [(b"/w/n%04d" % i, b"x" * (i % 5)) for i in reversed(range(0, 700, 3))]
    wide2 += [(b"/v", b""), (b"/w/n0003/c", b"1"), (b"/v/c", b"22")]
    put("wide2.snap", snapshot(wide2))
    deep = list(BASE)
    p = b""
    for _ in range(150):
        p += b"/d"
        deep.append((p, b"1"))
    put("deep.snap", snapshot(deep))
    put("missing-parent-utf8.snap", snapshot(BASE + [(b"/\xc3\xa9t\xc3\xa9/x\xff", b"1")]))
    put("tail-none.snap", snapshot(BASE + [(b"/a", b"1")], tail=False))
    for case, name in [("snap-gz-bad-trailer", "trailer.snap.gz"), ("snap-gz-bad-stream", "stream.snap.gz"),
                       ("snap-snappy-bad-block", "block.snap.snappy"), ("snap-gz-truncated", "cut.snap.gz"),
                       ("snap-snappy-truncated", "cut.snap.snappy"), ("snap-unreasonable-length", "length.snap"),
                       ("snap-acl-null-vector", "acl.snap"), ("snap-bad-magic", "magic.snap")]:
        d = os.path.join(REPO, "Fixtures", "damaged", case)
        src = [f for f in sorted(os.listdir(d)) if f.startswith("snapshot")][0]
        shutil.copyfile(os.path.join(d, src), os.path.join(FILES, name))
    ok = os.path.join(REPO, "Fixtures", "zk-3.8.0", "standalone", "version-2")
    newest = sorted((f for f in os.listdir(ok) if f.startswith("snapshot.")), key=lambda n: int(n.split(".")[1], 16))
    shutil.copyfile(os.path.join(ok, newest[-1]), os.path.join(FILES, "real.snap"))
    shutil.copyfile(os.path.join(REPO, "Fixtures", "crafted", "oddnames", "snapshot.100000050"),
                    os.path.join(FILES, "oddnames.snap"))


# --- cases -----------------------------------------------------------------------------------
CASE_LIST = []


def case(name, args, files, stdin=None, env=None):
    CASE_LIST.append((name, args, files, stdin, env or {}))


def pair(name, left, right, *extra, stdin=None, env=None):
    case(name, ["-l", left, "-r", right] + list(extra), [left, right], stdin, env)


def define_cases():
    pair("dup-paths-debug", "dup.snap", "base.snap", "-b", "0", "-n", "0", "-d")
    pair("invalid-utf8-debug", "badutf.snap", "base.snap", "-b", "0", "-n", "0", "-d")
    pair("invalid-utf8-interactive", "badutf.snap", "base.snap", "-b", "0", "-n", "0", "-i",
         stdin=b"/\xfe\n/\xff\n/\xef\xbf\xbd\n/\xc3\xa9\n/e\xcc\x81\n\n\n\n")
    pair("alias-debug", "alias.snap", "base.snap", "-b", "0", "-n", "0", "-d")
    pair("alias-interactive", "alias.snap", "base.snap", "-b", "0", "-n", "0", "-i",
         stdin=b"abc\n/abc\n/q\n\n\n\n")
    pair("root-repeated", "rootdup.snap", "base.snap", "-b", "0", "-n", "0", "-d")
    pair("trailing-slash-names", "trailing-slash.snap", "base.snap", "-b", "-1", "-n", "-1", "-d")
    pair("trailing-slash-interactive", "trailing-slash.snap", "base.snap", "-b", "0", "-n", "0", "-i",
         stdin=b"/a/\n/a//\n/a\n\n\n\n\n\n")
    pair("slash-parent-missing", "slash-parent.snap", "base.snap", "-b", "0", "-n", "0")
    pair("empty-tree", "base.snap", "empty.snap", "-b", "0", "-n", "0")
    pair("no-root-node", "noroot.snap", "base.snap", "-b", "0", "-n", "0")
    pair("null-path", "base.snap", "nullpath.snap", "-b", "0", "-n", "0")
    pair("utf16-order-debug", "order.snap", "order2.snap", "-b", "0", "-n", "0", "-d")
    pair("utf16-order-interactive", "order.snap", "order2.snap", "-b", "0", "-n", "0", "-i",
         stdin=b"/z\n/z\x00\n/\xef\xbf\xbf\n\n\n\n\n")
    pair("quota-nested-debug", "quota-nested.snap", "base.snap", "-b", "0", "-n", "0", "-d")
    pair("quota-root", "base.snap", "quota-root.snap", "-b", "0", "-n", "0")
    pair("quota-slash-debug", "quota-slash.snap", "base.snap", "-b", "0", "-n", "0", "-d")
    pair("wide-out-of-order", "wide.snap", "wide2.snap", "-b", "0", "-n", "0")
    pair("wide-interactive", "wide.snap", "wide2.snap", "-b", "3", "-n", "0", "-i", stdin=b"/w\n1\n")
    pair("deep", "deep.snap", "base.snap", "-b", "0", "-n", "0")
    pair("missing-parent-utf8", "base.snap", "missing-parent-utf8.snap", "-b", "0", "-n", "0")
    pair("no-digest-tail", "tail-none.snap", "base.snap", "-b", "0", "-n", "0")
    pair("gz-bad-trailer", "real.snap", "trailer.snap.gz", "-b", "0", "-n", "0")
    pair("gz-bad-stream", "real.snap", "stream.snap.gz", "-b", "0", "-n", "0")
    pair("gz-truncated", "cut.snap.gz", "real.snap", "-b", "0", "-n", "0")
    pair("snappy-bad-block", "block.snap.snappy", "real.snap", "-b", "0", "-n", "0")
    pair("snappy-truncated", "real.snap", "cut.snap.snappy", "-b", "0", "-n", "0")
    pair("unreasonable-length", "length.snap", "real.snap", "-b", "0", "-n", "0")
    pair("acl-null-vector", "real.snap", "acl.snap", "-b", "0", "-n", "0")
    pair("bad-magic", "magic.snap", "real.snap", "-b", "0", "-n", "0")
    pair("ascii-locale-debug", "oddnames.snap", "real.snap", "-b", "0", "-n", "0", "-d", env={"LANG": "C"})
    pair("ascii-locale-interactive", "oddnames.snap", "real.snap", "-b", "0", "-n", "0", "-i",
         stdin=b"/\xc3\xa9t\xc3\xa9\n/\xe4\xb8\xad\xe6\x96\x87\n\n\n\n\n\n", env={"LANG": "C"})
    pair("threshold-boundary", "dup.snap", "base.snap", "-b", "4", "-n", "1")
    # interactive input corners
    pair("interactive-line-ends", "real.snap", "oddnames.snap", "-b", "2", "-n", "1", "-i",
         stdin=b"1\r\n/zookeeper\r/app\xc2\x85/many\xe2\x80\xa8\r\n\r\n\n\n\n\n\n\n")
    pair("interactive-unicode-digits", "real.snap", "oddnames.snap", "-b", "2", "-n", "1", "-i",
         stdin=b"\xd9\xa3\n\xef\xbc\x92\n+0\n-0\n00001\n1 \n\xf0\x9d\x9f\x8e\n2147483648\n-2147483648\n+\n-\n\n\n\n\n\n\n")
    pair("interactive-last-line-unterminated", "real.snap", "oddnames.snap", "-b", "2", "-n", "1", "-i",
         stdin=b"\n\n\n\n/zookeeper")
    pair("interactive-jump-then-enter", "real.snap", "oddnames.snap", "-b", "0", "-n", "0", "-i",
         stdin=b"4\n\n3\n\n\n\n\n\n\n")
    # command line corners (commons-cli DefaultParser)
    L, R = "base.snap", "dup.snap"
    both = [L, R]
    case("cli-attached-values", ["-l" + L, "-r=" + R, "-b0", "-n=0", "-di"], both, stdin=b"")
    case("cli-single-dash-long", ["-left", L, "-right", R, "-bytes", "1", "-nodes=0", "-debug"], both)
    case("cli-long-prefix-value", ["-leftover", L, "-r", R, "-b", "0", "-n", "0"], both)
    case("cli-quoted-value", ["-l", L, "-r", R, "-b", "\"7\"", "-n", "\"0"], both)
    case("cli-first-value-wins", ["-l", L, "-r", R, "-l", "nope", "-b", "5", "-b", "0", "-n", "0"], both)
    case("cli-double-dash", ["-l", L, "-r", R, "-b", "0", "-n", "0", "--", "-x", "--bogus"], both)
    case("cli-double-dash-too-early", ["-l", L, "--", "-r", R, "-b", "0", "-n", "0"], both)
    case("cli-extra-positional", ["extra", "-l", L, "more", "-r", R, "-b", "0", "-n", "0", "-"], both)
    case("cli-empty-equals", ["-l", L, "-r", R, "-b", "0", "-n", "0", "-=x"], both)
    case("cli-ambiguous", ["-l", L, "-r", R, "-b", "0", "-n", "0", "--=x"], both)
    case("cli-flag-with-value", ["-l", L, "-r", R, "-b", "0", "-n", "0", "--debug=1"], both)
    case("cli-short-flag-with-value", ["-l", L, "-r", R, "-b", "0", "-n", "0", "-d=1"], both)
    case("cli-bundle-unknown", ["-l", L, "-r", R, "-b", "0", "-n", "0", "-dx"], both)
    case("cli-triple-dash", ["-l", L, "-r", R, "-b", "0", "-n", "0", "---left"], both)
    case("cli-missing-arg-before-option", ["-l", "-r", R, "-b", "0", "-n", "0"], both)
    case("cli-missing-one", ["-l", L, "-r", R, "-b", "0"], both)
    case("cli-unicode-digit-threshold", ["-l", L, "-r", R, "-b", "\u0663", "-n", "+1"], both)
    case("cli-bad-nodes-after-bad-bytes", ["-l", L, "-r", R, "-b", "1x", "-n", "y"], both)
    case("cli-empty-threshold", ["-l", L, "-r", R, "-b", "", "-n", "0"], both)
    case("cli-negative-zero", ["-l", L, "-r", R, "-b", "-0", "-n", "-2147483648"], both)
    case("cli-empty-path", ["-l", "", "-r", R, "-b", "0", "-n", "0"], both)
    case("cli-directory", ["-l", ".", "-r", R, "-b", "0", "-n", "0"], both)
    case("cli-path-normalised", ["-l", ".//" + L + "//", "-r", "./" + R, "-b", "0", "-n", "0"], both)
    case("cli-not-a-directory", ["-l", L + "/x", "-r", R, "-b", "0", "-n", "0"], both)


def capture(name, args, files, stdin, env):
    work = os.path.realpath(tempfile.mkdtemp(prefix="zkcmp-"))
    try:
        setup = []
        for f in files:
            shutil.copyfile(os.path.join(FILES, f), os.path.join(work, f))
            os.utime(os.path.join(work, f), (MTIME, MTIME))
            setup.append("%s/%s\t%s\t%d\n" % (REL_FILES, f, f, MTIME))
        run_env = {"PATH": os.environ["PATH"], "TZ": "UTC", "LANG": "C.UTF-8"}
        run_env.update(env)
        p = subprocess.run(["java", "-cp", CP, CLASS] + args, cwd=work, env=run_env, input=stdin,
                           stdin=subprocess.DEVNULL if stdin is None else None, capture_output=True, timeout=300)
        d = os.path.join(CASES, name)
        os.makedirs(d)

        def w(n, data):
            with open(os.path.join(d, n), "wb") as fh:
                fh.write(data if isinstance(data, bytes) else data.encode())
        w("cmd", "".join(a + "\n" for a in ["comparer"] + args))
        w("setup", "".join(sorted(set(setup))))
        if env:
            w("env", "".join("%s=%s\n" % kv for kv in sorted(env.items())))
        if stdin is not None:
            w("stdin", stdin)
        w("stdout", p.stdout)
        w("stderr", p.stderr)
        w("exit", "%d\n" % p.returncode)
        print("%-40s exit %d" % (name, p.returncode))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    write_files()
    define_cases()
    shutil.rmtree(CASES, ignore_errors=True)
    os.makedirs(CASES)
    for c in CASE_LIST:
        capture(*c)
