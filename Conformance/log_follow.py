#!/usr/bin/env python3
"""`zkdata log` against ZooKeeper 3.8.0 itself (issue 14, "Done when").

* differential: for every txn log of the given data dirs (the data a bin/conformance run just
  wrote), every `log` record's (zxid, session, cxid, op, path) equals the line Java's
  TxnLogToolkit prints for that txn (path: the text after the op starts with it), in order;
  `--path`, `--prefix`, `--session`, `--op`, `--zxid`, `--since/--until` (values taken from
  the log, seeded) print exactly the records of the full stream that the same filter, applied
  here, keeps.
* follow: a real ZooKeeperServerMain (small snapCount, so it rolls its log several times), a
  kazoo client writing ~2,000 txns; `zkdata log DIR --follow` running meanwhile must print each
  of them exactly once, in zxid order, within 2 s of its commit (the client's reply).

    Conformance/log_follow.py [--zkdata BIN] [--seed N] [--no-follow] DATADIR...

Exit 1 when any check fails. The server listens on 127.0.0.1 and is stopped by PID.
"""
import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import conformance  # noqa: E402
import procs  # noqa: E402

TOOLKIT = "org.apache.zookeeper.server.persistence.TxnLogToolkit"
ZK_MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain"
JAVA_LINE = re.compile(r"^\S.*? session (0x[0-9a-f]+) cxid (0x[0-9a-f]+) zxid (0x[0-9a-f]+) (\w+)(?: (.*))?$")
FOLLOW_TXNS = 2000
FOLLOW_DELAY = 2.0


def log(*a):
    print("[log]", *a, file=sys.stderr, flush=True)


class Result:
    def __init__(self):
        self.passed, self.failed = 0, []

    def check(self, name, problems):
        if problems:
            self.failed.append(name)
            conformance.out("FAIL log/%s" % name)
            for p in problems[:8]:
                conformance.out("    " + p)
        else:
            self.passed += 1


def log_files(d):
    v = os.path.join(d, "version-2")
    v = v if os.path.isdir(v) else d
    names = [n for n in os.listdir(v) if re.match(r"log\.[0-9a-f]+$", n)]
    return [os.path.join(v, n) for n in sorted(names, key=lambda n: int(n[4:], 16))]


def records(zkdata, args):
    p = subprocess.run([zkdata, "log", "--format", "ndjson"] + args, capture_output=True, timeout=300)
    return p.returncode, [json.loads(line) for line in p.stdout.splitlines()], p.stdout.splitlines()


def jute_csv(text):
    """A string as jute's CSV text shows it (`Utils.toCSVString`, after its quote): `%`, `,`, `}`,
    NUL, LF and CR as %XX."""
    for c, code in (("%", "%25"), (",", "%2C"), ("}", "%7D"), ("\0", "%00"), ("\n", "%0A"), ("\r", "%0D")):
        text = text.replace(c, code)
    return text


def java_lines(cp, path):
    """TxnLogToolkit's dump: (zxid, session, cxid, op, rest) per txn line (continuations of a
    line broken by data or an ACL list are skipped)."""
    p = subprocess.run(["java", "-XX:-UsePerfData", "-cp", cp, TOOLKIT, path], capture_output=True, timeout=300)
    out = []
    for line in p.stdout.decode("utf-8", "replace").split("\n"):
        m = JAVA_LINE.match(line)
        if m:
            out.append((int(m.group(3), 16), int(m.group(1), 16), int(m.group(2), 16), m.group(4), m.group(5) or ""))
    return out


def differential(zkdata, cp, path):
    rc, recs, _ = records(zkdata, [path])
    problems = []
    if rc not in (0, 1):
        problems.append("zkdata log exited %d" % rc)
    txns = [r for r in recs if "zxid" in r]
    java = java_lines(cp, path)
    if len(txns) != len(java):
        problems.append("%d records, Java printed %d txn lines" % (len(txns), len(java)))
    for r, (zxid, session, cxid, op, rest) in zip(txns, java):
        text = rest[1:] if rest.startswith("'") else rest  # jute's CSV form quotes some records' strings
        ours = (int(r["zxid"], 16), int(r["session"], 16) & (2**64 - 1), r["cxid"] & (2**32 - 1), r["op"])
        if ours != (zxid, session & (2**64 - 1), cxid, op):
            problems.append("zxid %s: ours %r, Java %r" % (r["zxid"], ours, (zxid, session, cxid, op)))
        elif "path" in r and r["path"] is not None and not any(
                text == form or text.startswith(form + ",") for form in (r["path"], jute_csv(r["path"]))):
            problems.append("zxid %s: path %r, Java's text %r" % (r["zxid"], r["path"], rest[:80]))
    return txns, problems


