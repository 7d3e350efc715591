#!/usr/bin/env python3
"""Writes the crafted txn logs under logs/ that the vector cases (capture.py) run on.

Every entry is built byte by byte (jute big-endian ints, length-prefixed strings and buffers,
Adler-32 over the payload, 'B' terminator), so the logs can hold what no ZooKeeper writer
produces: every body type with null/empty/escaped fields, CreateTxnV0, extreme times, invalid
UTF-8, damaged framing, bad lengths inside bodies, zxids for chop gap reports. Deterministic.
"""
import struct, zlib, os, sys, random
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'logs')
os.makedirs(OUT, exist_ok=True)

def i32(v): return struct.pack('>i', v)
def i64(v): return struct.pack('>q', v)
def buf(b):
    if b is None: return i32(-1)
    return i32(len(b)) + b
def s(x):
    if x is None: return i32(-1)
    if isinstance(x, str): x = x.encode('utf-8', 'surrogatepass')
    return buf(x)
def acl(perms, scheme, id_): return i32(perms) + s(scheme) + s(id_)
def acls(lst):
    if lst is None: return i32(-1)
    return i32(len(lst)) + b''.join(acl(*a) for a in lst)
OPEN = [(31, 'world', 'anyone')]
def hdr(cid, cxid, zxid, time, typ): return i64(cid) + i32(cxid) + i64(zxid) + i64(time) + i32(typ)
def digest(v=2, d=12345): return i32(v) + i64(d)
def create(path, data, acl_, eph, pcv): return s(path) + buf(data) + acls(acl_) + (b'\1' if eph else b'\0') + i32(pcv)
def createv0(path, data, acl_, eph): return s(path) + buf(data) + acls(acl_) + (b'\1' if eph else b'\0')
def setdata(path, data, v): return s(path) + buf(data) + i32(v)
def subtxn(t, data): return i32(t) + buf(data)

def entry(payload, crc=None, eor=b'B', lenfield=None):
    c = zlib.adler32(payload) & 0xffffffff if crc is None else crc
    L = len(payload) if lenfield is None else lenfield
    return i64(c) + i32(L) + payload + eor

FH = struct.pack('>iiq', 0x5A4B4C47, 2, 0)
def write(name, entries, header=FH, pad=True, tail=b''):
    data = header + b''.join(entries) + tail
    if pad:
        data += b'\0' * 200
    with open(os.path.join(OUT, name), 'wb') as f: f.write(data)

T = 1700000000000
S = 0x1000001a2b30000
z = [0x100000000]
def nz():
    z[0] += 1; return z[0]

