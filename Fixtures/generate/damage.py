#!/usr/bin/env python3
"""Makes damaged copies of real fixture files under Fixtures/damaged/<case>/<name>.

Every damaged file starts from a file a real ZooKeeper 3.8.0 server wrote
(Fixtures/zk-3.8.0/...).  Each case keeps a realistic file name (the tools derive the
codec and the zxid from it).  A manifest (damaged/MANIFEST.tsv) records
case, file, base file and what was changed.

Usage: damage.py <Fixtures dir>
"""
import os
import shutil
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zkfiles  # noqa: E402

FIX = os.path.abspath(sys.argv[1])
ZK = os.path.join(FIX, "zk-3.8.0")
OUT = os.path.join(FIX, "damaged")
manifest = []


def rel(p):
    return os.path.relpath(p, os.path.dirname(FIX))


def put(case, name, data, base, what):
    d = os.path.join(OUT, case)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    manifest.append((case, name, rel(base), what))


def hexsort(files, prefix):
    def z(n):
        return int(n.split(".")[1], 16)
    return sorted((f for f in files if f.startswith(prefix)), key=z)


# --- choose the base txn log: the first standalone log with >= 8 entries, >= 2 setData
#     entries with data, and at least one entry that carries a TxnDigest
logdir = os.path.join(ZK, "standalone", "version-2")
base_log = None
for n in hexsort(os.listdir(logdir), "log."):
    b = open(os.path.join(logdir, n), "rb").read()
    es = list(zkfiles.log_entries(b))
    sets = [e for e in es if e["type"] == 5 and e["len"] > 32 + 12 + 4 + 4 + 4]
    if len(es) >= 8 and len(sets) >= 2:
        base_log, LB, ES, SETS = n, b, es, sets
        break
assert base_log, "no suitable base log"
BASE = os.path.join(logdir, base_log)
K = 3  # the entry used for most single-entry damage
E = ES[K]


def patched(buf, off, new):
    b = bytearray(buf)
    b[off:off + len(new)] = new
    return bytes(b)


def data_last_byte(e, buf):
    """Offset of the last data byte of a SetDataTxn entry (path, data, version[, digest])."""
    p = e["payload_off"] + 32
    plen = struct.unpack_from(">i", buf, p)[0]
    p += 4 + plen
    dlen = struct.unpack_from(">i", buf, p)[0]
    return p + 4 + dlen - 1


# CRC errors (payload byte flipped, stored CRC unchanged)
o1 = data_last_byte(SETS[0], LB)
put("log-crc1", base_log, patched(LB, o1, bytes([LB[o1] ^ 0x01])), BASE,
    "last data byte of the setData at zxid 0x%x xor 0x01 (CRC mismatch)" % SETS[0]["zxid"])
o2 = data_last_byte(SETS[1], LB)
b = patched(LB, o1, bytes([LB[o1] ^ 0x01]))
b = patched(b, o2, bytes([b[o2] ^ 0x20]))
put("log-crc2", base_log, b, BASE,
    "two CRC errors: setData zxid 0x%x and 0x%x" % (SETS[0]["zxid"], SETS[1]["zxid"]))
# a CRC error in the time field (changes the printed date of the CRC ERROR line too)
ot = ES[1]["payload_off"] + 8 + 4 + 8 + 5
put("log-crc-time", base_log, patched(LB, ot, bytes([LB[ot] ^ 0x10])), BASE,
    "entry 1: a byte of TxnHeader.time xor 0x10 (CRC mismatch, date differs)")

