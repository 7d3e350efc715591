#!/usr/bin/env python3
"""Client workload for the fixture servers (kazoo).

Drives a REAL ZooKeeper 3.8.0 server so that its txn logs and snapshots contain every
txn type the server can write: createSession, closeSession (with and without
ephemerals, client close and server-side expiry), create / create2 in every mode
(persistent, ephemeral, sequential, ephemeral-sequential, container, TTL), delete,
deleteContainer (container manager reaping containers and expired TTL nodes), setData
(binary, invalid UTF-8, empty, null), setACL (digest / ip / world, several ACLs, emoji
ids), multi (all succeed; one op fails -> error sub-txns), top-level error txns,
non-ASCII paths, quota nodes.

Usage: workload.py --hosts H --phase {one,two,ens-a,ens-b,ens-c} [--big]
       workload.py --holder --hosts H --timeout-ms N --tag T   (internal: a client that
                                                         is SIGKILLed to let its session expire)
Everything is deterministic except time-dependent values (session ids, timestamps).
"""
import argparse
import os
import random
import signal
import struct
import subprocess
import sys
import time

from kazoo.client import KazooClient
from kazoo.exceptions import KazooException, NoNodeError
from kazoo.handlers.threading import KazooTimeoutError
from kazoo.protocol.serialization import (CheckVersion, Create, Delete, SetData,
                                          write_buffer, write_string)
from kazoo.security import ACL, Id, make_digest_acl, OPEN_ACL_UNSAFE, READ_ACL_UNSAFE

I32 = struct.Struct(">i")
I64 = struct.Struct(">q")

ALL = 31
PERM_READ, PERM_WRITE, PERM_CREATE, PERM_DELETE, PERM_ADMIN = 1, 2, 4, 8, 16


