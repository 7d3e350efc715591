// Writes the crafted fixture files with ZooKeeper 3.8.0's own writer classes
// (DataTree + FileSnap.serialize for snapshots, FileTxnLog.append for txn logs).
//
// Run (JDK 17 single-file launch):
//   java -cp "$ZK_CP" Craft.java <out-dir> <digest-less-snapshot-file>
//
// Output (all under <out-dir>):
//   treebin/snapshot.100000064   children and sessions that fall into Java HashMap tree bins
//   oddnames/snapshot.100000050  JSON/jute escapes in names, null/empty/binary data, quota
//                                subtree with stale stats, container/TTL owners, deep tree
//   tail39/snapshot.100000050    oddnames + a 3.9-style tail (lastProcessedZxid + seal #3)
//   tail39-nodigest/snapshot.<z> a digest-less 3.8 snapshot + lastProcessedZxid + seal (21-byte tail)
//   txns/log.100000001           every txn body type, with and without TxnDigest
//   chopgap/log.100000001        zxids with intra- and inter-epoch gaps (for chop)
//   unsupported-sync/log.500000001, unsupported-check/log.500000001, multi-null/log.500000001,
//   multi-empty-last/log.500000001  logs whose dump crashes or ends oddly
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.zip.Adler32;

import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileSnap;
import org.apache.zookeeper.server.persistence.FileTxnLog;
import org.apache.zookeeper.txn.*;

public class Craft {
    static final List<ACL> OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;
    static final List<ACL> READ = ZooDefs.Ids.READ_ACL_UNSAFE;

