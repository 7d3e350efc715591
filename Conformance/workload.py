#!/usr/bin/env python3
"""Seeded random kazoo workload for the conformance harness.

Every write the server can log shows up: createSession / closeSession (client close with
and without ephemerals, server-side expiry of a SIGKILLed client), create and create2 in
every mode (persistent, ephemeral, sequential, ephemeral-sequential, container, TTL and
sequential TTL), setData (random binary, text with newlines, invalid UTF-8, empty, null,
large values), delete, deleteContainer (reaped containers and expired TTL nodes), setACL
(digest / ip / world / auth, one to three ACLs), multi (all succeed, or one op fails ->
error sub-txns) and top-level error txns (NodeExists, NoNode, BadVersion, NotEmpty,
NoChildrenForEphemerals, NoAuth, BadArguments).  Quota nodes are written as `setquota` would.

The raw request helpers (container / TTL creates, null data, arbitrary multis) are imported
from the fixture generator, Fixtures/generate/workload.py (unchanged).

The operation sequence is a function of the Random it is given; what the server does with
it (session ids, times, zxids, when containers are reaped) is not.

Internal use: workload.py --holder --hosts H --tag T --n-eph N   (a client whose session is
left to expire: it is SIGKILLed by the harness).
"""
import argparse
import importlib.util
import logging
import os
import signal
import subprocess
import sys
import time
from collections import Counter

from kazoo.client import KazooClient
from kazoo.exceptions import KazooException
from kazoo.security import ACL, Id, OPEN_ACL_UNSAFE, READ_ACL_UNSAFE, make_digest_acl

import procs

# kazoo's connection-loss warnings (expected: servers are killed on purpose) stay quiet
logging.getLogger("kazoo").addHandler(logging.NullHandler())
logging.getLogger("kazoo").propagate = False

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "fixture_workload", os.path.join(HERE, "..", "Fixtures", "generate", "workload.py"))
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)

ALL = 31
ALICE = make_digest_acl("alice", "secret", all=True)
ACL_POOL = [
    ALICE,
    make_digest_acl("bob", "pw", read=True),
    ACL(1, Id("ip", "127.0.0.1")),
    ACL(ALL, Id("ip", "10.0.0.0/8")),
    READ_ACL_UNSAFE[0],
    OPEN_ACL_UNSAFE[0],
    ACL(3, Id("digest", "\U0001F600\u00e9\u4e2d:" + "x" * 27 + "=")),
    ACL(ALL, Id("auth", "")),
    ACL(ALL ^ 8, Id("world", "anyone")),
]
GRANTS_ALICE = {0, 5, 7}  # indexes of ACL_POOL entries that leave the main session in control

NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
NAME_SPECIAL = ["\u00e9", "\u00fc", "\u4e2d", "\u6587", "\u00df", " ", ",", "}", "{", "%", "'", '"', "\\",
                "[", "]", "@", "#", "~", "\u00f8", "\u00f1", "\u03a9", "\u20ac", ":", "=", ";"]
TEXT_CHARS = NAME_CHARS + " \n\t,}%'\"\\" + "\u00e9\u4e2d\U0001F600\U0001F680\u2028\u0000\u0085\u00ff"


def log(*a):
    print("[workload]", *a, file=sys.stderr, flush=True)


def connect(hosts, timeout=10.0, auth=None):
    c = KazooClient(hosts=hosts, timeout=timeout,
                    connection_retry={"max_tries": 200, "delay": 0.2, "max_delay": 1},
                    command_retry={"max_tries": 20, "delay": 0.2, "max_delay": 1})
    c.start(timeout=30)
    if auth:
        c.add_auth("digest", auth)
    return c


def raw_call(client, req):
    """Send a raw request (fixture helper types). True on success, False on a server error
    (for a multi: False when its first result is an error result)."""
    a = client.handler.async_result()
    client._call(req, a)
    try:
        res = a.get(timeout=15)
    except KazooException:
        return False
    if req.type == 14 and isinstance(res, (bytes, bytearray)) and len(res) >= 4 and \
            fx.I32.unpack(bytes(res[:4]))[0] == -1:
        return False
    return True


