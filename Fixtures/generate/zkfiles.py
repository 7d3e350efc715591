"""Minimal parsers for ZooKeeper txn logs and snapshots (used by damage.py and the
self-checks in generate.sh).  They only locate structures; they do not print."""
import gzip
import struct
import zlib

LOG_MAGIC = 0x5A4B4C47
SNAP_MAGIC = 0x5A4B534E


def log_entries(buf):
    """Yield dicts for each complete entry of a txn log (stops at zero length / EOF).
    Keys: off (entry start = crc), crc, len, payload_off, eor_off, type, zxid."""
    assert struct.unpack_from(">i", buf, 0)[0] == LOG_MAGIC
    off = 16
    while off + 12 <= len(buf):
        crc, ln = struct.unpack_from(">qi", buf, off)
        if ln <= 0 or off + 12 + ln + 1 > len(buf):
            return
        p = off + 12
        client, cxid, zxid, time, typ = struct.unpack_from(">qiqqi", buf, p)
        yield dict(off=off, crc=crc, len=ln, payload_off=p, eor_off=p + ln, type=typ, zxid=zxid,
                   client=client, cxid=cxid, time=time)
        off = p + ln + 1


def adler(b):
    return zlib.adler32(b) & 0xffffffff


class Reader:
    def __init__(self, b, off=0):
        self.b, self.off = b, off

    def i32(self):
        v = struct.unpack_from(">i", self.b, self.off)[0]
        self.off += 4
        return v

    def i64(self):
        v = struct.unpack_from(">q", self.b, self.off)[0]
        self.off += 8
        return v

    def buf(self):
        n = self.i32()
        if n < 0:
            return None
        v = self.b[self.off:self.off + n]
        self.off += n
        return v


def snapshot_layout(raw):
    """Parse an uncompressed snapshot. Returns dict with sessions (file order), nodes
    [(path_bytes, off)], term_off (offset of the '/' terminator), seal1_off, end."""
    r = Reader(raw)
    assert r.i32() == SNAP_MAGIC
    r.i32()
    r.i64()
    sessions = []
    for _ in range(max(r.i32(), 0)):
        sid = r.i64()
        to = r.i32()
        sessions.append((sid, to))
    for _ in range(max(r.i32(), 0)):
        r.i64()
        n = r.i32()
        for _ in range(max(n, 0)):
            r.i32()
            r.buf()
            r.buf()
    nodes = []
    while True:
        off = r.off
        path = r.buf()
        if path == b"/":
            term = off
            break
        r.buf()
        r.i64()
        r.off += 60
        nodes.append((path, off))
    seal1 = r.off
    return dict(sessions=sessions, nodes=nodes, term_off=term, seal1_off=seal1, end=len(raw))


def read_snapshot_bytes(path):
    data = open(path, "rb").read()
    if path.lower().endswith(".gz"):
        return gzip.decompress(data)
    if path.lower().endswith(".snappy"):
        return snappy_java_decompress(data)
    return data


def snappy_java_decompress(data):
    """xerial snappy-java stream: 16-byte header, then (int len, raw snappy block)*."""
    assert data[:8] == b"\x82SNAPPY\x00"
    off = 16
    out = bytearray()
    while off < len(data):
        n = struct.unpack_from(">i", data, off)[0]
        off += 4
        out += raw_snappy_decompress(data[off:off + n])
        off += n
    return bytes(out)


def raw_snappy_decompress(b):
    # varint length
    i = 0
    n = 0
    shift = 0
    while True:
        c = b[i]
        i += 1
        n |= (c & 0x7f) << shift
        shift += 7
        if c < 0x80:
            break
    out = bytearray()
    while i < len(b):
        tag = b[i]
        i += 1
        t = tag & 3
        if t == 0:
            ln = tag >> 2
            if ln >= 60:
                k = ln - 59
                ln = int.from_bytes(b[i:i + k], "little")
                i += k
            ln += 1
            out += b[i:i + ln]
            i += ln
        else:
            if t == 1:
                ln = ((tag >> 2) & 7) + 4
                o = ((tag >> 5) << 8) | b[i]
                i += 1
            elif t == 2:
                ln = (tag >> 2) + 1
                o = int.from_bytes(b[i:i + 2], "little")
                i += 2
            else:
                ln = (tag >> 2) + 1
                o = int.from_bytes(b[i:i + 4], "little")
                i += 4
            for _ in range(ln):
                out.append(out[-o])
    assert len(out) == n
    return bytes(out)