def paths_of(r):
    ps = [r.get("path")] + list(r.get("paths") or [])
    for o in r.get("ops") or []:
        ps.append(o.get("path"))
    return [p for p in ps if p is not None]


def in_subtree(p, root):
    return p == root or p.startswith(root.rstrip("/") + "/") if root != "/" else p.startswith("/")


def chosen_filters(txns, rnd):
    """(zkdata arguments, the same filter as a predicate) built from values in the log."""
    fs = []
    paths = sorted({p for r in txns for p in paths_of(r)})
    for p in rnd.sample(paths, min(3, len(paths))):
        fs.append((["--path", p], lambda r, p=p: p in paths_of(r)))
        parent = p.rsplit("/", 1)[0] or "/"
        fs.append((["--prefix", parent], lambda r, q=parent: any(in_subtree(x, q) for x in paths_of(r))))
    sessions = sorted({r["session"] for r in txns})
    for s in rnd.sample(sessions, min(2, len(sessions))):
        fs.append((["--session", s], lambda r, s=s: r["session"] == s))
    ops = sorted({r["op"] for r in txns} | {o["op"] for r in txns for o in r.get("ops") or []})
    pick = rnd.sample(ops, min(2, len(ops)))
    fs.append((["--op", ",".join(pick)],
               lambda r, pick=pick: r["op"] in pick or any(o["op"] in pick for o in r.get("ops") or [])))
    if txns:
        a, b = sorted(rnd.sample(range(len(txns)), 2)) if len(txns) > 1 else (0, 0)
        za, zb = txns[a]["zxid"], txns[b]["zxid"]
        fs.append((["--zxid", "%s..%s" % (za, zb)], lambda r, za=za, zb=zb: int(za, 16) <= int(r["zxid"], 16) <= int(zb, 16)))
        fs.append((["--zxid", "%d.." % int(zb, 16)], lambda r, zb=zb: int(r["zxid"], 16) >= int(zb, 16)))
        ta, tb = txns[a]["time"], txns[b]["time_ms"]
        fs.append((["--since", ta, "--until", str(tb)],
                   lambda r, ta=txns[a]["time_ms"], tb=tb: ta <= r["time_ms"] <= tb))
        s = txns[b]["session"]
        fs.append((["--prefix", "/", "--session", s, "--op", "create,setData,delete,multi"],
                   lambda r, s=s: r["session"] == s and paths_of(r) != [] and any(x.startswith("/") for x in paths_of(r))
                   and (r["op"] in ("create", "setData", "delete", "multi")
                        or any(o["op"] in ("create", "setData", "delete", "multi") for o in r.get("ops") or []))))
    return fs


def filters(zkdata, path, txns, rnd):
    problems = []
    _, _, full = records(zkdata, [path])
    full = [line for line in full if b'"zxid"' in line]
    for args, keep in chosen_filters(txns, rnd):
        want = [line for line, r in zip(full, txns) if keep(r)]
        _, _, got = records(zkdata, [path] + args)
        got = [line for line in got if b'"zxid"' in line]
        if got != want:
            problems.append("%s: %d records, the full stream filtered here has %d" % (" ".join(args), len(got), len(want)))
    return problems


# ---------------------------------------------------------------------------------------- follow

