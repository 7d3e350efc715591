#!/usr/bin/env python3
"""`zkdata at`, `seal` and `members` against ZooKeeper 3.8.0 itself.

For each data dir (the fixtures, or the data a bin/conformance run just wrote):

* differential: for chosen zxids (first, last, every snapshot's zxid and the two txns after
  it, a few seeded random ones), Java's own replay (Conformance/java/ReplayAt.java: FileSnap
  from the oldest snapshot + FileTxnSnapLog.processTransaction + FileSnap.serialize) and
  `zkdata at` each write a snapshot; Java's SnapshotFormatter -d must print both identically
  (the /zookeeper/config node aside on ensemble data: the server sets it outside txns). Where
  the same nodes come out with siblings in another order (a child set's HashSet order depends
  on its history: one loaded from a snapshot gets the capacity its size gives, a live one kept
  the capacity its peak gave), ours must instead equal, byte for byte, what ZooKeeper's restore
  from the snapshot `at` started from builds (ReplayAt with that start);
* restore: a real ZooKeeperServerMain started on a data dir holding only `at`'s snapshot comes
  up at that zxid (`srvr`) and serves the same tree (a kazoo walk: paths, data, czxid, mzxid,
  pzxid, version, cversion, aversion, ephemeralOwner against `at --format ndjson`);
* the same for `seal` on the logs alone, and for `at --bump-epoch`: a client that has seen
  the directory's last zxid connects (without the bump the server refuses it);
* `members` on the ensemble members' dirs: agreement (when they are given with --members).

    Conformance/at_restore.py [--zkdata BIN] [--seed N] [--no-restore] DATADIR...
    Conformance/at_restore.py --members DIR DIR...

Exit 1 when any check fails. Servers listen on 127.0.0.1 and are stopped by PID.
"""
import argparse
import base64
import json
import os
import random
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import conformance  # noqa: E402
import procs  # noqa: E402

FORMATTER = "org.apache.zookeeper.server.SnapshotFormatter"
ZK_MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain"


def log(*a):
    print("[at]", *a, file=sys.stderr, flush=True)


def hexz(z):
    return "0x%x" % z


# ---------------------------------------------------------------------------------
# the data dir

def version_dir(d):
    v = os.path.join(d, "version-2")
    return v if os.path.isdir(v) else d


def logged_txns(vdir):
    """(zxid, time) of every txn of every log, in file order (CRC-valid entries only)."""
    out = []
    names = [n for n in os.listdir(vdir) if n.startswith("log.")]
    for n in sorted(names, key=lambda n: int(n[4:], 16)):
        b = open(os.path.join(vdir, n), "rb").read()
        off = 16
        while off + 12 <= len(b):
            crc, ln = struct.unpack(">qi", b[off:off + 12])
            if ln <= 0 or off + 12 + ln > len(b):
                break
            zxid, t = struct.unpack(">qq", b[off + 12 + 12:off + 12 + 28])
            out.append((zxid, t))
            off += 12 + ln + 1
    return out


def snapshot_zxids(vdir):
    z = []
    for n in os.listdir(vdir):
        m = re.match(r"snapshot\.([0-9a-f]+)(\.gz|\.snappy)?$", n)
        if m:
            z.append(int(m.group(1), 16))
    return sorted(z)


def chosen_zxids(vdir, rnd, randoms=3):
    txns = sorted({z for z, _ in logged_txns(vdir)})
    if not txns:
        return []
    have = set(txns)
    want = {txns[0], txns[-1]}
    for s in snapshot_zxids(vdir):
        for d in (0, 1, 2):
            if s + d in have:
                want.add(s + d)
    want.update(rnd.sample(txns, min(randoms, len(txns))))
    return sorted(want)


# ---------------------------------------------------------------------------------
# the Java side

class Java:
    def __init__(self, work):
        self.cp = conformance.java_classpath()
        self.classes = os.path.join(work, "java-classes")
        os.makedirs(self.classes, exist_ok=True)
        subprocess.run(["javac", "-nowarn", "-d", self.classes, "-cp", self.cp,
                        os.path.join(HERE, "java", "ReplayAt.java")], check=True)

    def run(self, args, **kw):
        return subprocess.run(["java", "-XX:-UsePerfData", "-Xmx512m", "-cp", self.cp + ":" + self.classes] + args,
                              capture_output=True, **kw)

    def replay_at(self, vdir, zxid, out, start=None):
        r = self.run(["ReplayAt", vdir, hexz(zxid), out] + ([start] if start else []))
        if r.returncode != 0:
            raise RuntimeError("ReplayAt %s %s failed: %s" % (vdir, hexz(zxid), r.stderr.decode()[-2000:]))
        return r.stdout.decode()

    def formatter_d(self, snap):
        r = self.run([FORMATTER, "-d", snap], env=dict(os.environ, TZ="UTC", LANG="C.UTF-8"))
        if r.returncode != 0:
            raise RuntimeError("SnapshotFormatter -d %s failed: %s" % (snap, r.stderr.decode()[-2000:]))
        return r.stdout.decode("utf-8", "replace")