# truncations
put("log-trunc-mid-header", base_log, LB[:10], BASE, "first 10 bytes (inside the FileHeader)")
put("log-header-only", base_log, LB[:16], BASE, "FileHeader only")
put("log-trunc-mid-crc", base_log, LB[:E["off"] + 4], BASE, "cut inside the crc of entry %d" % K)
put("log-trunc-mid-len", base_log, LB[:E["off"] + 10], BASE, "cut inside the length of entry %d" % K)
put("log-trunc-mid-payload", base_log, LB[:E["payload_off"] + E["len"] // 2], BASE,
    "cut in the middle of the payload of entry %d" % K)
put("log-trunc-before-eor", base_log, LB[:E["eor_off"]], BASE,
    "cut right before the 'B' of entry %d (payload complete)" % K)
put("log-trunc-after-eor", base_log, LB[:E["eor_off"] + 1], BASE,
    "cut right after the 'B' of entry %d (no padding, like FileTxnLog.truncate)" % K)
last = ES[-1]
put("log-no-padding", base_log, LB[:last["eor_off"] + 1], BASE, "zero padding removed after the last entry")

# framing damage
put("log-bad-eor", base_log, patched(LB, E["eor_off"], b"X"), BASE, "'B' of entry %d replaced by 'X'" % K)
for case, val, what in [("log-len-minus1", -1, "-1"), ("log-len-minus2", -2, "-2"),
                        ("log-len-int-max", 0x7fffffff, "2^31-1"), ("log-len-2097151", 2097151, "2,097,151"),
                        ("log-len-2097150", 2097150, "2,097,150 (accepted, then EOF in payload)"),
                        ("log-len-zero", 0, "0 (crc bytes non-zero)")]:
    put(case, base_log, patched(LB, E["off"] + 8, struct.pack(">i", val)), BASE,
        "length of entry %d set to %s" % (K, what))

# bad magic, empty
put("log-bad-magic", base_log, patched(LB, 0, b"ZKLX"), BASE, "magic ZKLG -> ZKLX")
put("log-empty", base_log, b"", BASE, "empty file")
put("log-is-snapshot", base_log, open(os.path.join(logdir, "snapshot.0"), "rb").read(),
    os.path.join(logdir, "snapshot.0"), "a snapshot under a log name (magic ZKSN)")


def fix_crc(buf, e, payload):
    """Replace entry e's payload by `payload`, with a correct CRC and length."""
    b = bytearray(buf[:e["off"]])
    b += struct.pack(">qi", zkfiles.adler(payload), len(payload)) + payload + b"B"
    b += buf[e["eor_off"] + 1:]
    return bytes(b)


payload = LB[E["payload_off"]:E["eor_off"]]
for case, t in [("log-unknown-type", 99), ("log-type-sync", 9), ("log-type-check", 13)]:
    np = payload[:28] + struct.pack(">i", t) + payload[32:]
    put(case, base_log, fix_crc(LB, E, np), BASE, "type of entry %d set to %d, CRC recomputed" % (K, t))

# digest cut (still >= 0 and < 12 bytes left: digest silently absent) and body cut (EOF in body)
DE = next(e for e in ES[2:] if e["type"] == 5)
dp = LB[DE["payload_off"]:DE["eor_off"]]
put("log-digest-cut", base_log, fix_crc(LB, DE, dp[:-3]), BASE,
    "setData zxid 0x%x: last 3 digest bytes removed, length and CRC fixed (digest ignored)" % DE["zxid"])
put("log-body-cut", base_log, fix_crc(LB, DE, dp[:-15]), BASE,
    "setData zxid 0x%x: digest and 3 body bytes removed, length and CRC fixed (EOF inside the body)" % DE["zxid"])

# --- snapshots -------------------------------------------------------------------
snaps = hexsort(os.listdir(logdir), "snapshot.")
PS = snaps[-1]
PSP = os.path.join(logdir, PS)
P = open(PSP, "rb").read()
L = zkfiles.snapshot_layout(P)
put("snap-bad-magic", PS, patched(P, 0, b"ZKSX"), PSP, "magic ZKSN -> ZKSX")
put("snap-empty", PS, b"", PSP, "empty file")
put("snap-seal-altered", PS, patched(P, L["seal1_off"] + 7, bytes([P[L["seal1_off"] + 7] ^ 0xff])), PSP,
    "seal #1 checksum byte xor 0xff (tools do not check seals)")
put("snap-trunc-before-seal", PS, P[:L["seal1_off"]], PSP, "cut right after the '/' terminator, before seal #1")
put("snap-trunc-mid-tree", PS, P[:L["nodes"][len(L["nodes"]) // 2][1] + 7], PSP,
    "cut inside the node records")
put("snap-trailing-garbage", PS, P + b"garbage\x00\xff" * 3, PSP, "30 bytes appended after the last seal")
put("snap-plain-as-gz", PS + ".gz", P, PSP, "uncompressed snapshot named .gz")
put("snap-log-as-snapshot", PS, LB, BASE, "a txn log under a snapshot name (magic ZKLG)")
# a node path whose length is unreasonable
po = L["nodes"][3][1]
put("snap-unreasonable-length", PS, patched(P, po, struct.pack(">i", 0x7fffffff)), PSP,
    "length of the 4th node path set to 2^31-1")
# a child whose parent is missing: rename the parent component of a child path
child = next((p, o) for p, o in L["nodes"] if p.count(b"/") >= 2 and not p.startswith(b"/zookeeper"))
cp, co = child
q = bytearray(cp)
q[1] = ord("Q") if q[1] != ord("Q") else ord("R")
put("snap-missing-parent", PS, patched(P, co + 4, bytes(q)), PSP,
    "path %r -> %r (parent not in the tree)" % (cp.decode("utf-8", "replace"), bytes(q).decode("utf-8", "replace")))
# ACL map vector count -1 (the reader throws a RuntimeException)
r = zkfiles.Reader(P, 16)
ns = r.i32()
r.off += 12 * max(ns, 0)
nacl = r.i32()
assert nacl > 0
acl_vec = r.off + 8
put("snap-acl-null-vector", PS, patched(P, acl_vec, struct.pack(">i", -1)), PSP,
    "count of the first ACL-map vector set to -1")

# gz: the newest .gz snapshot
gzdir = os.path.join(ZK, "standalone-gz", "version-2")
GS = hexsort(os.listdir(gzdir), "snapshot.")[-1]
GSP = os.path.join(gzdir, GS)
G = open(GSP, "rb").read()
mid = len(G) // 2
put("snap-gz-bad-stream", GS, patched(G, mid, bytes([G[mid] ^ 0x55])), GSP,
    "byte %d of the deflate data xor 0x55" % mid)
put("snap-gz-truncated", GS, G[:mid], GSP, "cut in the middle of the deflate data")
put("snap-gz-bad-trailer", GS, patched(G, len(G) - 8, bytes([G[-8] ^ 0xff])), GSP,
    "gzip trailer CRC-32 byte xor 0xff (3.8.0 never reads the trailer)")
put("snap-gz-as-plain", GS[:-3], G, GSP, "gzip snapshot without the .gz suffix")
put("snap-gz-bad-magic", GS, patched(G, 0, b"\x1f\x8c"), GSP, "gzip magic 1f8b -> 1f8c")

# snappy: the largest .snappy snapshot (several 32 KiB blocks if the big node is in it)
sndir = os.path.join(ZK, "standalone-snappy", "version-2")
SS = max(hexsort(os.listdir(sndir), "snapshot."), key=lambda n: os.path.getsize(os.path.join(sndir, n)))
SSP = os.path.join(sndir, SS)
S = open(SSP, "rb").read()
blen = struct.unpack_from(">i", S, 16)[0]
# flip a byte in the middle of the first block's element stream
so = 20 + blen // 2
put("snap-snappy-bad-block", SS, patched(S, so, bytes([S[so] ^ 0xff])), SSP,
    "byte %d (inside the first snappy block) xor 0xff" % so)
put("snap-snappy-bad-length", SS, patched(S, 16, struct.pack(">i", blen + 1000)), SSP,
    "first block length + 1000 (reads past the block)")
put("snap-snappy-truncated", SS, S[:20 + blen // 2], SSP, "cut in the middle of the first block")
put("snap-snappy-bad-magic", SS, patched(S, 1, b"X"), SSP, "snappy magic byte 1 'S' -> 'X'")

with open(os.path.join(OUT, "MANIFEST.tsv"), "w") as f:
    f.write("case\tfile\tbase\tchange\n")
    for row in manifest:
        f.write("\t".join(row) + "\n")
print("damaged: %d files from %s" % (len(manifest), base_log), file=sys.stderr)
