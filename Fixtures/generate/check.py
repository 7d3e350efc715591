#!/usr/bin/env python3
"""Self-checks of the generated fixtures (run by generate.sh at the end).

* every golden dir has cmd/setup/stdout/stderr/exit, every setup source exists;
* the real logs contain every txn type the brief asks for;
* digest on/off shows in the snapshot tails; crafted 3.9 tails have correct seals;
* the formatter's session/child order in the tree-bin golden matches the Java
  HashMap model in shared/docs/spec-tools-javaorder.py (when that file is present).
"""
import collections
import importlib.util
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zkfiles  # noqa: E402

GEN = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.dirname(GEN)
REPO = os.path.dirname(FIX)
problems = []


def bad(msg):
    problems.append(msg)


# --- goldens ------------------------------------------------------------------------
G = os.path.join(FIX, "goldens")
count = collections.Counter()
for tool in sorted(os.listdir(G)):
    if not os.path.isdir(os.path.join(G, tool)):
        continue
    for case in sorted(os.listdir(os.path.join(G, tool))):
        d = os.path.join(G, tool, case)
        count[tool] += 1
        for f in ["cmd", "setup", "stdout", "stderr", "exit"]:
            if not os.path.isfile(os.path.join(d, f)):
                bad("%s/%s: missing %s" % (tool, case, f))
        cmd = open(os.path.join(d, "cmd"), "rb").read().decode()
        if cmd.split("\n")[0] != tool:
            bad("%s/%s: cmd line 1 is %r" % (tool, case, cmd.split("\n")[0]))
        ex = open(os.path.join(d, "exit")).read()
        if not ex.endswith("\n") or not ex.strip().lstrip("-").isdigit():
            bad("%s/%s: bad exit file %r" % (tool, case, ex))
        for line in open(os.path.join(d, "setup"), "rb").read().decode().splitlines():
            src, dest, mt = line.split("\t")
            if not os.path.isfile(os.path.join(REPO, src)):
                bad("%s/%s: setup source missing: %s" % (tool, case, src))
            int(mt)
print("goldens:", dict(count), "total", sum(count.values()), file=sys.stderr)

# --- txn types in the real logs ---------------------------------------------------------
NAMES = {-10: "createSession", -11: "closeSession", 1: "create", 15: "create2", 19: "createContainer",
         21: "createTTL", 2: "delete", 20: "deleteContainer", 5: "setData", 7: "setACL", 14: "multi",
         -1: "error"}
ZK = os.path.join(FIX, "zk-3.8.0")
for case in ["standalone", "standalone-gz", "standalone-snappy", "standalone-nodigest"]:
    seen = collections.Counter()
    vdir = os.path.join(ZK, case, "version-2")
    for n in os.listdir(vdir):
        if n.startswith("log."):
            for e in zkfiles.log_entries(open(os.path.join(vdir, n), "rb").read()):
                seen[e["type"]] += 1
    missing = [v for k, v in NAMES.items() if not seen[k]]
    if missing:
        bad("%s: txn types missing: %s" % (case, missing))

# --- snapshot tails -----------------------------------------------------------------
for case in os.listdir(ZK):
    vdir = os.path.join(ZK, case, "version-2")
    if not os.path.isdir(vdir):
        continue
    for n in os.listdir(vdir):
        if not n.startswith("snapshot."):
            continue
        raw = zkfiles.read_snapshot_bytes(os.path.join(vdir, n))
        lay = zkfiles.snapshot_layout(raw)
        s1 = lay["seal1_off"]
        if struct.unpack_from(">q", raw, s1)[0] != zkfiles.adler(raw[:s1]):
            bad("%s/%s: seal #1 wrong" % (case, n))
        tail = len(raw) - s1
        want = 13 if case == "standalone-nodigest" else 46
        if tail != want:
            bad("%s/%s: %d bytes from seal #1 to EOF, expected %d" % (case, n, tail, want))
for sub in ["tail39", "tail39-nodigest"]:
    d = os.path.join(FIX, "crafted", sub)
    for n in os.listdir(d):
        raw = open(os.path.join(d, n), "rb").read()
        end = len(raw) - 13
        if struct.unpack_from(">q", raw, end)[0] != zkfiles.adler(raw[:end]) or raw[-5:] != b"\0\0\0\x01/":
            bad("crafted/%s/%s: seal #3 wrong" % (sub, n))

# --- Java hash order model vs the tree-bin golden -----------------------------------------
model = "/work/shared/docs/spec-tools-javaorder.py"
if os.path.isfile(model):
    spec = importlib.util.spec_from_file_location("jo", model)
    jo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(jo)
    raw = open(os.path.join(FIX, "crafted", "treebin", "snapshot.100000064"), "rb").read()
    lay = zkfiles.snapshot_layout(raw)
    out = open(os.path.join(G, "formatter", "text-crafted-treebin", "stdout"), encoding="utf-8").read()
    sess = out.split("Session Details (sid, timeout, ephemeralCount):\n")[1].split("----")[0].splitlines()
    want = ["%#016x" % (s & 0xffffffffffffffff) for s in jo.long_map_order([s for s, _ in lay["sessions"]])]
    if [x.split(",")[0] for x in sess] != want:
        bad("treebin: session order differs from the HashMap model")
    for parent in ["/treebin/eq", "/treebin/low"]:
        kids = [p.decode()[len(parent) + 1:] for p, _ in lay["nodes"] if p.decode().startswith(parent + "/")]
        printed = [ln[len(parent) + 1:] for ln in out.splitlines() if ln.startswith(parent + "/")]
        if jo.string_set_order(kids) != printed:
            bad("treebin: child order of %s differs from the HashSet model" % parent)

if problems:
    for p in problems:
        print("CHECK FAILED:", p, file=sys.stderr)
    sys.exit(1)
print("checks passed", file=sys.stderr)