    static List<ACL> acls(Object... kv) {
        List<ACL> l = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 3) {
            l.add(new ACL((Integer) kv[i], new Id((String) kv[i + 1], (String) kv[i + 2])));
        }
        return l;
    }

    static int spread(int h) {
        return h ^ (h >>> 16);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] ser(Record r) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        r.serialize(BinaryOutputArchive.getArchive(b), "txn");
        return b.toByteArray();
    }

    // 2023-01-15T10:00:00Z etc.
    static long t(String iso) {
        return java.time.Instant.parse(iso).toEpochMilli();
    }

    static File fresh(File out, String sub) throws IOException {
        File d = new File(out, sub);
        if (d.exists()) {
            for (File f : d.listFiles()) {
                f.delete();
            }
        }
        d.mkdirs();
        return d;
    }

    // ------------------------------------------------------------------------------
    static void treebin(File out) throws Exception {
        DataTree dt = new DataTree();
        long zx = 0x100000001L;
        long time = t("2023-06-01T12:00:00Z");
        dt.createNode("/treebin", bytes("tree bins"), OPEN, 0, dt.getNode("/").stat.getCversion(), zx++, time);

        // (a) 16 names with the SAME String.hashCode ({Aa,BB}^4), mixed with 20 others
        dt.createNode("/treebin/eq", new byte[0], OPEN, 0, 0, zx++, time);
        String[] ab = {"Aa", "BB"};
        List<String> eq = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            StringBuilder sb = new StringBuilder();
            for (int b = 3; b >= 0; b--) {
                sb.append(ab[(i >> b) & 1]);
            }
            eq.add(sb.toString());
        }
        int cv = 0;
        for (int i = 0; i < 16; i++) {
            dt.createNode("/treebin/eq/" + eq.get(i), null, OPEN, 0, cv++, zx++, time);
            if (i % 2 == 1) {
                dt.createNode("/treebin/eq/x" + i, null, OPEN, 0, cv++, zx++, time);
            }
        }
        for (int i = 0; i < 12; i++) {
            dt.createNode("/treebin/eq/y" + i, new byte[] {(byte) i}, OPEN, 0, cv++, zx++, time);
        }

        // (b) names whose spread hash shares the low 6 bits (same bucket up to capacity 64)
        //     but differs above, so resizes split, untreeify and re-treeify the bin
        dt.createNode("/treebin/low", new byte[0], OPEN, 0, 1, zx++, time);
        List<String> low = new ArrayList<>();
        for (int i = 0; low.size() < 20; i++) {
            String n = "c" + i;
            if ((spread(n.hashCode()) & 63) == 13) {
                low.add(n);
            }
        }
        cv = 0;
        for (int i = 0; i < 11; i++) {
            dt.createNode("/treebin/low/" + low.get(i), null, OPEN, 0, cv++, zx++, time);
        }
        for (int i = 0; i < 90; i++) {
            dt.createNode("/treebin/low/f" + i, null, OPEN, 0, cv++, zx++, time);
        }
        for (int i = 11; i < 20; i++) {
            dt.createNode("/treebin/low/" + low.get(i), null, OPEN, 0, cv++, zx++, time);
        }

        // sessions: 14 ids (i<<56)+i*0x10001 all land in bucket 0 -> tree bin; plus 3 ordinary ones
        Map<Long, Integer> sessions = new LinkedHashMap<>();
        for (long i = 1; i <= 14; i++) {
            sessions.put((i << 56) + i * 0x10001L, (int) (6000 + i));
        }
        sessions.put(0x1000001a2b30000L, 30000);
        sessions.put(0x20000f00ba40001L, 4000);
        sessions.put(0x300000000000abcL, 40000);
        dt.createNode("/treebin/eph", null, OPEN, 0, 2, zx++, time);
        int k = 0;
        for (long sid : sessions.keySet()) {
            if (k % 3 != 2) {
                dt.createNode("/treebin/eph/e" + k, null, OPEN, sid, k, zx++, time);
            }
            if (k == 15) {
                dt.createNode("/treebin/eph/e" + k + "b", null, OPEN, sid, k, zx++, time);
            }
            k++;
        }
        long last = 0x100000064L;
        dt.processTxn(new TxnHeader(0x1000001a2b30000L, 99, last, time, ZooDefs.OpCode.setData),
                new SetDataTxn("/treebin", bytes("done"), 1));
        File d = fresh(out, "treebin");
        new FileSnap(d).serialize(dt, sessions, new File(d, "snapshot." + Long.toHexString(last)), false);
    }

    // ------------------------------------------------------------------------------
    static File oddnames(File out) throws Exception {
        DataTree dt = new DataTree();
        long zx = 0x100000001L;
        long time = t("2023-03-26T00:59:59Z");
        String[] names = {"tab\tx", "q\"uote", "back\\slash", "ctl\u0001x", "nl\nx", "cr\rx", "bs\bx", "ff\fx",
            "del\u007fx", "c1\u0085x", "ls\u2028x", "emoji\ud83d\ude00", "caf\u00e9", "\u4e2d\u6587", "sl%2Fash",
            "comma,brace}pct%", "nul\u0000x", "sp ace", "'apos"};
        dt.createNode("/json", bytes("escapes"), OPEN, 0, 0, zx++, time);
        int cv = 0;
        for (String n : names) {
            dt.createNode("/json/" + n, bytes(n), OPEN, 0, cv++, zx++, time + cv * 1000L);
        }
        // data variants (base64 padding: 1, 2, 3 bytes), null vs empty, binary
        dt.createNode("/data", null, OPEN, 0, 1, zx++, t("1969-12-31T23:59:59Z"));
        dt.createNode("/data/null", null, OPEN, 0, 0, zx++, time);
        dt.createNode("/data/empty", new byte[0], OPEN, 0, 1, zx++, time);
        dt.createNode("/data/one", new byte[] {(byte) 0xff}, OPEN, 0, 2, zx++, time);
        dt.createNode("/data/two", new byte[] {(byte) 0xfb, (byte) 0xff}, OPEN, 0, 3, zx++, time);
        dt.createNode("/data/three", new byte[] {0, 0x7f, (byte) 0x80}, OPEN, 0, 4, zx++, time);
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        dt.createNode("/data/all", all, acls(1, "ip", "10.0.0.0/8", 31, "digest", "u:p,h}%="), 0, 5, zx++, time);
        dt.createNode("/data/future", bytes("y2100"), READ, 0, 6, zx++, t("2100-02-28T23:59:59Z"));
        // quota: stale stats; nested quota; limits without stats
        dt.createNode("/quota-target", bytes("12345"), OPEN, 0, 2, zx++, time);
        dt.createNode("/quota-target/a", bytes("abc"), OPEN, 0, 0, zx++, time);
        dt.createNode("/quota-target/a/b", bytes("defgh"), OPEN, 0, 0, zx++, time);
        dt.createNode("/quota-target/c", null, OPEN, 0, 1, zx++, time);
        dt.createNode("/zookeeper/quota/quota-target", null, OPEN, 0, 1, zx++, time);
        dt.createNode("/zookeeper/quota/quota-target/zookeeper_limits", bytes("count=10,bytes=1000"), OPEN, 0, 0, zx++, time);
        dt.createNode("/zookeeper/quota/quota-target/zookeeper_stats", bytes("count=1,bytes=5"), OPEN, 0, 1, zx++, time);
        dt.createNode("/zookeeper/quota/quota-target/a", null, OPEN, 0, 2, zx++, time);
        dt.createNode("/zookeeper/quota/quota-target/a/zookeeper_limits", bytes("count=-1,bytes=100"), OPEN, 0, 0, zx++, time);
        dt.createNode("/zookeeper/quota/quota-target/a/zookeeper_stats", bytes("count=99,bytes=9999"), OPEN, 0, 1, zx++, time);
        dt.createNode("/zookeeper/quota/json", null, OPEN, 0, 3, zx++, time);
        dt.createNode("/zookeeper/quota/json/zookeeper_limits", bytes("count=5,bytes=-1"), OPEN, 0, 0, zx++, time);
        // container, TTL, ephemerals of existing and of unknown sessions
        dt.createNode("/container", null, OPEN, Long.MIN_VALUE, 4, zx++, time);
        dt.createNode("/ttl", bytes("t"), OPEN, 0xFF00000000000000L | 60000L, 5, zx++, time);
        dt.createNode("/eph1", null, OPEN, 0x1000001a2b30000L, 6, zx++, t("2023-10-29T00:59:59Z"));
        dt.createNode("/eph2", null, OPEN, 0x1000001a2b30000L, 7, zx++, t("2023-10-29T01:00:00Z"));
        dt.createNode("/eph3", null, OPEN, 0x7fffffffffffffffL, 8, zx++, time);
        // a deep chain
        String p = "";
        for (int i = 0; i < 8; i++) {
            p = p + "/d" + i;
            dt.createNode(p, bytes("depth" + i), OPEN, 0, i == 0 ? 9 : 0, zx++, time);
        }
        // ACL map with gaps: nodes with distinct ACL lists, some removed again
        dt.createNode("/acl1", null, acls(1, "digest", "x:y"), 0, 10, zx++, time);
        dt.createNode("/acl2", null, acls(3, "digest", "\ud83d\ude00:h", 1, "world", "anyone"), 0, 11, zx++, time);
        dt.createNode("/acl3", null, acls(5, "ip", "127.0.0.1"), 0, 12, zx++, time);
        dt.createNode("/acl4", null, acls(7, "sasl", "bob"), 0, 13, zx++, time);
        dt.deleteNode("/acl1", zx++);
        dt.deleteNode("/acl3", zx++);
        // mzxid/pzxid beyond the file name zxid (fuzzy snapshot), negative and large numbers
        dt.createNode("/fuzzy", null, OPEN, 0, 14, 0x1000000ffL, t("2023-11-05T06:00:00Z"));
        dt.setData("/fuzzy", bytes("later"), 3, 0x100000100L, t("2023-11-05T06:30:00Z"));
        Map<Long, Integer> sessions = new LinkedHashMap<>();
        sessions.put(0x1000001a2b30000L, 30000);
        sessions.put(0x20000f00ba40001L, 4000);
        sessions.put(0x7fffffffffffffffL, Integer.MAX_VALUE);
        long last = 0x100000050L;
        dt.processTxn(new TxnHeader(0x1000001a2b30000L, 1, last, time, ZooDefs.OpCode.setData),
                new SetDataTxn("/json", bytes("escapes!"), 1));
        File d = fresh(out, "oddnames");
        File f = new File(d, "snapshot." + Long.toHexString(last));
        new FileSnap(d).serialize(dt, sessions, f, false);
        return f;
    }

    // Appends lastProcessedZxid + seal the way 3.9's FileSnap does: the seal value is the
    // running Adler-32 over every byte from offset 0.
    static void tail39(File src, File outDir, long lastZxid) throws IOException {
        byte[] in = Files.readAllBytes(src.toPath());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.write(in);
        o.writeLong(lastZxid);
        Adler32 a = new Adler32();
        a.update(b.toByteArray());
        o.writeLong(a.getValue());
        o.writeInt(1);
        o.writeByte('/');
        o.flush();
        outDir.mkdirs();
        Files.write(new File(outDir, src.getName()).toPath(), b.toByteArray());
    }

    // ------------------------------------------------------------------------------
    static TxnDigest dg(long v) {
        return new TxnDigest(2, v);
    }

    static FileTxnLog log(File out, String sub) throws IOException {
        return new FileTxnLog(fresh(out, sub));
    }

    static void txns(File out) throws Exception {
        FileTxnLog l = log(out, "txns");
        long s1 = 0x1000001a2b30000L, s2 = 0x20000f00ba40001L;
        long z = 0x100000001L;
        long[] times = {
            t("2023-01-15T10:00:00Z"), t("2023-03-26T00:59:59Z"), t("2023-03-26T01:00:00Z"),
            t("2023-07-15T12:00:00Z"), t("2023-11-05T05:59:59Z"), t("2023-11-05T06:00:00Z"),
            t("2023-11-05T06:30:00Z"), t("2024-01-01T00:00:00Z"), t("2024-02-29T23:59:59Z"),
            t("2023-10-29T00:30:00Z"), t("2023-10-29T01:30:00Z"), t("1999-12-31T23:59:59Z"),
        };
        int ti = 0;
        int cx = 0;
        List<ACL> digestAcl = acls(31, "digest", "user:pw,hash=", 1, "world", "anyone");
        List<ACL> weird = acls(3, "digest", "s,}%\n\r\u0000'x{\"\\\t:h", 1, "ip", "10.0.0.0/8", 16, "\ud83d\ude00", "caf\u00e9");
        // sessions
        l.append(new TxnHeader(s1, 0, z++, times[ti++ % times.length], ZooDefs.OpCode.createSession), new CreateSessionTxn(30000), dg(0x51c6d660L));
        l.append(new TxnHeader(s2, 0, z++, times[ti++ % times.length], ZooDefs.OpCode.createSession), new CreateSessionTxn(4000));
        // creates
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.create),
                new CreateTxn("/app", bytes("hello"), OPEN, false, 1), dg(0x123456789abcdefL));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.create),
                new CreateTxn("/app/eph", bytes("a\nb"), digestAcl, true, 1), dg(-1L));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.create2),
                new CreateTxn("/app/seq0000000002", null, null, false, 2), dg(7));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.create2),
                new CreateTxn("/app/empty-acl", new byte[0], new ArrayList<>(), true, 3));
        // pre-3.x style CreateTxnV0: without a digest it falls back to V0 (parentCVersion -1);
        // with a digest the digest's version int is taken as parentCVersion
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.create),
                new CreateTxnV0("/v0", bytes("old"), OPEN, false));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.create),
                new CreateTxnV0("/v0-digest", bytes("old"), OPEN, true), dg(0x1122334455667788L));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.createContainer),
                new CreateContainerTxn("/cont", bytes("c"), OPEN, 4), dg(1));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.createTTL),
                new CreateTTLTxn("/ttl", null, OPEN, 5, 60000), dg(2));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.createTTL),
                new CreateTTLTxn("/ttl-max", new byte[0], READ, 6, 0xFFFFFFFFFFL));
        // setData: invalid UTF-8, control bytes, null path and null data
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.setData),
                new SetDataTxn("/app", new byte[] {(byte) 0xff, (byte) 0x80, 0x41, 0x0a, 0x00}, 1), dg(3));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.setData),
                new SetDataTxn("/app", bytes("h\u00e9llo \u2603 \ud83d\ude00"), 2), dg(4));
        l.append(new TxnHeader(s1, -1, z++, times[ti++ % times.length], ZooDefs.OpCode.setData),
                new SetDataTxn(null, null, -1));
        l.append(new TxnHeader(0, -5, z++, times[ti++ % times.length], ZooDefs.OpCode.setData),
                new SetDataTxn("/app", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0xbd, (byte) 0xed, (byte) 0xb8, (byte) 0x80, (byte) 0xc0, (byte) 0x80, (byte) 0xf0, (byte) 0x9f, (byte) 0x98}, 3));
        // setACL (toString text, escapes), with null ids, null and empty lists
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.setACL),
                new SetACLTxn("/app", digestAcl, 1), dg(5));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.setACL),
                new SetACLTxn("/a,b}c%d\ne\rf\u0000g", weird, 2));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.setACL),
                new SetACLTxn("/app", Collections.singletonList(new ACL(1, new Id(null, null))), 3));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.setACL),
                new SetACLTxn("/app", null, 4));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.setACL),
                new SetACLTxn(null, new ArrayList<>(), 5));
        // deletes
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.delete),
                new DeleteTxn("/app/seq0000000002"), dg(6));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.delete),
                new DeleteTxn("/a,b}c%d\ne\rf\u0000g"));
        l.append(new TxnHeader(0, 0, z++, times[ti++ % times.length], ZooDefs.OpCode.deleteContainer),
                new DeleteTxn("/cont"), dg(8));
        l.append(new TxnHeader(0, 0, z++, times[ti++ % times.length], ZooDefs.OpCode.deleteContainer),
                new DeleteTxn(null));
        // reconfig is logged as a SetDataTxn on /zookeeper/config
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.reconfig),
                new SetDataTxn("/zookeeper/config", bytes("server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\nversion=100000019"), -1), dg(9));
        // errors
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.error), new ErrorTxn(-110));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.error), new ErrorTxn(0), dg(10));
        // multi: every sub-record type
        List<Txn> ok = new ArrayList<>();
        ok.add(new Txn(ZooDefs.OpCode.create, ser(new CreateTxn("/m1", bytes("x"), OPEN, false, 4))));
        ok.add(new Txn(ZooDefs.OpCode.create2, ser(new CreateTxn("/m2", null, digestAcl, true, 5))));
        ok.add(new Txn(ZooDefs.OpCode.createTTL, ser(new CreateTTLTxn("/m3", bytes("t"), OPEN, 6, 1000))));
        ok.add(new Txn(ZooDefs.OpCode.createContainer, ser(new CreateContainerTxn("/m4", new byte[0], OPEN, 7))));
        ok.add(new Txn(ZooDefs.OpCode.check, ser(new CheckVersionTxn("/app", 3))));
        ok.add(new Txn(ZooDefs.OpCode.setData, ser(new SetDataTxn("/m1", bytes("\u00e9\n"), 1))));
        ok.add(new Txn(ZooDefs.OpCode.delete, ser(new DeleteTxn("/m1"))));
        ok.add(new Txn(ZooDefs.OpCode.deleteContainer, ser(new DeleteTxn("/m4"))));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.multi), new MultiTxn(ok), dg(11));
        List<Txn> bad = new ArrayList<>();
        bad.add(new Txn(ZooDefs.OpCode.create, ser(new CreateTxn("/f1", bytes("ok"), OPEN, false, 8))));
        bad.add(new Txn(ZooDefs.OpCode.error, ser(new ErrorTxn(-101))));
        bad.add(new Txn(ZooDefs.OpCode.error, ser(new ErrorTxn(-2))));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.multi), new MultiTxn(bad));
        List<Txn> nl = new ArrayList<>();
        nl.add(new Txn(ZooDefs.OpCode.check, ser(new CheckVersionTxn("/app", 10))));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.multi), new MultiTxn(nl), dg(12));
        l.append(new TxnHeader(s1, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.multi), new MultiTxn(new ArrayList<>()));
        // sessions end: with paths (escapes), empty list, no body (pre-3.6), no body + digest
        l.append(new TxnHeader(s2, ++cx, z++, times[ti++ % times.length], ZooDefs.OpCode.closeSession),
                new CloseSessionTxn(Arrays.asList("/app/eph", "/x,y", "/p%}\n")), dg(13));
        l.append(new TxnHeader(s2, 0, z++, times[ti++ % times.length], ZooDefs.OpCode.closeSession),
                new CloseSessionTxn(new ArrayList<>()));
        l.append(new TxnHeader(-1L, 0, z++, 0L, ZooDefs.OpCode.closeSession), null);
        // closeSession with no body but with a TxnDigest (writer with closeSessionTxn disabled):
        // the default reader takes the digest bytes as a CloseSessionTxn (2 paths "" and "")
        l.append(new TxnHeader(Long.MIN_VALUE, Integer.MIN_VALUE, z++, -1000L, ZooDefs.OpCode.closeSession), null, dg(0));
        l.append(new TxnHeader(s1, Integer.MAX_VALUE, z++, Long.MAX_VALUE / 1000, ZooDefs.OpCode.createSession), new CreateSessionTxn(0), dg(14));
        // create at noon and midnight (12 AM / 12 PM)
        l.append(new TxnHeader(s1, ++cx, z++, t("2023-06-01T00:00:00Z"), ZooDefs.OpCode.create),
                new CreateTxn("/midnight", bytes("0"), OPEN, false, 9));
        l.append(new TxnHeader(s1, ++cx, z++, t("2023-06-01T12:00:00Z"), ZooDefs.OpCode.create),
                new CreateTxn("/noon", bytes("12"), OPEN, false, 10), dg(15));
        l.commit();
        l.close();
    }

    static void chopgap(File out) throws Exception {
        FileTxnLog l = log(out, "chopgap");
        long s = 0x1000001a2b30000L;
        long[] zs = {0x100000001L, 0x100000002L, 0x100000003L, 0x100000005L, 0x200000001L, 0x200000002L,
            0x300000002L, 0x300000003L};
        long time = t("2023-11-14T22:13:20Z");
        int i = 0;
        for (long zx : zs) {
            if (i == 0) {
                l.append(new TxnHeader(s, i, zx, time + i * 1000L, ZooDefs.OpCode.createSession), new CreateSessionTxn(30000), dg(1));
            } else {
                l.append(new TxnHeader(s, i, zx, time + i * 1000L, ZooDefs.OpCode.setData), new SetDataTxn("/a", bytes("" + i), i), dg(i));
            }
            i++;
        }
        l.commit();
        l.close();
    }

    static void oneEntryLogs(File out) throws Exception {
        long s = 0x500000abcL;
        long time = t("2023-11-14T22:13:20Z");
        FileTxnLog l = log(out, "unsupported-sync");
        l.append(new TxnHeader(s, 0, 0x500000001L, time, ZooDefs.OpCode.createSession), new CreateSessionTxn(5000));
        l.append(new TxnHeader(s, 1, 0x500000002L, time, ZooDefs.OpCode.sync), new DeleteTxn("/sync"));
        l.commit();
        l.close();
        l = log(out, "unsupported-check");
        l.append(new TxnHeader(s, 0, 0x500000001L, time, ZooDefs.OpCode.createSession), new CreateSessionTxn(5000));
        l.append(new TxnHeader(s, 1, 0x500000002L, time, ZooDefs.OpCode.check), new CheckVersionTxn("/c", 1));
        l.commit();
        l.close();
        l = log(out, "multi-null");
        l.append(new TxnHeader(s, 0, 0x500000001L, time, ZooDefs.OpCode.createSession), new CreateSessionTxn(5000));
        l.append(new TxnHeader(s, 1, 0x500000002L, time, ZooDefs.OpCode.multi), new MultiTxn(null));
        l.commit();
        l.close();
    }

    public static void main(String[] args) throws Exception {
        FileTxnLog.setPreallocSize(8 * 1024);
        File out = new File(args[0]);
        out.mkdirs();
        treebin(out);
        File odd = oddnames(out);
        tail39(odd, fresh(out, "tail39"), 0x100000050L);
        File nd = new File(args[1]);
        String hex = nd.getName().substring("snapshot.".length());
        tail39(nd, fresh(out, "tail39-nodigest"), Long.parseLong(hex, 16));
        txns(out);
        chopgap(out);
        oneEntryLogs(out);
        System.out.println("crafted files written to " + out);
    }
}