# 1. all types
E = []
E.append(hdr(S, 0, nz(), T, -10) + i32(30000) + digest())
E.append(hdr(S, 1, nz(), T+1000, 1) + create('/app', b'hello', OPEN, False, 1) + digest())
E.append(hdr(S, 2, nz(), T+2000, 1) + create('/app/eph', b'a\nb', [(31,'digest','user:pw,hash='),(1,'world','anyone')], True, 1))
E.append(hdr(S, 3, nz(), T+3000, 15) + create('/app/seq0000000002', None, None, False, 2) + digest())
E.append(hdr(S, 4, nz(), T+4000, 15) + create('/app/e', b'', [], True, 3))
E.append(hdr(S, 5, nz(), T+5000, 1) + createv0('/v0', b'old', OPEN, False))
E.append(hdr(S, 5, nz(), T+5000, 1) + createv0('/v0d', b'old', OPEN, True) + digest())
E.append(hdr(S, 6, nz(), T+6000, 19) + s('/cont') + buf(b'c') + acls(OPEN) + i32(4) + digest())
E.append(hdr(S, 7, nz(), T+7000, 21) + s('/ttl') + buf(None) + acls(OPEN) + i32(5) + i64(60000))
E.append(hdr(S, 8, nz(), T+8000, 21) + s('/ttl2') + buf(b'') + acls([(1,'world','anyone')]) + i32(6) + i64(0xFFFFFFFFFF) + digest())
E.append(hdr(S, 9, nz(), T+9000, 5) + setdata('/app', bytes([0xff,0x80,0x41,0x0a,0x00]), 1) + digest())
E.append(hdr(S, 10, nz(), T+10000, 5) + setdata('/app', 'h\u00e9llo \u2603 \U0001F600'.encode(), 2))
E.append(hdr(S, 11, nz(), T+11000, 5) + setdata('/app', bytes([0xed,0xa0,0xbd,0xed,0xb8,0x80,0xc0,0x80,0xf0,0x9f,0x98]), 3))
E.append(hdr(S, 12, nz(), T+12000, 7) + s('/app') + acls([(31,'digest','user:pw,hash='),(1,'world','anyone')]) + i32(1) + digest())
E.append(hdr(S, 13, nz(), T+13000, 7) + s('/a,b}c%d\ne\rf\0g') + acls([(3,'digest','s,}%\n\r\0\'x{"\\\t:h'),(16, b'\xed\xa0\xbd\xed\xb8\x80', 'caf\u00e9')]) + i32(2))
E.append(hdr(S, 14, nz(), T+14000, 7) + s('/app') + acls([(1, None, None)]) + i32(3))
E.append(hdr(S, 15, nz(), T+15000, 7) + s('/app') + acls(None) + i32(4))
E.append(hdr(S, 16, nz(), T+16000, 2) + s('/app/seq0000000002') + digest())
E.append(hdr(S, 17, nz(), T+17000, 2) + s('/a,b}c%d\ne\rf\0g'))
E.append(hdr(0, 0, nz(), T+17000, 20) + s('/cont'))
E.append(hdr(S, 18, nz(), T+18000, 2) + s(None))
E.append(hdr(S, 19, nz(), T+19000, 16) + setdata('/zookeeper/config', b'server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\nversion=100000019', -1) + digest())
ok = [subtxn(1, create('/m1', b'x', OPEN, False, 4)), subtxn(15, create('/m2', None, OPEN, True, 5)), subtxn(21, s('/m3')+buf(b't')+acls(OPEN)+i32(6)+i64(1000)), subtxn(13, s('/app')+i32(3)), subtxn(5, setdata('/m1', '\u00e9\n'.encode(), 1)), subtxn(2, s('/m1')), subtxn(-1, i32(-101)), subtxn(7, b'\x80\xff'), subtxn(99, None), subtxn(106, b'')]
E.append(hdr(S, 20, nz(), T+20000, 14) + i32(len(ok)) + b''.join(ok) + digest())
E.append(hdr(S, 21, nz(), T+21000, 14) + i32(0) + digest())
E.append(hdr(S, 22, nz(), T+22000, 14) + i32(1) + subtxn(13, s('/app') + i32(10)))
E.append(hdr(S, 23, nz(), T+23000, 14) + i32(-5))
E.append(hdr(S, 24, nz(), T+24000, -1) + i32(-110) + digest())
E.append(hdr(S, 25, nz(), T+25000, -11) + i32(3) + s('/app/eph') + s('/x,y') + s('/p%}\n') + digest())
E.append(hdr(S, 26, nz(), T+26000, -11) + i32(2) + s(None) + s(''))
E.append(hdr(S, 27, nz(), T+27000, -11) + i32(-1))
E.append(hdr(S, 28, nz(), T+28000, -11))
E.append(hdr(S, 29, nz(), T+29000, -11) + digest())
E.append(hdr(-1, -5, nz(), T+30000, -10) + i32(4000))
E.append(hdr(S, 30, nz(), T+31000, 1) + create(None, b'x', OPEN, False, 1))
E.append(hdr(S, 31, nz(), T+32000, 1) + create('/pa\u0308th', b'\xe2\x82', OPEN, False, 1))
E.append(hdr(S, 32, nz(), T+33000, 1) + create('/big', bytes(range(256))*3, OPEN, False, 1))
E.append(hdr(S, 33, nz(), T+34000, 5) + setdata('/x', b'\x00', -1) + b'extra trailing bytes here')
write('log.types', [entry(p) for p in E])

# times
TE = []
for t in [0, -1, -999, -1000, -1001, 1, 999, 86399999, 86400000, -86400000, 1700000000999, -12219292800000, -12219292800001, -12219379200000, -62135596800000, -62135596800001, -62167219200000, -100000000000000, 253402300799999, 253402300800000, 9223372036854775807, -9223372036854775808, 4102444800000, 951782400000, 946684799000, 43199000, 43200000, 3599000, 46800000]:
    TE.append(hdr(S, 1, nz(), t, -10) + i32(1))
write('log.times', [entry(p) for p in TE])