def follow(zkdata, cp, run):
    """A live server, a writer, and `log --follow`: every written txn exactly once, in order,
    within FOLLOW_DELAY seconds."""
    import servers
    from kazoo.client import KazooClient
    problems = []
    base = tempfile.mkdtemp(prefix="log-follow-", dir=run)
    data = os.path.join(base, "data")
    os.makedirs(data)
    (port,) = servers.pick_ports(1)
    cfg = os.path.join(base, "zoo.cfg")
    with open(cfg, "w") as f:
        f.write("tickTime=500\ndataDir=%s\nclientPort=%d\nclientPortAddress=127.0.0.1\n"
                "maxClientCnxns=0\nadmin.enableServer=false\n" % (data, port))
    settings = servers.Settings(snap_count=400, prealloc_kb=16)
    srv = procs.spawn(["java", "-XX:-UsePerfData", "-cp", cp] + settings.jvm_flags() + [ZK_MAIN, cfg],
                      "zookeeper log-follow", stdout=open(os.path.join(base, "server.out"), "ab"),
                      stderr=subprocess.STDOUT, start_new_session=True)
    fol = None
    try:
        servers.wait_port(port, proc=srv)
        zk = KazooClient(hosts="127.0.0.1:%d" % port, timeout=10)
        zk.start(timeout=30)
        zk.ensure_path("/follow")  # the first log exists before --follow starts
        seen = []  # (zxid, arrival time)
        fol = procs.spawn([zkdata, "log", data, "--follow", "--format", "ndjson"], "zkdata log --follow",
                          stdout=subprocess.PIPE, stderr=open(os.path.join(base, "follow.err"), "ab"))

        def reader():
            for line in fol.stdout:
                t = time.monotonic()
                try:
                    r = json.loads(line)
                except ValueError:
                    seen.append((None, t, line))
                    continue
                seen.append((int(r["zxid"], 16) if "zxid" in r else None, t, line))

        th = threading.Thread(target=reader, daemon=True)
        th.start()
        time.sleep(1.0)
        committed = []  # (zxid, commit time)
        for i in range(FOLLOW_TXNS):
            if i % 2 == 0:
                _, st = zk.create("/follow/n%05d" % i, b"x" * (i % 300), include_data=True)
                committed.append((st.czxid, time.monotonic()))
            else:
                st = zk.set("/follow/n%05d" % (i - 1), ("v%d" % i).encode())
                committed.append((st.mzxid, time.monotonic()))
        zk.stop()
        zk.close()
        time.sleep(FOLLOW_DELAY + 0.5)
        procs.stop(fol, signal.SIGTERM)
        th.join(5)
        logs = log_files(data)
        if len(logs) < 3:
            problems.append("only %d log files: the server did not roll its log twice" % len(logs))
        bad = [s for s in seen if s[0] is None]
        if bad:
            problems.append("%d lines that are not txn records, first: %r" % (len(bad), bad[0][2][:200]))
        zx = [s[0] for s in seen if s[0] is not None]
        if zx != sorted(set(zx)):
            problems.append("records not in strictly increasing zxid order (or repeated)")
        at = {}
        for z, t, _ in seen:
            if z is not None:
                at.setdefault(z, t)
        missing = [z for z, _ in committed if z not in at]
        if missing:
            problems.append("%d of %d committed txns never printed, first 0x%x" % (len(missing), len(committed), missing[0]))
        late = [(z, at[z] - t) for z, t in committed if z in at and at[z] - t > FOLLOW_DELAY]
        if late:
            problems.append("%d txns printed later than %.1fs after commit (worst %.2fs)" % (
                len(late), FOLLOW_DELAY, max(d for _, d in late)))
        worst = max((at[z] - t for z, t in committed if z in at), default=0)
        log("follow: %d txns committed, %d records, %d logs, worst delay %.3fs" % (
            len(committed), len(zx), len(logs), worst))
    finally:
        if fol is not None:
            procs.stop(fol, signal.SIGTERM)
        procs.stop(srv, signal.SIGTERM)
    return problems


def run(zkdata, dirs, seed, cp, run_dir, with_follow=True):
    res = Result()
    rnd = random.Random("log/%d" % seed)
    for d in dirs:
        for path in log_files(d):
            name = "%s/%s" % (os.path.basename(d.rstrip("/")), os.path.basename(path))
            txns, problems = differential(zkdata, cp, path)
            res.check("java/" + name, problems)
            if not problems:
                res.check("filters/" + name, filters(zkdata, path, txns, rnd))
    if with_follow:
        res.check("follow", follow(zkdata, cp, run_dir))
    return res


def hook(ctx, data, passed, failed):
    """bin/conformance: the checks on the data just written (zkdata built by at_restore.hook)."""
    zkdata = os.environ.get("CONFORMANCE_ZKDATA_BIN") or os.path.join(conformance.SCRATCH, "release", "zkdata")
    res = run(zkdata, sorted(data.values()), ctx.seed, ctx.cp, ctx.run)
    conformance.out("  %-9s %4d passed, %d failed" % ("log", res.passed, len(res.failed)))
    return passed + res.passed, failed + len(res.failed)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="*")
    ap.add_argument("--zkdata", default=os.path.join(REPO, ".build", "debug", "zkdata"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-follow", action="store_true")
    a = ap.parse_args()
    procs.become_subreaper()
    import logging
    logging.getLogger("kazoo").addHandler(logging.NullHandler())
    logging.getLogger("kazoo").propagate = False
    run_dir = tempfile.mkdtemp(prefix="zk-log-")
    try:
        res = run(a.zkdata, a.dirs, a.seed, conformance.java_classpath(), run_dir, not a.no_follow)
    finally:
        procs.stop_all()
    conformance.out("%d passed, %d failed" % (res.passed, len(res.failed)))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