def node_blocks(text):
    """SnapshotFormatter -d output as its sorted node blocks (order aside)."""
    return sorted(text.split("\n----\n"))


def without_config(text):
    """SnapshotFormatter -d output minus the /zookeeper/config node's block (its data and
    ACL line, and the stat lines up to the next node)."""
    out, skip = [], False
    for line in text.splitlines():
        if line == "/zookeeper/config":
            skip = True
            continue
        if skip and (line.startswith("/") or line.startswith("----")):
            skip = False
        if not skip:
            out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------------------------
# a real server on one snapshot

class OneServer:
    """ZooKeeperServerMain on a fresh data dir holding the given files in version-2."""

    def __init__(self, work, name, files, cp):
        self.base = os.path.join(work, "servers", name)
        shutil.rmtree(self.base, ignore_errors=True)
        v2 = os.path.join(self.base, "data", "version-2")
        os.makedirs(v2)
        for f in files:
            shutil.copy2(f, v2)
        (self.port,) = conformance_ports(1)
        cfg = os.path.join(self.base, "zoo.cfg")
        with open(cfg, "w") as f:
            f.write("tickTime=2000\ndataDir=%s\nclientPort=%d\nclientPortAddress=127.0.0.1\n"
                    "maxClientCnxns=0\nadmin.enableServer=false\n4lw.commands.whitelist=*\n"
                    % (os.path.join(self.base, "data"), self.port))
        out = open(os.path.join(self.base, "server.out"), "ab")
        cmd = ["java", "-cp", cp, "-Xmx256m", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true",
               "-Dzookeeper.admin.enableServer=false", "-Dzookeeper.extendedTypesEnabled=true", ZK_MAIN, cfg]
        self.proc = procs.spawn(cmd, "zookeeper " + name, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        out.close()

    def wait(self):
        import servers
        servers.wait_port(self.port, proc=self.proc)

    def srvr_zxid(self):
        import socket
        for _ in range(50):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
                    s.sendall(b"srvr")
                    data = b""
                    while True:
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                for line in data.decode().splitlines():
                    if line.startswith("Zxid:"):
                        return int(line.split()[1], 16)
            except OSError:
                pass
            time.sleep(0.2)
        return None

    def log_tail(self):
        try:
            return open(os.path.join(self.base, "server.out"), errors="replace").read()[-1500:]
        except OSError:
            return ""

    def stop(self):
        procs.stop(self.proc, signal.SIGTERM)


def conformance_ports(n):
    import servers
    return servers.pick_ports(n)


def kazoo_tree(port, last_zxid=None):
    """({path: (data, czxid, mzxid, pzxid, version, cversion, aversion, ephemeralOwner)},
    paths whose children the client may not list), the /zookeeper subtree left out (the server
    writes it itself). Connects as the workloads' "alice"; a node alice may not read gives its
    stat (exists) and data "?"."""
    from kazoo.client import KazooClient
    from kazoo.exceptions import NoAuthError
    zk = KazooClient(hosts="127.0.0.1:%d" % port, timeout=10, connection_retry={"max_tries": 3},
                     auth_data=[("digest", "alice:secret")])
    if last_zxid is not None:
        zk.last_zxid = last_zxid
    zk.start(timeout=15)
    try:
        tree, hidden, todo = {}, set(), ["/"]
        while todo:
            p = todo.pop()
            try:
                data, st = zk.get(p)
            except NoAuthError:
                data, st = "?", zk.exists(p)
            tree[p] = (data, st.czxid, st.mzxid, st.pzxid, st.version, st.cversion, st.aversion, st.ephemeralOwner)
            try:
                kids = zk.get_children(p)
            except NoAuthError:
                hidden.add(p)
                kids = []
            for c in kids:
                cp = ("/" if p == "/" else p + "/") + c
                if cp != "/zookeeper":
                    todo.append(cp)
        return tree, hidden
    finally:
        zk.stop()
        zk.close()


def ndjson_tree(zkdata, vdir, zxid):
    """`zkdata at --format ndjson` as a client sees it: null data is None, and cversion is
    the v3 count of changes (DataNode.copyStat: cversion * 2 - numChildren), containers and
    TTL nodes have no owner."""
    r = subprocess.run([zkdata, "at", "--zxid", hexz(zxid), vdir, "--format", "ndjson"], capture_output=True)
    if r.returncode != 0:
        raise RuntimeError("zkdata at --format ndjson %s %s failed: %s" % (vdir, hexz(zxid), r.stderr.decode()))
    tree = {}
    for line in r.stdout.decode().split("\n"):
        if not line:
            continue
        n = json.loads(line)
        p = n["path"]
        if p == "/zookeeper" or p.startswith("/zookeeper/"):
            continue
        d = n["data"]
        data = None if d["len"] < 0 else base64.b64decode(d["b64"])
        tree[p] = (data, int(n["czxid"], 16), int(n["mzxid"], 16), int(n["pzxid"], 16), n["version"],
                   n["cversion"] * 2 - n["children"], n["aversion"], client_owner(int(n["ephemeral_owner"], 16)))
    return tree


def client_owner(owner):
    """DataNode.getClientEphemeralOwner: containers (0x8000…) and TTL nodes (0xff…, extended
    types on) show 0 to clients."""
    if owner == 1 << 63 or owner >> 56 == 0xFF:
        return 0
    return signed64(owner)


def signed64(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def compare_trees(want, got_hidden):
    got, hidden = got_hidden
    probs = []

    def under_hidden(p):
        return any(p.startswith(h.rstrip("/") + "/") for h in hidden)

    for p in sorted(set(want) | set(got)):
        if p not in got:
            if not under_hidden(p):
                probs.append("server lacks %s" % p)
        elif p not in want:
            probs.append("server has extra %s" % p)
        elif got[p][0] == "?":
            if want[p][1:] != got[p][1:]:
                probs.append("%s stat differs: at %r, server %r" % (p, want[p][1:], got[p][1:]))
        elif want[p] != got[p]:
            probs.append("%s differs: at %r, server %r" % (p, want[p], got[p]))
    return probs


def serve_check(zkdata, srv, name_zxid, last_zxid=None):
    """The server came up at `name_zxid` (srvr; its own new log, if any, starts right after)
    and serves the tree `zkdata at` rebuilds from the server's own data dir at the zxid it has
    reached (the snapshot's sessions may expire meanwhile, as closeSession txns)."""
    probs = []
    for _ in range(3):
        z1 = srv.srvr_zxid()
        tree = kazoo_tree(srv.port, last_zxid)
        z2 = srv.srvr_zxid()
        # the walk's own session adds two txns (createSession, closeSession) that leave the
        # nodes alone; anything else (an expiring session) is retried
        if z1 is not None and z2 == z1 + 2:
            break
    else:
        return ["the server's zxid kept moving (%s, %s)" % (z1, z2)]
    v2 = os.path.join(srv.base, "data", "version-2")
    logs = sorted(int(n[4:], 16) for n in os.listdir(v2) if n.startswith("log."))
    if z1 < name_zxid or (z1 > name_zxid and (not logs or logs[0] != name_zxid + 1)):
        probs.append("srvr says Zxid %s; came up at %s? (its logs: %s)" % (hexz(z1), hexz(name_zxid),
                                                                          [hexz(x) for x in logs]))
    if z1 > name_zxid:
        log("%s: the server moved on to %s (expired sessions)" % (srv.base, hexz(z1)))
    return probs + compare_trees(ndjson_tree(zkdata, v2, z1), tree)


# ---------------------------------------------------------------------------------
# checks

class Results:
    def __init__(self):
        self.passed, self.failed = 0, []

    def check(self, case, probs):
        if probs:
            self.failed.append((case, probs))
            print("FAIL %s" % case, flush=True)
            for p in probs[:10]:
                print("    " + p, flush=True)
        else:
            self.passed += 1
            log("ok   %s" % case)


def differential(res, java, zkdata, work, name, vdir, zxids, ensemble):
    for z in zxids:
        case = "at/%s/%s" % (name, hexz(z))
        try:
            ref = os.path.join(work, "ref", name, "snapshot.%x" % z)
            ours = os.path.join(work, "ours", name, "snapshot.%x" % z)
            os.makedirs(os.path.dirname(ref), exist_ok=True)
            os.makedirs(os.path.dirname(ours), exist_ok=True)
            summary = java.replay_at(vdir, z, ref)
            r = subprocess.run([zkdata, "at", "--zxid", hexz(z), vdir, "--output", ours], capture_output=True)
            if r.returncode != 0:
                res.check(case, ["zkdata at exited %d: %s" % (r.returncode, r.stderr.decode().strip())])
                continue
            a, b = java.formatter_d(ref), java.formatter_d(ours)
            if ensemble:
                a, b = without_config(a), without_config(b)
            probs = []
            if "digest-mismatches 0" not in summary:
                probs.append("Java's replay saw digest mismatches: " + summary.strip())
            if a != b and node_blocks(a) == node_blocks(b):
                # The same nodes, siblings in another order: a child set's HashSet order depends
                # on its history (a set loaded from a snapshot has the capacity its size gives,
                # the live one the capacity its peak gave). Then ours must be, byte for byte,
                # what ZooKeeper's restore from the snapshot `at` started from builds.
                m = re.search(r" from (snapshot\.\S+) \(| from an empty tree", r.stdout.decode())
                start = (m.group(1) or "-") if m else None
                if start:
                    ref2 = ref + ".from-start"
                    summary = java.replay_at(vdir, z, ref2, start)
                    a = java.formatter_d(ref2)
                    if ensemble:
                        a = without_config(a)
                    log("     at/%s/%s: sibling order differs from the oldest snapshot's replay; compared "
                        "with ZooKeeper's restore from %s" % (name, hexz(z), start))
            if a != b:
                import difflib
                probs.append("SnapshotFormatter -d differs:")
                probs.extend(list(difflib.unified_diff(a.splitlines(), b.splitlines(), "ReplayAt", "zkdata at",
                                                       lineterm="", n=1))[:40])
            res.check(case, probs)
        except Exception as e:  # noqa: BLE001 - one failed case, reported
            res.check(case, ["%s: %s" % (type(e).__name__, e)])


def restore(res, java, zkdata, work, name, vdir, z):
    case = "at-restore/%s/%s" % (name, hexz(z))
    srv = None
    try:
        out_dir = os.path.join(work, "restore", name)
        os.makedirs(out_dir, exist_ok=True)
        snap = os.path.join(out_dir, "snapshot.%x" % z)
        r = subprocess.run([zkdata, "at", "--zxid", hexz(z), vdir, "--output", snap], capture_output=True)
        if r.returncode != 0:
            return res.check(case, ["zkdata at exited %d: %s" % (r.returncode, r.stderr.decode().strip())])
        srv = OneServer(work, "at-%s-%x" % (name, z), [snap], java.cp)
        srv.wait()
        res.check(case, serve_check(zkdata, srv, z))
    except Exception as e:  # noqa: BLE001
        res.check(case, ["%s: %s" % (type(e).__name__, e)] + ([srv.log_tail()] if srv else []))
    finally:
        if srv:
            srv.stop()


def seal(res, java, zkdata, work, name, vdir):
    case = "seal-restore/%s" % name
    srv = None
    try:
        logs_only = os.path.join(work, "seal-in", name, "version-2")
        shutil.rmtree(os.path.dirname(logs_only), ignore_errors=True)
        os.makedirs(logs_only)
        for n in os.listdir(vdir):
            if n.startswith("log."):
                shutil.copy2(os.path.join(vdir, n), logs_only)
        last = max(z for z, _ in logged_txns(vdir))
        out_dir = os.path.join(work, "seal-out", name)
        os.makedirs(out_dir, exist_ok=True)
        r = subprocess.run([zkdata, "seal", logs_only, "--output", out_dir], capture_output=True)
        if r.returncode != 0:
            return res.check(case, ["zkdata seal exited %d: %s" % (r.returncode, r.stderr.decode().strip())])
        snaps = [os.path.join(out_dir, n) for n in os.listdir(out_dir)]
        probs = []
        if [os.path.basename(s) for s in snaps] != ["snapshot.%x" % last]:
            probs.append("seal wrote %s, want snapshot.%x" % (snaps, last))
        srv = OneServer(work, "seal-%s" % name, snaps, java.cp)
        srv.wait()
        probs += serve_check(zkdata, srv, last)
        res.check(case, probs)
    except Exception as e:  # noqa: BLE001
        res.check(case, ["%s: %s" % (type(e).__name__, e)] + ([srv.log_tail()] if srv else []))
    finally:
        if srv:
            srv.stop()


def bump_epoch(res, java, zkdata, work, name, vdir, z):
    """A client that saw the directory's last zxid: refused by a server started on the plain
    `at` snapshot, accepted by one started on the --bump-epoch snapshot."""
    case = "at-bump-epoch/%s/%s" % (name, hexz(z))
    last = max(zz for zz, _ in logged_txns(vdir))
    probs = []
    for bump in (False, True):
        srv = None
        try:
            out_dir = os.path.join(work, "bump", name, "yes" if bump else "no")
            shutil.rmtree(out_dir, ignore_errors=True)
            os.makedirs(out_dir)
            args = [zkdata, "at", "--zxid", hexz(z), vdir, "--output", out_dir] + (["--bump-epoch"] if bump else [])
            r = subprocess.run(args, capture_output=True)
            if r.returncode != 0:
                probs.append("zkdata at exited %d: %s" % (r.returncode, r.stderr.decode().strip()))
                break
            snaps = [os.path.join(out_dir, n) for n in os.listdir(out_dir)]
            srv = OneServer(work, "bump-%s-%s" % (name, "yes" if bump else "no"), snaps, java.cp)
            srv.wait()
            want_z = (((last >> 32) + 1) << 32) if bump else z
            if bump:
                probs += ["bump: " + p for p in serve_check(zkdata, srv, want_z, last_zxid=last)]
            elif last > z:
                try:
                    kazoo_tree(srv.port, last_zxid=last)
                    probs.append("without --bump-epoch a client that saw %s connected" % hexz(last))
                except Exception:  # noqa: BLE001 - refused, as expected
                    pass
        except Exception as e:  # noqa: BLE001
            probs.append("%s: %s" % (type(e).__name__, e))
        finally:
            if srv:
                srv.stop()
    res.check(case, probs)


def members(res, zkdata, dirs):
    case = "members/" + "+".join(os.path.basename(os.path.normpath(d)) for d in dirs)
    r = subprocess.run([zkdata, "members", "--format", "json"] + dirs, capture_output=True)
    probs = []
    if r.returncode != 0:
        probs.append("zkdata members exited %d: %s %s" % (r.returncode, r.stdout.decode(), r.stderr.decode()))
    res.check(case, probs)


def run(zkdata, dirs, seed, work, do_restore=True, member_sets=()):
    res = Results()
    java = Java(work)
    for d in dirs:
        name = os.path.basename(os.path.normpath(d))
        vdir = version_dir(d)
        ensemble = os.path.exists(os.path.join(d, "myid"))
        rnd = random.Random("%s/%s" % (seed, name))
        zxids = chosen_zxids(vdir, rnd)
        differential(res, java, zkdata, work, name, vdir, zxids, ensemble)
        if do_restore and zxids and not ensemble:
            restore(res, java, zkdata, work, name, vdir, rnd.choice(zxids))
            seal(res, java, zkdata, work, name, vdir)
            bump_epoch(res, java, zkdata, work, name, vdir, zxids[len(zxids) // 2])
    for ms in member_sets:
        members(res, zkdata, ms)
    return res


def hook(ctx, data, passed, failed):
    """bin/conformance: builds zkdata (release, like the other products) and runs the checks
    on the data just written. Returns the updated (passed, failed) counts."""
    zkdata = os.environ.get("CONFORMANCE_ZKDATA_BIN")
    if not zkdata:
        with open(os.path.join(ctx.run, "build-zkdata.log"), "w") as f:
            p = procs.spawn(["swift", "build", "-c", "release", "--scratch-path", conformance.SCRATCH,
                             "--product", "zkdata"], "swift build zkdata", group=True, cwd=REPO,
                            stdout=f, stderr=subprocess.STDOUT)
            p.wait()
            procs.forget(p)
        zkdata = os.path.join(conformance.SCRATCH, "release", "zkdata")
    ens = sorted(v for k, v in data.items() if os.path.exists(os.path.join(v, "myid")))
    res = run(zkdata, sorted(data.values()), ctx.seed, os.path.join(ctx.run, "at"),
              member_sets=[ens] if len(ens) >= 2 else [])
    conformance.out("  %-9s %4d passed, %d failed" % ("at", res.passed, len(res.failed)))
    return passed + res.passed, failed + len(res.failed)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="*")
    ap.add_argument("--zkdata", default=os.path.join(REPO, ".build", "debug", "zkdata"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-restore", action="store_true")
    ap.add_argument("--members", nargs="+", action="append", default=[], metavar="DIR")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    procs.become_subreaper()
    import logging
    logging.getLogger("kazoo").addHandler(logging.NullHandler())
    logging.getLogger("kazoo").propagate = False
    work = tempfile.mkdtemp(prefix="zk-at-")
    try:
        res = run(os.path.abspath(a.zkdata), [os.path.abspath(d) for d in a.dirs], a.seed, work,
                  not a.no_restore, [[os.path.abspath(d) for d in m] for m in a.members])
    finally:
        procs.stop_all()
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (res.passed, len(res.failed)))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