class Node:
    __slots__ = ("eph", "kind")

    def __init__(self, eph=False, kind="p"):
        self.eph, self.kind = eph, kind


class Workload:
    def __init__(self, hosts, rnd, tag, run_dir, quick=False):
        self.hosts, self.rnd, self.tag, self.run_dir, self.quick = hosts, rnd, tag, run_dir, quick
        self.stats = Counter()
        self.c = connect(hosts, auth="alice:secret")
        self.c2 = connect(hosts)  # a second long-lived session without credentials
        self.nodes = {}
        self.holders = []
        self._scan()

    # --- model of the tree (rebuilt from the server at start) --------------------------
    def _scan(self):
        todo = ["/"]
        while todo:
            p = todo.pop()
            try:
                kids = self.c.get_children(p)
            except KazooException:
                continue
            for k in kids:
                cp = ("/" if p == "/" else p + "/") + k
                if cp == "/zookeeper" or cp.startswith("/holders"):
                    continue
                try:
                    st = self.c.exists(cp)
                except KazooException:
                    continue
                if st is None:
                    continue
                self.nodes[cp] = Node(eph=st.ephemeralOwner != 0)
                todo.append(cp)

    def children(self, p):
        pre = "/" if p == "/" else p + "/"
        return [q for q in self.nodes if q.startswith(pre) and "/" not in q[len(pre):]]

    def pick(self, pred=lambda p, n: True):
        cands = sorted(p for p, n in self.nodes.items() if pred(p, n))
        return self.rnd.choice(cands) if cands else None

    def pick_parent(self):
        if self.rnd.random() < 0.25 or not self.nodes:
            return "/"
        p = self.pick(lambda p, n: not n.eph and p.count("/") < 5)
        return p or "/"

    def name(self):
        r = self.rnd
        n = "".join(r.choice(NAME_CHARS) for _ in range(r.randint(1, 9)))
        if r.random() < 0.2:
            i = r.randint(0, len(n))
            n = n[:i] + r.choice(NAME_SPECIAL) + n[i:]
        return n if n not in (".", "..", "zookeeper") else n + "x"

    def newpath(self, parent=None):
        parent = parent or self.pick_parent()
        return ("/" if parent == "/" else parent + "/") + self.name()

    def data(self):
        r = self.rnd
        x = r.random()
        if x < 0.06:
            return None
        if x < 0.14:
            return b""
        if x < 0.40:
            return bytes(r.getrandbits(8) for _ in range(r.randint(1, 64)))
        if x < 0.58:
            return "".join(r.choice(TEXT_CHARS) for _ in range(r.randint(1, 60))).encode("utf-8", "surrogatepass")
        if x < 0.66:
            return r.choice([fx.INVALID_UTF8, b"\xff\xfe\xfd", b"a\xc3", b"\xed\xa0\xbd\xed\xb8\x80x",
                             b"\xc0\x80", b"\xf4\x90\x80\x80"]) + bytes([r.getrandbits(8)])
        if x < 0.70:
            return r.choice([fx.BINARY, fx.TEXTY])
        if x < (0.705 if self.quick else 0.72):
            return bytes(r.getrandbits(8) for _ in range(r.randint(2000, 20000)))
        return "".join(chr(r.randint(32, 126)) for _ in range(r.randint(1, 120))).encode()

    def acls(self):
        r = self.rnd
        idx = r.sample(range(len(ACL_POOL)), r.randint(1, 3))
        if not GRANTS_ALICE.intersection(idx) and r.random() < 0.9:
            idx.append(0)
        return [ACL_POOL[i] for i in idx]

    def client(self):
        return self.c2 if self.rnd.random() < 0.15 else self.c

    def attempt(self, what, fn, *a, **kw):
        try:
            res = fn(*a, **kw)
            self.stats[what] += 1
            return res if res is not None else True
        except KazooException as e:
            self.stats["%s!%s" % (what, type(e).__name__)] += 1
            return None

    def raw(self, what, client, req):
        ok = raw_call(client, req)
        self.stats[what if ok else what + "!error"] += 1
        return ok

    # --- operations -----------------------------------------------------------------
    def op_create(self, mode=None):
        r = self.rnd
        parent = self.pick_parent()
        path = self.newpath(parent)
        data = self.data()
        acl = self.acls()
        if mode is None:
            mode = r.choices(["p", "e", "s", "es", "c", "t", "ts"], [40, 15, 14, 10, 8, 9, 4])[0]
        c = self.client()
        if mode in ("c", "t", "ts"):
            if mode == "c":
                req = fx.op_container(path, data, acl)
            else:
                ttl = r.choice([300, 800, 1500, 60000, 3600000, 0 if r.random() < 0.15 else 5000])
                req = fx.op_ttl(path, data, ttl, acl, sequential=(mode == "ts"))
            if self.raw("create-" + mode, c, req) and mode == "c":
                self.nodes[path] = Node(kind="c")
            return
        eph = mode in ("e", "es")
        seq = mode in ("s", "es")
        if data is None:
            flags = (1 if eph else 0) | (2 if seq else 0)
            mk = fx.op_create2 if r.random() < 0.5 else fx.op_create
            if self.raw("create-null", c, mk(path, None, acl, flags)) and not seq:
                self.nodes[path] = Node(eph=eph)
            return
        res = self.attempt("create-" + mode, c.create, path, data, acl=acl, ephemeral=eph, sequence=seq,
                           include_data=r.random() < 0.3)
        if res:
            real = res[0] if isinstance(res, tuple) else res
            if isinstance(real, str):
                self.nodes[real] = Node(eph=eph)

    def op_set(self):
        r = self.rnd
        p = self.pick()
        if p is None or r.random() < 0.04:
            p = self.newpath()  # NoNode
        data = self.data()
        c = self.client()
        v = -1
        x = r.random()
        if x < 0.15:
            st = self.attempt("exists", c.exists, p)
            v = st.version if st and st is not True else -1
        elif x < 0.25:
            v = r.choice([1000, 7, 1])
        if data is None:
            self.raw("set-null", c, fx.op_setdata(p, None, v))
        else:
            self.attempt("set", c.set, p, data, version=v)

    def op_delete(self):
        r = self.rnd
        x = r.random()
        if x < 0.08:
            p = self.newpath()                          # NoNode
        elif x < 0.14:
            p = self.pick(lambda p, n: bool(self.children(p))) or self.newpath()  # NotEmpty
        else:
            p = self.pick(lambda p, n: not self.children(p))
        if p is None:
            return
        v = r.choice([1000, 3]) if r.random() < 0.1 else -1
        if self.attempt("delete", self.client().delete, p, version=v):
            self.nodes.pop(p, None)

    def op_setacl(self):
        p = self.pick()
        if p is None:
            return
        v = self.rnd.choice([0, 42]) if self.rnd.random() < 0.2 else -1
        self.attempt("setACL", self.client().set_acls, p, self.acls(), version=v)

    def op_multi(self, fail=False):
        r = self.rnd
        ops = []
        created = []
        for _ in range(r.randint(1, 5)):
            k = r.choices(["create", "create2", "container", "ttl", "set", "check", "delete"],
                          [5, 3, 1, 1, 4, 2, 2])[0]
            if k in ("create", "create2", "container", "ttl"):
                path = self.newpath()
                mk = {"create": fx.op_create, "create2": fx.op_create2}.get(k)
                if mk:
                    ops.append(mk(path, self.data(), self.acls(), r.choice([0, 0, 1, 2, 3])))
                elif k == "container":
                    ops.append(fx.op_container(path, self.data()))
                else:
                    ops.append(fx.op_ttl(path, self.data(), r.choice([1000, 600000])))
                created.append((path, k))
            elif k in ("set", "check"):
                p = self.pick() or "/"
                ops.append(fx.op_setdata(p, self.data()) if k == "set" else fx.op_check(p, -1))
            else:
                p = self.pick(lambda p, n: not self.children(p))
                if p:
                    ops.append(fx.op_delete(p))
        if fail:
            bad = r.choice([fx.op_setdata("/", b"x", 1000), fx.op_check(self.pick() or "/", 999),
                            fx.op_delete(self.newpath()), fx.op_create("/", b"")])
            ops.insert(r.randint(0, len(ops)), bad)
        if not ops:
            return
        ok = self.raw("multi-fail" if fail else "multi", self.client() if not fail else self.c, fx.multi(ops))
        if ok and not fail:
            for path, k in created:
                st = None
                try:
                    st = self.c.exists(path)
                except KazooException:
                    pass
                if st is not None:
                    self.nodes[path] = Node(eph=st.ephemeralOwner != 0, kind="c" if k == "container" else "p")

    def op_session(self):
        """A short session: maybe some ephemerals, maybe credentials, then a client close."""
        r = self.rnd
        s = connect(self.hosts, auth="alice:secret" if r.random() < 0.5 else None)
        self.stats["session"] += 1
        for _ in range(r.choice([0, 0, 1, 2, 3])):
            p = self.newpath()
            self.attempt("session-eph", s.create, p, self.data() or b"", acl=OPEN_ACL_UNSAFE, ephemeral=True,
                         sequence=r.random() < 0.3)
        if r.random() < 0.3:
            q = self.pick()
            if q:
                self.attempt("session-set", s.set, q, b"from a short session")
        s.stop()
        s.close()

    def op_container_cycle(self):
        """Container that gets a child and loses it: reaped later (deleteContainer)."""
        path = self.newpath()
        if self.raw("container", self.c, fx.op_container(path, self.data() or b"", self.acls())):
            kid = path + "/" + self.name()
            if self.attempt("container-child", self.c.create, kid, b"k"):
                self.attempt("container-child-delete", self.c.delete, kid)

    def op_errors(self):
        r = self.rnd
        k = r.randrange(5)
        if k == 0:
            p = self.pick()
            if p:
                self.attempt("err-exists", self.c.create, p, b"dup")          # NodeExists
        elif k == 1:
            e = self.pick(lambda p, n: n.eph)
            if e:
                self.attempt("err-eph-child", self.c.create, e + "/kid", b"")  # NoChildrenForEphemerals
        elif k == 2:
            self.attempt("err-nonode", self.c.delete, self.newpath())        # NoNode
        elif k == 3:
            self.raw("err-ttl0", self.c, fx.op_ttl(self.newpath(), b"", 0))   # BadArguments
        else:
            self.attempt("err-noauth", self.c2.set_acls, "/", [READ_ACL_UNSAFE[0]], version=12345)

    def op_quota(self):
        p = self.pick(lambda p, n: not n.eph)
        if not p:
            return
        r = self.rnd
        q = "/zookeeper/quota" + p
        self.attempt("quota", self.c.create, q + "/zookeeper_limits",
                     ("count=%d,bytes=%d" % (r.choice([-1, 10, 100]), r.choice([-1, 1000]))).encode(),
                     makepath=True)
        self.attempt("quota", self.c.create, q + "/zookeeper_stats",
                     ("count=%d,bytes=%d" % (r.randint(0, 9), r.randint(0, 999))).encode())

    def op_expire(self):
        """A client with ephemerals is SIGKILLed; its session expires server-side."""
        h = self.spawn_holder(1000, r_eph=self.rnd.randint(0, 2))
        time.sleep(0.2)
        procs.stop(h, signal.SIGKILL)
        self.wait_holders_gone(20)
        self.stats["expired"] += 1

    # --- holders --------------------------------------------------------------------
    def spawn_holder(self, timeout_ms, r_eph=1):
        self.attempt("holders", self.c.ensure_path, "/holders")
        p = procs.spawn([sys.executable, os.path.abspath(__file__), "--holder", "--hosts", self.hosts,
                         "--timeout-ms", str(timeout_ms), "--tag", "%s-%d" % (self.tag, len(self.holders)),
                         "--n-eph", str(r_eph)], "session holder", stdout=subprocess.PIPE)
        line = p.stdout.readline()
        if not line.startswith(b"READY"):
            raise RuntimeError("session holder did not start: %r" % line)
        self.holders.append(p)
        return p

    def wait_holders_gone(self, timeout):
        end = time.time() + timeout
        while time.time() < end:
            try:
                if not self.c.exists("/holders") or not self.c.get_children("/holders"):
                    return True
            except KazooException:
                pass
            time.sleep(0.1)
        log("%s: holder ephemerals still there after %ds" % (self.tag, timeout))
        return False

    def leave_session_behind(self):
        """A live session (with an ephemeral) when the server stops: expires after restart."""
        return self.spawn_holder(4000, r_eph=1)

    # --- driver ---------------------------------------------------------------------
    def coverage(self):
        """One of every kind first, so that short runs still hold every txn type."""
        self.op_create("p")
        self.op_create("p")
        self.attempt("create2", self.c.create, self.newpath(), b"create2", include_data=True)
        self.op_create("s")
        self.op_create("e")
        self.op_create("es")
        self.op_create("t")
        self.raw("create-ttl-short", self.c, fx.op_ttl(self.newpath(), b"short", 300))
        self.op_container_cycle()
        self.op_set()
        self.raw("set-null", self.c, fx.op_setdata(self.pick() or "/", None))
        self.op_setacl()
        self.op_multi()
        self.op_multi(fail=True)
        self.op_errors()
        self.op_session()
        p = self.pick(lambda p, n: not self.children(p) and not n.eph)
        if p:
            self.attempt("delete", self.c.delete, p)
            self.nodes.pop(p, None)

    def run(self, n_ops, coverage=True, expiries=1):
        r = self.rnd
        if coverage:
            self.coverage()
        expire_at = sorted(r.sample(range(max(n_ops, 1)), min(expiries, max(n_ops, 1))))
        quota_at = r.randrange(max(n_ops, 1)) if r.random() < 0.7 else -1
        menu = [("create", 30, self.op_create), ("set", 22, self.op_set), ("delete", 12, self.op_delete),
                ("setacl", 7, self.op_setacl), ("multi", 7, self.op_multi),
                ("multifail", 4, lambda: self.op_multi(fail=True)), ("session", 4, self.op_session),
                ("container", 3, self.op_container_cycle), ("errors", 6, self.op_errors)]
        for i in range(n_ops):
            if i in expire_at:
                self.op_expire()
            if i == quota_at:
                self.op_quota()
            if len(self.nodes) > 400:
                self.op_delete()
                continue
            fn = r.choices([m[2] for m in menu], [m[1] for m in menu])[0]
            fn()

    def summary(self):
        ok = sum(v for k, v in self.stats.items() if "!" not in k)
        err = sum(v for k, v in self.stats.items() if "!" in k)
        return "%d requests ok, %d answered with an error (expected), %d nodes in the model" % (
            ok, err, len(self.nodes))

    def close(self):
        for c in (self.c, self.c2):
            try:
                c.stop()
                c.close()
            except Exception:  # noqa: BLE001 - best effort on shutdown
                pass


# ---------------------------------------------------------------------------------
def holder_main(args):
    c = connect(args.hosts, timeout=args.timeout_ms / 1000.0)
    for i in range(args.n_eph):
        c.create("/holders/%s-eph%d" % (args.tag, i), ("held by %s" % args.tag).encode(), ephemeral=True)
    if args.n_eph == 0:
        c.exists("/holders")
    print("READY", flush=True)
    time.sleep(args.max_life)  # normally SIGKILLed within seconds; bounded in any case
    os._exit(0)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--holder", action="store_true", required=True)
    ap.add_argument("--hosts", required=True)
    ap.add_argument("--timeout-ms", type=int, default=1000)
    ap.add_argument("--tag", default="h")
    ap.add_argument("--n-eph", type=int, default=1)
    ap.add_argument("--max-life", type=float, default=120.0)
    holder_main(ap.parse_args())