# crc
C = [hdr(S, 0, 0x500000001, T, -10) + i32(30000), hdr(S, 1, 0x500000002, T+1000, 1) + create('/a', b'1', OPEN, False, 1), hdr(S, 2, 0x500000003, T+2000, 5) + setdata('/a', b'2', 1), hdr(S, 3, 0x500000004, T+3000, 2) + s('/a')]
write('log.crc', [entry(C[0]), entry(C[1], crc=123), entry(C[2]), entry(C[3], crc=0x7fffffff00000001)])
write('log.crcneg', [entry(C[0], crc=-5)])
# framing
base = [entry(p) for p in C]
write('log.eor-bad', base[:2] + [entry(C[2], eor=b'X')] + base[3:])
write('log.eor-missing', base[:2] + [entry(C[2], eor=b'')], pad=False)
write('log.eor-missing-crc', base[:2] + [entry(C[2], eor=b'', crc=7)], pad=False)
write('log.len-minus1', base[:2] + [i64(0) + i32(-1) + b'\0'*40])
write('log.len-minus2', base[:2] + [i64(0) + i32(-2) + b'\0'*40])
write('log.len-big', base[:2] + [i64(0) + i32(2097151) + b'\0'*40])
write('log.len-max', base[:2] + [i64(0) + i32(2097150) + b'\0'*40])
write('log.len-zero-crc', base[:2] + [i64(99) + i32(0)])
write('log.trunc-crc', base[:2] + [b'\0\0\0'], pad=False)
write('log.trunc-len', base[:2] + [i64(5) + b'\0\0'], pad=False)
write('log.trunc-payload', base[:2] + [i64(5) + i32(100) + b'abc'], pad=False)
write('log.exact', base, pad=False)
write('log.header-only', [], pad=False)
write('log.badmagic', base, header=struct.pack('>iiq', 0x5A4B4C48, 2, 0))
write('log.snapmagic', base, header=struct.pack('>iiq', 0x5A4B534E, 2, -1))
write('log.short5', [], header=b'ZKLG\0', pad=False)
write('log.short5bad', [], header=b'ZKXX\0', pad=False)
write('log.empty', [], header=b'', pad=False)
write('log.dbid', base[:1], header=struct.pack('>iiq', 0x5A4B4C47, -7, -1))
write('log.type-sync', base[:2] + [entry(hdr(S, 9, 0x500000003, T, 9) + s('/x'))] + base[3:])
write('log.type-check', base[:2] + [entry(hdr(S, 9, 0x500000003, T, 13) + s('/x') + i32(1))])
write('log.type-99', base[:2] + [entry(hdr(S, 9, 0x500000003, T, 99))])
write('log.type-sync-crc', base[:2] + [entry(hdr(S, 9, 0x500000003, T, 9) + s('/x'), crc=1)] + base[3:])
write('log.short-header', base[:2] + [entry(b'\1\2\3')] + base[3:])
write('log.body-cut', base[:2] + [entry(hdr(S, 2, 0x500000003, T, 5) + s('/a') + buf(b'2'))] + base[3:])
write('log.create2-cut', base[:2] + [entry(hdr(S, 2, 0x500000003, T, 15) + createv0('/a', b'2', OPEN, False))] + base[3:])
write('log.create-cut-v0-cut', base[:2] + [entry(hdr(S, 2, 0x500000003, T, 1) + s('/a') + buf(b'2') + i32(3))] + base[3:])
write('log.strlen-big', base[:2] + [entry(hdr(S, 2, 0x500000003, T, 5) + i32(3000000) + b'xx')] + base[3:])
write('log.strlen-neg', base[:2] + [entry(hdr(S, 2, 0x500000003, T, 1) + i32(-7) + b'xx')] + base[3:])
write('log.acl-count-big', base[:2] + [entry(hdr(S, 2, 0x500000003, T, 1) + s('/a') + buf(b'2') + i32(0x7fffffff) + acl(1,'a','b'))] + base[3:])
write('log.multi-null', base[:2] + [entry(hdr(S, 2, 0x500000003, T, 14) + i32(-1))] + base[3:])
write('log.multi-cut', base[:2] + [entry(hdr(S, 2, 0x500000003, T, 14) + i32(3) + subtxn(2, s('/a')))] + base[3:])
# chop
CG = []
zs = [0x100000001, 0x100000002, 0x100000003, 0x100000005, 0x200000001, 0x200000002, 0x300000002, 0x300000003]
for i, zz in enumerate(zs):
    CG.append(entry(hdr(S, i, zz, T + i*1000, 5) + setdata('/a', str(i).encode(), i) + digest()))
write('log.chopgap', CG)
write('log.chopgap-crc', CG[:3] + [entry(hdr(S, 9, 0x100000005, T, 5) + setdata('/a', b'x', 1), crc=5)] + CG[4:])
neg = [entry(hdr(S, 0, -5, T, 5) + setdata('/a', b'1', 1)), entry(hdr(S, 0, -1, T, 5) + setdata('/a', b'1', 1)), entry(hdr(S, 0, 7, T, 5) + setdata('/a', b'1', 1)), entry(hdr(S, 0, 0x700000000, T, 5) + setdata('/a', b'1', 1)), entry(hdr(S, 0, 0x700000009, T, 5) + setdata('/a', b'1', 1))]
write('log.chopneg', neg)
# random data fuzz for UTF-8 decoding
random.seed(7)
R = []
for i in range(300):
    n = random.randint(0, 12)
    alphabet = [0x00,0x0a,0x41,0x7f,0x80,0xbf,0xc0,0xc1,0xc2,0xdf,0xe0,0xe1,0xed,0xef,0xf0,0xf4,0xf5,0xf7,0xf8,0xff,0x9f,0xa0,0x90,0x8f,0x2c,0x7d,0x25,0x0d]
    data = bytes(random.choice(alphabet) for _ in range(n))
    path = bytes(random.choice(alphabet) for _ in range(random.randint(0,6)))
    if i % 2:
        R.append(hdr(S, i, 0x900000000 + i, T, 5) + buf(path) + buf(data) + i32(i))
    else:
        R.append(hdr(S, i, 0x900000000 + i, T, 2) + buf(path + data))
write('log.fuzzutf8', [entry(p) for p in R])
print("ok")
