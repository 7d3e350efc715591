"""Real ZooKeeper 3.8.0 servers (Debian jars) on 127.0.0.1, driven by workload.py.

Each run writes its data dirs under <run>/servers/<name>/data and copies the finished
version-2 directories to <run>/data/<name>/ (plus myid for ensemble members).  Servers
are started through procs.spawn (pid recorded for bin/conformance's trap) and always
stopped by pid.
"""
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time

import procs
import workload

ZK_MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain"
QUORUM_MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain"


def log(*a):
    print("[conformance]", *a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------
def port_free(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


_taken = set()


def pick_ports(n):
    """n free ports in 23100..24999 (away from 2181/2888/3888 and the fixture generator's
    22181..22393).  The start is randomised by pid so that two harnesses can run at once;
    the seed is not involved (ports never reach the data files)."""
    rnd = random.Random(os.getpid() ^ int(time.time()))
    for _ in range(200):
        base = rnd.randrange(23100, 25000 - n)
        ports = list(range(base, base + n))
        if all(p not in _taken and port_free(p) for p in ports):
            _taken.update(ports)
            return ports
    raise SystemExit("no free port range found in 23100..24999")


def wait_port(port, timeout=60.0, proc=None):
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("server exited with %s before port %d opened" % (proc.returncode, port))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("port %d did not open" % port)


def srvr_mode(port):
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
        for line in data.decode("utf-8", "replace").splitlines():
            if line.startswith("Mode: "):
                return line[6:]
    except OSError:
        pass
    return "?"


def wait_quorum(ports, timeout=90.0):
    end = time.time() + timeout
    while time.time() < end:
        modes = [srvr_mode(p) for p in ports]
        if modes.count("leader") == 1 and modes.count("follower") == len(ports) - 1:
            return modes
        time.sleep(0.25)
    raise RuntimeError("quorum did not form on ports %s" % ports)


# ---------------------------------------------------------------------------------
class Settings:
    """The server-side knobs varied per seed."""

    def __init__(self, codec="plain", digest=True, close_txn=True, prealloc_kb=8, snap_count=40):
        self.codec, self.digest, self.close_txn = codec, digest, close_txn
        self.prealloc_kb, self.snap_count = prealloc_kb, snap_count

    def jvm_flags(self):
        f = ["-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true",
             "-Dzookeeper.preAllocSize=%d" % self.prealloc_kb,
             "-Dzookeeper.snapCount=%d" % self.snap_count,
             "-Dzookeeper.extendedTypesEnabled=true",
             "-Dznode.container.checkIntervalMs=300",
             "-Dzookeeper.admin.enableServer=false"]
        if self.codec != "plain":
            f.append("-Dzookeeper.snapshot.compression.method=%s" % self.codec)
        if not self.digest:
            f.append("-Dzookeeper.digest.enabled=false")
        if not self.close_txn:
            f.append("-Dzookeeper.closeSessionTxn.enabled=false")
        return f

    def describe(self):
        return "codec=%s digest=%s closeSessionTxn=%s preAllocSize=%dKiB snapCount=%d" % (
            self.codec, "on" if self.digest else "off", "on" if self.close_txn else "off",
            self.prealloc_kb, self.snap_count)


class Server:
    def __init__(self, env, name, main, cfg_path, settings):
        self.env, self.name, self.main, self.cfg, self.settings = env, name, main, cfg_path, settings
        self.proc = None

    def start(self):
        out = open(os.path.join(self.env.run, "servers", self.name + ".out"), "ab")
        cmd = ["java", "-XX:-UsePerfData", "-cp", self.env.cp] + self.settings.jvm_flags() + [self.main, self.cfg]
        self.proc = procs.spawn(cmd, "zookeeper %s" % self.name, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        out.close()
        log("started %s (pid %d; %s)" % (self.name, self.proc.pid, self.settings.describe()))

    def stop(self, sig=signal.SIGTERM):
        if self.proc is not None:
            procs.stop(self.proc, sig)
            log("stopped %s (pid %d, %s)" % (self.name, self.proc.pid, signal.Signals(sig).name))
            self.proc = None


class Env:
    """What the server runs share: run dir, classpath, seed, pidfile."""

    def __init__(self, run, cp, seed, quick):
        self.run, self.cp, self.seed, self.quick = run, cp, seed, quick
        os.makedirs(os.path.join(run, "servers"), exist_ok=True)
        os.makedirs(os.path.join(run, "data"), exist_ok=True)

    def rnd(self, *what):
        return random.Random("%s/%s" % (self.seed, "/".join(str(w) for w in what)))


def _keep(env, name, datadir, with_myid=False):
    out = os.path.join(env.run, "data", name)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    shutil.copytree(os.path.join(datadir, "version-2"), os.path.join(out, "version-2"))
    if with_myid:
        shutil.copy2(os.path.join(datadir, "myid"), os.path.join(out, "myid"))
    return out


# ---------------------------------------------------------------------------------
def run_standalone(env, name, settings, ops, restart_settings=None):
    """One ZooKeeperServerMain: workload phase 1, a session left alive, server stopped
    (SIGTERM or SIGKILL), restarted (maybe with another codec), phase 2 (the orphaned
    session expires server-side), stopped.  Returns the kept data dir."""
    rnd = env.rnd("standalone", name)
    (port,) = pick_ports(1)
    base = os.path.join(env.run, "servers", name)
    data = os.path.join(base, "data")
    os.makedirs(data)
    cfg = os.path.join(base, "zoo.cfg")
    with open(cfg, "w") as f:
        f.write("tickTime=500\ndataDir=%s\nclientPort=%d\nclientPortAddress=127.0.0.1\n"
                "maxClientCnxns=0\nadmin.enableServer=false\n" % (data, port))
    hosts = "127.0.0.1:%d" % port
    srv = Server(env, name, ZK_MAIN, cfg, settings)
    srv.start()
    wait_port(port, proc=srv.proc)
    w = workload.Workload(hosts, env.rnd("workload", name, 1), name, env.run, quick=env.quick)
    w.run(ops[0])
    holder = w.leave_session_behind()
    w.close()
    time.sleep(0.3)
    procs.stop(holder, signal.SIGKILL)
    sig = signal.SIGKILL if rnd.random() < 0.3 else signal.SIGTERM
    srv.stop(sig)
    if restart_settings is not None:
        srv.settings = restart_settings
    srv.start()
    wait_port(port, proc=srv.proc)
    w = workload.Workload(hosts, env.rnd("workload", name, 2), name, env.run, quick=env.quick)
    w.wait_holders_gone(30)
    w.run(ops[1])
    w.close()
    srv.stop(signal.SIGTERM)
    log("%s: %s" % (name, w.summary()))
    return _keep(env, name, data)


def run_ensemble(env, name, settings_per_server, ops):
    """3 QuorumPeerMain servers; the leader is SIGKILLed after phase a, phase b runs on the
    other two, the old leader is restarted, phase c, all stopped.  All three dirs kept."""
    ports = pick_ports(9)
    client = ports[0:3]
    quorum = ports[3:6]
    election = ports[6:9]
    servers = []
    dirs = []
    for i in range(3):
        base = os.path.join(env.run, "servers", "%s-s%d" % (name, i + 1))
        data = os.path.join(base, "data")
        os.makedirs(data)
        with open(os.path.join(data, "myid"), "w") as f:
            f.write("%d\n" % (i + 1))
        cfg = os.path.join(base, "zoo.cfg")
        with open(cfg, "w") as f:
            f.write("tickTime=500\ninitLimit=20\nsyncLimit=10\ndataDir=%s\nclientPort=%d\n"
                    "clientPortAddress=127.0.0.1\nmaxClientCnxns=0\nadmin.enableServer=false\n"
                    "4lw.commands.whitelist=srvr\n" % (data, client[i]))
            for j in range(3):
                f.write("server.%d=127.0.0.1:%d:%d\n" % (j + 1, quorum[j], election[j]))
        servers.append(Server(env, "%s-s%d" % (name, i + 1), QUORUM_MAIN, cfg, settings_per_server[i]))
        dirs.append(data)
    hosts = ",".join("127.0.0.1:%d" % p for p in client)
    for s in servers:
        s.start()
    wait_quorum(client)
    w = workload.Workload(hosts, env.rnd("workload", name, "a"), name, env.run, quick=env.quick)
    w.run(ops[0])
    w.close()
    modes = [srvr_mode(p) for p in client]
    leader = modes.index("leader") if "leader" in modes else 0
    log("%s: leader is server %d: SIGKILL" % (name, leader + 1))
    servers[leader].stop(signal.SIGKILL)
    wait_quorum([p for i, p in enumerate(client) if i != leader])
    w = workload.Workload(hosts, env.rnd("workload", name, "b"), name, env.run, quick=env.quick)
    w.run(ops[1])
    w.close()
    log("%s: restarting server %d" % (name, leader + 1))
    servers[leader].start()
    wait_quorum(client)
    w = workload.Workload(hosts, env.rnd("workload", name, "c"), name, env.run, quick=env.quick)
    w.run(ops[2])
    w.close()
    for s in servers:
        s.stop(signal.SIGTERM)
    kept = []
    for i in range(3):
        kept.append(_keep(env, "%s-server%d%s" % (name, i + 1, "-oldleader" if i == leader else ""),
                          dirs[i], with_myid=True))
    return kept