def log(*a):
    print("[workload]", *a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------
# Raw requests for what kazoo does not offer (container / TTL creates, null data,
# multi with arbitrary op types).  The response is returned raw and not parsed.

def _acl_bytes(acls):
    b = bytearray(I32.pack(len(acls)))
    for a in acls:
        b += I32.pack(a.perms) + write_string(a.id.scheme) + write_string(a.id.id)
    return bytes(b)


class Raw:
    """A request with a given op type and pre-serialized body."""

    def __init__(self, type_, body, path="/"):
        self.type = type_
        self.body = bytes(body)
        self.path = path

    def serialize(self):
        return bytearray(self.body)

    def deserialize(self, buf, offset):
        return bytes(buf[offset:])


def create_body(path, data, acls, flags, ttl=None):
    b = write_string(path) + write_buffer(data) + _acl_bytes(acls) + I32.pack(flags)
    if ttl is not None:
        b += I64.pack(ttl)
    return b


def op_create(path, data, acls=OPEN_ACL_UNSAFE, flags=0):
    return Raw(1, create_body(path, data, acls, flags), path)


def op_create2(path, data, acls=OPEN_ACL_UNSAFE, flags=0):
    return Raw(15, create_body(path, data, acls, flags), path)


def op_container(path, data, acls=OPEN_ACL_UNSAFE):
    return Raw(19, create_body(path, data, acls, 4), path)


def op_ttl(path, data, ttl, acls=OPEN_ACL_UNSAFE, sequential=False):
    return Raw(21, create_body(path, data, acls, 6 if sequential else 5, ttl), path)


def op_setdata(path, data, version=-1):
    return Raw(5, write_string(path) + write_buffer(data) + I32.pack(version), path)


def op_delete(path, version=-1):
    return Raw(2, write_string(path) + I32.pack(version), path)


def op_check(path, version):
    return Raw(13, write_string(path) + I32.pack(version), path)


def multi(ops):
    b = bytearray()
    for op in ops:
        b += I32.pack(op.type) + b"\x00" + I32.pack(-1) + op.body
    b += I32.pack(-1) + b"\x01" + I32.pack(-1)
    return Raw(14, b)


def call(client, req, expect_error=False):
    """Send a raw request; return True on success, False on a server error."""
    async_obj = client.handler.async_result()
    client._call(req, async_obj)
    try:
        res = async_obj.get(timeout=10)
        if req.type == 14 and isinstance(res, list) and len(res) >= 4 and \
                I32.unpack(bytes(res[:4]))[0] == -1:
            if not expect_error:
                log("unexpected failed multi")
            return False
        if expect_error:
            log("note: expected an error but op type", req.type, "succeeded")
        return True
    except KazooException as e:
        if not expect_error:
            log("unexpected error", type(e).__name__, "for op type", req.type, req.path)
        return False


def expect_error(fn, *a, **kw):
    try:
        fn(*a, **kw)
        log("note: expected error did not happen", fn.__name__, a)
    except KazooException:
        pass


def wait_until(pred, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(0.1)
    log("timeout waiting for", what)
    return False


def connect(hosts, timeout=10.0, auth=None):
    c = KazooClient(hosts=hosts, timeout=timeout,
                    connection_retry={"max_tries": 200, "delay": 0.2, "max_delay": 1},
                    command_retry={"max_tries": 20, "delay": 0.2, "max_delay": 1})
    c.start(timeout=30)
    if auth:
        c.add_auth("digest", auth)
    return c


# ---------------------------------------------------------------------------------
# Short-lived helper processes whose session must expire (SIGKILLed).

def spawn_holder(hosts, timeout_ms, tag, n_eph=2):
    p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--holder", "--hosts", hosts,
                          "--timeout-ms", str(timeout_ms), "--tag", tag, "--n-eph", str(n_eph)],
                         stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    line = p.stdout.readline()
    if not line.startswith(b"READY"):
        raise SystemExit("holder did not start: %r" % line)
    return p


def holder_main(args):
    c = connect(args.hosts, timeout=args.timeout_ms / 1000.0)
    for i in range(args.n_eph):
        c.create("/holders/%s-eph%d" % (args.tag, i), ("held by %s" % args.tag).encode(), ephemeral=True,
                 makepath=False)
    print("READY", flush=True)
    # bounded: normally SIGKILLed within seconds; never outlives a failed run for long
    time.sleep(args.max_life)
    os._exit(0)


def kill_holder(p):
    p.send_signal(signal.SIGKILL)
    p.wait()


# ---------------------------------------------------------------------------------

BINARY = bytes([0x00, 0x01, 0x7f, 0x80, 0xff, 0x10, 0x0a, 0x41])
INVALID_UTF8 = b"\xc0\x80|\xed\xa0\x80|\xed\xa0\xbd\xed\xb8\x80|\xf4\x90\x80\x80|\xe2\x82A|\xff\xfe|\xf0\x9f\x98"
TEXTY = "h\u00e9llo \u2603 \U0001F600 \u4e2d\u6587 tab\tnl\nnul\x00 ,}%'\"\\".encode("utf-8")


def phase_one(hosts, rnd, big):
    alice = make_digest_acl("alice", "secret", all=True)
    bob_read = make_digest_acl("bob", "pw", read=True)
    emoji = ACL(PERM_READ | PERM_WRITE, Id("digest", "\U0001F600\u00e9\u4e2d:" + "x" * 27 + "="))
    ip_acl = ACL(PERM_READ, Id("ip", "127.0.0.1"))
    ip_net = ACL(ALL, Id("ip", "10.0.0.0/8"))
    world_read = READ_ACL_UNSAFE[0]

    c = connect(hosts, auth="alice:secret")
    log("main session 0x%x" % c.client_id[0])

    # persistent, with the default ACL and with several ACLs
    c.create("/app", b"hello")
    c.create("/app/multi-acl", b"acl", acl=[alice, ip_acl, world_read])
    c.create("/app/c2", b"create2 data", include_data=True)            # create2
    call(c, op_create2("/app/c2-null", None))                             # create2, null data
    call(c, op_create("/app/null", None))                                  # create, null data
    c.create("/app/empty", b"")
    c.create("/app/bin", BINARY)
    # sequential (persistent) and ephemeral-sequential
    for i in range(3):
        c.create("/app/seq-", b"s%d" % i, sequence=True)
    c.create("/app/eph", b"ephemeral", ephemeral=True)
    for i in range(2):
        c.create("/app/eseq-", b"", ephemeral=True, sequence=True)
    # non-ASCII paths and data
    c.create("/\u00e9t\u00e9", "caf\u00e9 \U0001F600".encode())
    c.create("/\u4e2d\u6587", "\u6570\u636e".encode())
    c.create("/\u00e9t\u00e9/\u00fcn\u00efc\u00f6d\u00e9", TEXTY)
    c.create("/odd,name}100%", b"jute escapes in the path")
    c.create("/quote'\"\\ {x}", b"json escapes")
    # many children, for the Java HashSet child order in the formatter
    c.create("/many", b"")
    names = ["k%d" % i for i in range(30)] + ["Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa", "zz-\u00e9"]
    rnd.shuffle(names)
    for n in names:
        c.create("/many/" + n, n.encode())
    # quota nodes (what `setquota` creates), the stats are recomputed by the formatter
    c.create("/zookeeper/quota/app/zookeeper_limits", b"count=100,bytes=-1", makepath=True)
    c.create("/zookeeper/quota/app/zookeeper_stats", b"count=1,bytes=5")

    # setData: binary, invalid UTF-8, empty, null, emoji, versions
    c.set("/app", BINARY)
    c.set("/app", INVALID_UTF8)
    c.set("/app", b"")
    call(c, op_setdata("/app", None))
    c.set("/app", TEXTY)
    c.set("/app/bin", b"x" * 200, version=0)
    # setACL: digest + ip + world + emoji ids
    c.set_acls("/app/multi-acl", [alice, ip_net, emoji, bob_read])
    c.create("/acl", b"acl test", acl=[alice])
    c.set_acls("/acl", [alice, ip_acl], version=0)
    c.set_acls("/acl", [ACL(ALL, Id("auth", ""))])   # auth scheme -> fixed up to the session's digest id
    c.set_acls("/many", [world_read, alice])

    # multi, everything succeeds: create, check, setData, delete (+ create2, container, TTL)
    call(c, multi([op_create("/m1", b"x"), op_check("/app", 5), op_setdata("/m1", b"y"),
                   op_create2("/m2", b"two"), op_container("/mc", b"c"), op_ttl("/mt", b"t", 60000),
                   op_delete("/m1")]))
    # multi with a failing op in the middle -> error sub-txns
    call(c, multi([op_create("/f1", b"ok"), op_setdata("/app", b"z", 1000), op_delete("/m2")]),
         expect_error=True)
    # multi where the last sub-op is a check with version 10 (raw bytes end in 0x0a)
    for i in range(10):
        c.set("/m2", b"v%d" % i)
    call(c, multi([op_setdata("/m2", b"ten"), op_check("/m2", 11)]))
    call(c, multi([op_check("/m2", 11)]))
    call(c, multi([op_check("/nope", 0)]), expect_error=True)

    # top-level error txns
    expect_error(c.create, "/app", b"again")                    # NodeExists
    expect_error(c.delete, "/nonexistent")                     # NoNode
    expect_error(c.set, "/app", b"v", version=99)               # BadVersion
    expect_error(c.delete, "/many")                            # NotEmpty
    expect_error(c.create, "/app/eph/child", b"")               # NoChildrenForEphemerals
    expect_error(c.set_acls, "/acl", [world_read], version=7)   # BadVersion on setACL

    # container: gets a child, loses it, is reaped by the container manager (deleteContainer)
    call(c, op_container("/cont", b"container data"))
    c.create("/cont/child", b"")
    c.delete("/cont/child")
    wait_until(lambda: c.exists("/cont") is None, 15, "container reaping")
    # TTL: expires and is reaped (deleteContainer); a sequential TTL node stays
    call(c, op_ttl("/ttl", b"ttl", 1000))
    call(c, op_ttl("/ttlseq-", b"", 3600000, sequential=True))
    wait_until(lambda: c.exists("/ttl") is None, 15, "TTL reaping")

    # a session that closes normally, owning ephemerals
    s2 = connect(hosts)
    s2.create("/app/s2-eph", b"bye", ephemeral=True)
    s2.create("/app/s2-eseq-", b"", ephemeral=True, sequence=True)
    s2.stop()
    s2.close()
    # a session that closes without ephemerals
    s3 = connect(hosts)
    s3.get("/app")
    s3.stop()
    s3.close()
    # a session that expires (client killed, short timeout)
    c.ensure_path("/holders")
    h = spawn_holder(hosts, 1000, "exp1")
    kill_holder(h)
    wait_until(lambda: not c.get_children("/holders"), 20, "session expiry")
    c.delete("/app/" + sorted(n for n in c.get_children("/app") if n.startswith("seq-"))[0])
    c.set("/\u00e9t\u00e9", "\U0001F600\U0001F680".encode())
    if big:
        blob = bytes(rnd.getrandbits(8) & 0x3f | 0x40 for _ in range(40000))
        c.create("/big", blob)
    c.stop()
    c.close()


def phase_one_tail(hosts):
    """Leave a session behind that is alive when the server stops; it expires after restart."""
    return spawn_holder(hosts, 4000, "restart", n_eph=1)


def phase_two(hosts, rnd, big):
    c = connect(hosts, auth="alice:secret")
    log("main session 0x%x" % c.client_id[0])
    # the session from before the restart expires (server-side closeSession)
    wait_until(lambda: not c.get_children("/holders"), 30, "post-restart expiry")
    if big:
        c.set("/big", b"small now")
    c.set("/app", b"after restart")
    c.delete("/app/null")
    for i in range(12):
        c.create("/many/late%02d" % i, b"", ephemeral=(i % 3 == 0))
    for i in range(0, 12, 2):
        c.delete("/many/late%02d" % i)
    call(c, multi([op_create("/p2", None), op_setdata("/p2", b"\xff"), op_check("/p2", 1),
                   op_delete("/p2")]))
    call(c, multi([op_create("/p3", b""), op_create("/p3", b"dup")]), expect_error=True)
    c.create("/final", "\u00e9\U0001F600".encode())
    s = connect(hosts)
    s.create("/s-eph", b"", ephemeral=True)
    s.stop()
    s.close()
    c.stop()
    c.close()


# --- ensemble --------------------------------------------------------------------

def ens_a(hosts, rnd):
    c = connect(hosts, auth="alice:secret")
    c.create("/ens", b"epoch one")
    c.create("/ens/eph", b"", ephemeral=True)
    for i in range(24):
        c.create("/ens/n-", b"%d" % i, sequence=True)
    c.set("/ens", BINARY)
    call(c, op_container("/ens-cont", b""))
    c.create("/ens-cont/x", b"")
    call(c, op_ttl("/ens-ttl", b"", 500000))
    call(c, multi([op_create("/ens/m", b"1"), op_check("/ens", 1), op_setdata("/ens/m", b"2")]))
    expect_error(c.create, "/ens", b"")
    s = connect(hosts)
    s.create("/ens/s-eph", b"", ephemeral=True)
    s.stop()
    s.close()
    c.stop()
    c.close()


def ens_b(hosts, rnd):
    c = connect(hosts, auth="alice:secret")
    c.set("/ens", b"epoch two")
    c.delete("/ens-cont/x")
    for i in range(6):
        c.create("/ens/b%d" % i, ("\u00e9%d" % i).encode())
    seqs = sorted(n for n in c.get_children("/ens") if n.startswith("n-"))
    for i, n in enumerate(seqs[::2]):
        c.set("/ens/" + n, b"epoch two %d" % i)
    call(c, multi([op_delete("/ens/m"), op_setdata("/ens", b"x", 77)]), expect_error=True)
    c.ensure_path("/holders")
    h = spawn_holder(hosts, 1000, "ens-exp")
    kill_holder(h)
    wait_until(lambda: not c.get_children("/holders"), 20, "session expiry")
    c.stop()
    c.close()


def ens_c(hosts, rnd):
    c = connect(hosts, auth="alice:secret")
    c.set("/ens", b"after rejoin")
    for i in range(6):
        c.delete("/ens/b%d" % i)
    c.create("/ens/last", b"")
    c.stop()
    c.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", required=True)
    ap.add_argument("--phase")
    ap.add_argument("--big", action="store_true")
    ap.add_argument("--seed", type=int, default=3808)
    ap.add_argument("--holder", action="store_true")
    ap.add_argument("--timeout-ms", type=int, default=1000)
    ap.add_argument("--tag", default="h")
    ap.add_argument("--n-eph", type=int, default=2)
    ap.add_argument("--pidfile")
    ap.add_argument("--max-life", type=float, default=180.0)
    args = ap.parse_args()
    if args.holder:
        return holder_main(args)
    rnd = random.Random(args.seed)
    if args.phase == "one":
        phase_one(args.hosts, rnd, args.big)
        # the holder outlives this process; its pid is reported for the caller to kill
        h = phase_one_tail(args.hosts)
        with open(args.pidfile, "w") as f:
            f.write(str(h.pid))
    elif args.phase == "two":
        phase_two(args.hosts, rnd, args.big)
    elif args.phase == "ens-a":
        ens_a(args.hosts, rnd)
    elif args.phase == "ens-b":
        ens_b(args.hosts, rnd)
    elif args.phase == "ens-c":
        ens_c(args.hosts, rnd)
    else:
        ap.error("unknown phase")


if __name__ == "__main__":
    main()
