// Generates the benchmark data set with ZooKeeper 3.8.0's own writer classes:
// FileTxnLog.append/commit for txn logs, DataTree + FileSnap.serialize (SnapStream) for snapshots.
//
// Run (JDK 17 single-file launch; bin/bench does this for you):
//   java -Xmx12g -cp "$ZK_CP" Benchmarks/GenerateData.java <out-dir> [--force] [logs|snapshots|purge ...]
// ($ZK_CP: zookeeper.jar, the jars of its manifest Class-Path, slf4j-nop.jar; see Benchmarks/harness.py)
//
// Output (under <out-dir>; every item is written to a .tmp sibling and renamed when complete, so
// an item that exists is whole; existing items are skipped unless --force):
//   txnlog-64M/log.100000001       64 MiB  } txns: create/create2/setData/delete/multi/createSession/
//   txnlog-400M/log.100000001      384 MiB } closeSession/error/createContainer/createTTL, every entry
//   txnlog-1G/log.100000001        1 GiB   } with a TxnDigest; data mostly text, 16 B .. 1 MB (the jute
//                                            limit is 2 MB); entries fill the file to its last 64 MiB
//                                            preallocation block
//   txnlog-400M-crc/log.100000001  the 400M log with the stored checksum of 5 entries altered
//   snap-1M/snapshot.<zxid>        ~1M znodes, ~340 MB uncompressed: sessions, ephemerals, 5 ACL
//                                  lists, containers/TTLs, quotas
//   snap-1M/snapshot.<zxid>.gz     the same tree, gzip   (SnapStream GZIP)
//   snap-1M/snapshot.<zxid>.snappy the same tree, snappy (SnapStream SNAPPY)
//   snap-1M-mod/snapshot.<zxid2>   the tree after ~5.3k deletes, ~5k creates (one new service),
//   snap-1M-mod/snapshot.<zxid2>.gz   ~5k resizes and one removed service; plain and gzip
//   purge-2000/version-2/          1,000 small txn logs + 1,000 small snapshots (2,000 files)
//
// Everything is deterministic (fixed seeds); only file mtimes differ between generations.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileSnap;
import org.apache.zookeeper.server.persistence.FileTxnLog;
import org.apache.zookeeper.server.persistence.SnapStream;
import org.apache.zookeeper.txn.*;

public class GenerateData {
    static final long MB = 1024L * 1024L;
    static boolean force = false;
    static final long T0 = java.time.Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();

    // ------------------------------------------------------------------ payloads
    // A text corpus of JSON-ish words; payloads are a unique JSON prefix plus a slice of it.
    static final String[] WORDS = buildWords();
    static final byte[] CORPUS = buildCorpus(4 * 1024 * 1024);

    static String[] buildWords() {
        String[] base = {"host", "port", "status", "leader", "replica", "isr", "epoch", "version", "config",
            "timestamp", "region", "zone", "cluster", "endpoint", "protocol", "listener", "SASL_SSL", "PLAINTEXT",
            "enabled", "disabled", "true", "false", "null", "retention.ms", "segment.bytes", "cleanup.policy",
            "compact", "delete", "min.insync.replicas", "max.message.bytes", "owner", "tenant", "service",
            "instance", "weight", "healthy", "draining", "lease", "token", "queue", "payload", "checksum",
            "us-east-1", "us-west-2", "eu-central-1", "ap-southeast-1", "prod", "staging", "canary"};
        List<String> w = new ArrayList<>(Arrays.asList(base));
        Random r = new Random(7);
        while (w.size() < 256) {
            StringBuilder sb = new StringBuilder();
            int n = 3 + r.nextInt(8);
            for (int i = 0; i < n; i++) {
                sb.append((char) ('a' + r.nextInt(26)));
            }
            w.add(sb.toString());
        }
        return w.toArray(new String[0]);
    }

    static byte[] buildCorpus(int size) {
        Random r = new Random(11);
        StringBuilder sb = new StringBuilder(size + 256);
        while (sb.length() < size) {
            sb.append('"').append(WORDS[r.nextInt(WORDS.length)]).append("\":");
            switch (r.nextInt(4)) {
                case 0: sb.append(r.nextInt(100000)); break;
                case 1: sb.append('"').append(WORDS[r.nextInt(WORDS.length)]).append('"'); break;
                case 2: sb.append('"').append(Long.toHexString(r.nextLong())).append('"'); break;
                default: sb.append("[\"").append(WORDS[r.nextInt(WORDS.length)]).append("\",")
                        .append(r.nextInt(1000)).append(']');
            }
            sb.append(',');
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** A text payload of exactly `len` bytes (ASCII JSON-ish). */
    static byte[] payload(Random r, int len, long id) {
        byte[] b = new byte[len];
        String head = "{\"id\":" + id + ",\"ts\":" + (T0 + (id & 0xffffff)) + ",";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(h.length, len);
        System.arraycopy(h, 0, b, 0, n);
        int pos = n;
        while (pos < len) {
            int chunk = Math.min(len - pos, 4096);
            int from = r.nextInt(CORPUS.length - chunk);
            System.arraycopy(CORPUS, from, b, pos, chunk);
            pos += chunk;
        }
        if (len >= 2) {
            b[len - 1] = '}';
        }
        return b;
    }

    /** Data sizes for txns: mostly small, a long tail up to ~1 MB (jute limit is 2 MB a record). */
    static int txnDataSize(Random r) {
        int p = r.nextInt(10000);
        if (p < 7000) return 16 + r.nextInt(185);          // 70%  16..200 B
        if (p < 9500) return 200 + r.nextInt(1800);        // 25%  200 B..2 KB
        if (p < 9950) return 2048 + r.nextInt(14336);      // 4.5% 2..16 KB
        if (p < 9995) return 16384 + r.nextInt(114688);    // 0.45% 16..128 KB
        return 131072 + r.nextInt(917504);                 // 0.05% 128 KB..1 MB
    }

    static byte[] ser(Record rec) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        rec.serialize(BinaryOutputArchive.getArchive(b), "txn");
        return b.toByteArray();
    }

    static List<ACL> acls(Object... kv) {
        List<ACL> l = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 3) {
            l.add(new ACL((Integer) kv[i], new Id((String) kv[i + 1], (String) kv[i + 2])));
        }
        return l;
    }

    static final List<ACL> OPEN = ZooDefs.Ids.OPEN_ACL_UNSAFE;
    static final List<ACL> READ = ZooDefs.Ids.READ_ACL_UNSAFE;
    static final List<ACL> DIGEST = acls(31, "digest", "svc:Yp1zGd0Q3KmP7aZ9xBcD2eFgHiJ=", 1, "world", "anyone");
    static final List<ACL> SASL = acls(31, "sasl", "kafka", 1, "world", "anyone");
    static final List<ACL> IPS = acls(31, "ip", "10.0.0.0/8", 1, "ip", "192.168.0.0/16");

    static List<ACL> pickAcl(Random r) {
        int p = r.nextInt(100);
        if (p < 70) return OPEN;
        if (p < 82) return DIGEST;
        if (p < 92) return SASL;
        if (p < 97) return IPS;
        return READ;
    }

    // ------------------------------------------------------------------ helpers
    static boolean skip(File target) {
        if (target.exists() && !force) {
            log("exists, skipped: " + target);
            return true;
        }
        return false;
    }

    static void rmrf(File f) throws IOException {
        if (!f.exists()) return;
        if (f.isDirectory()) {
            for (File c : Objects.requireNonNull(f.listFiles())) {
                rmrf(c);
            }
        }
        Files.delete(f.toPath());
    }

    static File tmpDir(File target) throws IOException {
        File tmp = new File(target.getPath() + ".tmp");
        rmrf(tmp);
        tmp.mkdirs();
        return tmp;
    }

    static void publish(File tmp, File target) throws IOException {
        rmrf(target);
        Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE);
    }

    static void log(String s) {
        System.err.println("[GenerateData] " + s);
    }

    // ------------------------------------------------------------------ txn logs
    /** Workload state: live znodes, sessions and their ephemerals. */
    static final class Workload {
        final Random r;
        long zxid = 0x100000001L;
        long time = T0;
        int cxid = 0;
        long nextSession = 0x1000000abc0000L;
        long nextId = 1;
        final List<String> parents = new ArrayList<>();
        final int[] seq;
        final List<String> live = new ArrayList<>();
        final Map<String, Integer> liveIndex = new HashMap<>();
        final List<Long> sessions = new ArrayList<>();
        final Map<Long, Set<String>> ephemerals = new HashMap<>();
        final Map<String, Long> ephOwner = new HashMap<>();

        Workload(long seed) {
            r = new Random(seed);
            for (int i = 0; i < 400; i++) parents.add(String.format("/services/svc-%04d/instances", i));
            for (int i = 0; i < 200; i++) parents.add(String.format("/queues/q-%03d", i));
            for (int i = 0; i < 300; i++) parents.add(String.format("/brokers/topics/topic-%05d/partitions", i));
            for (int i = 0; i < 100; i++) parents.add(String.format("/locks/lock-%04d", i));
            seq = new int[parents.size()];
        }

        void addLive(String p) {
            liveIndex.put(p, live.size());
            live.add(p);
        }

        void removeLive(String p) {
            Long owner = ephOwner.remove(p);
            if (owner != null) {
                Set<String> e = ephemerals.get(owner);
                if (e != null) e.remove(p);
            }
            Integer i = liveIndex.remove(p);
            if (i == null) return;
            String last = live.remove(live.size() - 1);
            if (i < live.size()) {
                live.set(i, last);
                liveIndex.put(last, i);
            }
        }

        String newChild(int pi) {
            int s = seq[pi]++;
            String parent = parents.get(pi);
            if (parent.startsWith("/queues") || parent.startsWith("/locks")) {
                return parent + String.format("/item-%010d", s);
            }
            return parent + String.format("/n-%08d", s);
        }

        TxnHeader hdr(long session, int type) {
            time += r.nextInt(20);
            return new TxnHeader(session, ++cxid, zxid++, time, type);
        }

        TxnDigest digest() {
            return new TxnDigest(2, r.nextLong());
        }

        long anySession() {
            return sessions.isEmpty() ? 0L : sessions.get(r.nextInt(sessions.size()));
        }
    }

    /** The log's current write position (after a commit), through FileTxnLog's package-private stream. */
    static long position(FileTxnLog l) throws IOException {
        try {
            java.lang.reflect.Field f = FileTxnLog.class.getDeclaredField("fos");
            f.setAccessible(true);
            return ((FileOutputStream) f.get(l)).getChannel().position();
        } catch (ReflectiveOperationException e) {
            throw new IOException(e);
        }
    }

    /**
     * Appends txns until the entries fill about `target` bytes (the largest entry is ~1 MB, so
     * the data stays below `target` and a multiple of the 64 MiB preallocation stays the file size).
     */
    static long writeLog(File dir, long target, long seed) throws IOException {
        Workload w = new Workload(seed);
        FileTxnLog l = new FileTxnLog(dir);
        long count = 0;
        for (int i = 0; i < 50; i++) {
            createSession(l, w);
            count++;
        }
        l.commit();
        long pos = position(l);
        long sinceCommit = 0;
        final long stopAt = target - 1100 * 1024;
        while (pos < stopAt) {
            sinceCommit += step(l, w);
            count++;
            boolean near = pos + sinceCommit > stopAt - 8 * MB;
            if (count % 1000 == 0 || near) {
                l.commit();
                pos = position(l);
                sinceCommit = 0;
            }
        }
        l.commit();
        l.close();
        return count;
    }

    static long step(FileTxnLog l, Workload w) throws IOException {
        int p = w.r.nextInt(1000);
        if (p < 15) {
            return createSession(l, w);
        } else if (p < 30 && w.sessions.size() > 10) {
            return closeSession(l, w);
        } else if (p < 280) {
            return create(l, w);
        } else if (p < 730 && !w.live.isEmpty()) {
            return setData(l, w);
        } else if (p < 880 && w.live.size() > 1000) {
            return delete(l, w);
        } else if (p < 930) {
            return multi(l, w);
        } else if (p < 935) {
            TxnHeader h = w.hdr(w.anySession(), OpCode.error);
            l.append(h, new ErrorTxn(w.r.nextBoolean() ? -101 : -110), w.digest());
            return 70;
        } else if (p < 940) {
            int pi = w.r.nextInt(w.parents.size());
            String path = w.newChild(pi);
            byte[] d = payload(w.r, 16 + w.r.nextInt(100), w.nextId++);
            if (w.r.nextBoolean()) {
                l.append(w.hdr(w.anySession(), OpCode.createContainer),
                        new CreateContainerTxn(path, d, OPEN, w.seq[pi]), w.digest());
            } else {
                l.append(w.hdr(w.anySession(), OpCode.createTTL),
                        new CreateTTLTxn(path, d, OPEN, w.seq[pi], 60000L * (1 + w.r.nextInt(60))), w.digest());
            }
            w.addLive(path);
            return 120 + path.length() + d.length;
        }
        return create(l, w);
    }

    static long createSession(FileTxnLog l, Workload w) throws IOException {
        long sid = w.nextSession++;
        int[] timeouts = {4000, 10000, 30000, 40000};
        TxnHeader h = new TxnHeader(sid, 0, w.zxid++, w.time += w.r.nextInt(20), OpCode.createSession);
        l.append(h, new CreateSessionTxn(timeouts[w.r.nextInt(timeouts.length)]), w.digest());
        w.sessions.add(sid);
        w.ephemerals.put(sid, new LinkedHashSet<>());
        return 70;
    }

    static long closeSession(FileTxnLog l, Workload w) throws IOException {
        int i = w.r.nextInt(w.sessions.size());
        long sid = w.sessions.get(i);
        w.sessions.set(i, w.sessions.get(w.sessions.size() - 1));
        w.sessions.remove(w.sessions.size() - 1);
        List<String> eph = new ArrayList<>(w.ephemerals.remove(sid));
        TxnHeader h = new TxnHeader(sid, 0, w.zxid++, w.time += w.r.nextInt(20), OpCode.closeSession);
        l.append(h, new CloseSessionTxn(eph), w.digest());
        long n = 70;
        for (String p : eph) {
            w.removeLive(p);
            n += 4 + p.length();
        }
        return n;
    }

    static long create(FileTxnLog l, Workload w) throws IOException {
        int pi = w.r.nextInt(w.parents.size());
        String path = w.newChild(pi);
        byte[] d = payload(w.r, txnDataSize(w.r), w.nextId++);
        boolean eph = !w.sessions.isEmpty() && w.r.nextInt(10) == 0;
        long session = w.anySession();
        List<ACL> acl = pickAcl(w.r);
        int type = w.r.nextInt(3) == 0 ? OpCode.create2 : OpCode.create;
        l.append(w.hdr(session, type), new CreateTxn(path, d, acl, eph, w.seq[pi]), w.digest());
        w.addLive(path);
        if (eph) {
            w.ephemerals.get(session).add(path);
            w.ephOwner.put(path, session);
        }
        return 110 + path.length() + d.length + acl.size() * 40L;
    }

    static long setData(FileTxnLog l, Workload w) throws IOException {
        String path = w.live.get(w.r.nextInt(w.live.size()));
        byte[] d = payload(w.r, txnDataSize(w.r), w.nextId++);
        l.append(w.hdr(w.anySession(), OpCode.setData), new SetDataTxn(path, d, 1 + w.r.nextInt(50)), w.digest());
        return 100 + path.length() + d.length;
    }

    static long delete(FileTxnLog l, Workload w) throws IOException {
        String path = w.live.get(w.r.nextInt(w.live.size()));
        w.removeLive(path);
        l.append(w.hdr(w.anySession(), OpCode.delete), new DeleteTxn(path), w.digest());
        return 90 + path.length();
    }

    static long multi(FileTxnLog l, Workload w) throws IOException {
        int n = 2 + w.r.nextInt(5);
        List<Txn> ops = new ArrayList<>();
        long bytes = 90;
        boolean failed = w.r.nextInt(20) == 0;
        for (int i = 0; i < n; i++) {
            if (failed) {
                ops.add(new Txn(OpCode.error, ser(new ErrorTxn(i == 0 ? -101 : -2))));
                bytes += 20;
                continue;
            }
            int k = w.r.nextInt(4);
            if (k == 0 || w.live.size() < 1000) {
                int pi = w.r.nextInt(w.parents.size());
                String path = w.newChild(pi);
                byte[] d = payload(w.r, 16 + w.r.nextInt(400), w.nextId++);
                ops.add(new Txn(OpCode.create, ser(new CreateTxn(path, d, OPEN, false, w.seq[pi]))));
                w.addLive(path);
                bytes += 80 + path.length() + d.length;
            } else if (k == 1) {
                String path = w.live.get(w.r.nextInt(w.live.size()));
                byte[] d = payload(w.r, 16 + w.r.nextInt(400), w.nextId++);
                ops.add(new Txn(OpCode.setData, ser(new SetDataTxn(path, d, 2))));
                bytes += 30 + path.length() + d.length;
            } else if (k == 2) {
                String path = w.live.get(w.r.nextInt(w.live.size()));
                ops.add(new Txn(OpCode.check, ser(new CheckVersionTxn(path, 1))));
                bytes += 30 + path.length();
            } else {
                String path = w.live.get(w.r.nextInt(w.live.size()));
                w.removeLive(path);
                ops.add(new Txn(OpCode.delete, ser(new DeleteTxn(path))));
                bytes += 30 + path.length();
            }
        }
        l.append(w.hdr(w.anySession(), OpCode.multi), new MultiTxn(ops), w.digest());
        return bytes;
    }

    static void genLog(File out, String name, long target, long seed) throws IOException {
        File target_ = new File(out, name);
        if (skip(target_)) return;
        long t = System.nanoTime();
        FileTxnLog.setPreallocSize(64 * MB);
        File tmp = tmpDir(target_);
        long n = writeLog(tmp, target, seed);
        publish(tmp, target_);
        File f = Objects.requireNonNull(target_.listFiles())[0];
        log(String.format("%s: %d entries, %d bytes, %.1f s", f, n, f.length(), (System.nanoTime() - t) / 1e9));
    }

    /** A copy of the log with the stored checksum of `k` spread-out entries altered. */
    static void genCrcLog(File out, String srcName, String name, int k) throws IOException {
        File target = new File(out, name);
        if (skip(target)) return;
        File src = Objects.requireNonNull(new File(out, srcName).listFiles())[0];
        File tmp = tmpDir(target);
        File dst = new File(tmp, src.getName());
        Files.copy(src.toPath(), dst.toPath());
        // Walk the entries: header 16 bytes, then {crc 8, len 4, payload, 'B'}.
        List<Long> offsets = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(dst), 1 << 20))) {
            in.skipNBytes(16);
            long pos = 16;
            while (true) {
                in.readLong();
                int len = in.readInt();
                if (len <= 0) break;
                offsets.add(pos);
                in.skipNBytes(len + 1L);
                pos += 13L + len;
            }
        }
        try (RandomAccessFile raf = new RandomAccessFile(dst, "rw")) {
            for (int i = 0; i < k; i++) {
                long off = offsets.get((int) ((offsets.size() - 1) * (long) (2 * i + 1) / (2L * k)));
                raf.seek(off + 4); // the low 4 bytes hold the Adler-32
                int crc = raf.readInt();
                raf.seek(off + 4);
                raf.writeInt(crc ^ 0x00010001);
            }
        }
        publish(tmp, target);
        log(target + ": " + k + " checksums altered in " + src.getName() + " (" + offsets.size() + " entries)");
    }

    // ------------------------------------------------------------------ snapshots
    static final class Tree {
        final DataTree dt = new DataTree();
        final Random r = new Random(42);
        long zxid = 0x200000001L;
        long time = T0;
        long nodes = 0;
        long dataBytes = 0;
        final Map<Long, Integer> sessions = new LinkedHashMap<>();
        final List<Long> sessionIds = new ArrayList<>();
        final List<String> queueItems = new ArrayList<>();
        final List<String> instances = new ArrayList<>();

        void create(String path, byte[] data, List<ACL> acl, long owner) throws Exception {
            time += r.nextInt(3);
            dt.createNode(path, data, acl, owner, -1, zxid++, time);
            nodes++;
            dataBytes += data == null ? 0 : data.length;
        }

        void create(String path, int len, long owner) throws Exception {
            create(path, len < 0 ? null : payload(r, len, zxid), pickAcl(r), owner);
        }

        long session() {
            return sessionIds.get(r.nextInt(sessionIds.size()));
        }
    }

    /** Sizes: a mean of `mean` bytes, spread 0.25x..1.75x, with a 1% tail at 8x. */
    static int around(Random r, int mean) {
        if (r.nextInt(100) == 0) return mean * 8;
        return mean / 4 + r.nextInt(Math.max(1, mean * 3 / 2));
    }

    static Tree buildTree() throws Exception {
        Tree t = new Tree();
        Random r = t.r;
        for (int i = 0; i < 1000; i++) {
            long sid = 0x1000000abc0000L + i * 7L;
            t.sessions.put(sid, new int[] {4000, 10000, 30000, 40000}[r.nextInt(4)]);
            t.sessionIds.add(sid);
        }
        // Kafka-like: brokers, topics, partitions with state
        t.create("/brokers", -1, 0);
        t.create("/brokers/ids", -1, 0);
        for (int b = 0; b < 50; b++) {
            t.create("/brokers/ids/" + b, 300 + r.nextInt(200), t.session());
        }
        t.create("/brokers/topics", -1, 0);
        for (int i = 0; i < 2350; i++) {
            String topic = String.format("/brokers/topics/topic-%05d", i);
            int parts = 1 + r.nextInt(200);
            t.create(topic, 40 + parts * 12, 0);
            t.create(topic + "/partitions", -1, 0);
            for (int p = 0; p < parts; p++) {
                t.create(topic + "/partitions/" + p, -1, 0);
                t.create(topic + "/partitions/" + p + "/state", 90 + r.nextInt(60), 0);
            }
        }
        // service discovery: instances, 30% ephemeral
        t.create("/services", -1, 0);
        for (int s = 0; s < 1000; s++) {
            String svc = String.format("/services/svc-%04d", s);
            t.create(svc, around(r, 500), 0);
            t.create(svc + "/config", around(r, 4000), 0);
            t.create(svc + "/instances", -1, 0);
            int n = 1 + r.nextInt(399);
            for (int k = 0; k < n; k++) {
                String inst = String.format("%s/instances/inst-%06d", svc, k);
                t.create(inst, around(r, 360), r.nextInt(10) < 3 ? t.session() : 0);
                t.instances.add(inst);
            }
        }
        // queues of sequential items
        t.create("/queues", -1, 0);
        for (int q = 0; q < 200; q++) {
            String queue = String.format("/queues/q-%03d", q);
            t.create(queue, 0, 0);
            int n = 1 + r.nextInt(2799);
            for (int k = 0; k < n; k++) {
                String item = String.format("%s/item-%010d", queue, k);
                t.create(item, around(r, 220), 0);
                t.queueItems.add(item);
            }
        }
        // locks: ephemeral sequential children
        t.create("/locks", -1, 0);
        for (int i = 0; i < 2000; i++) {
            String lock = String.format("/locks/lock-%05d", i);
            t.create(lock, 0, 0);
            int n = r.nextInt(6);
            for (int k = 0; k < n; k++) {
                t.create(String.format("%s/_c_%s-lock-%010d", lock, new UUID(r.nextLong(), r.nextLong()), k), 12,
                        t.session());
            }
        }
        // a deep configuration tree
        t.create("/config", 0, 0);
        for (int a = 0; a < 10; a++) {
            String ra = "/config/region-" + a;
            t.create(ra, 30, 0);
            for (int b = 0; b < 10; b++) {
                String cb = ra + "/cluster-" + b;
                t.create(cb, 60, 0);
                for (int c = 0; c < 20; c++) {
                    String ac = cb + "/app-" + c;
                    t.create(ac, 100, 0);
                    for (int d = 0; d < 20; d++) {
                        t.create(ac + "/key-" + d, around(r, 900), 0);
                    }
                }
            }
        }
        // a few large blobs
        t.create("/blobs", -1, 0);
        for (int i = 0; i < 20; i++) {
            t.create(String.format("/blobs/blob-%03d", i), 100000 + r.nextInt(400000), 0);
        }
        // containers and TTL nodes
        t.create("/containers", -1, 0);
        for (int i = 0; i < 200; i++) {
            t.create(String.format("/containers/c-%04d", i), 0, Long.MIN_VALUE);
            t.create(String.format("/containers/ttl-%04d", i), 20, 0xFF00000000000000L | 60000L);
        }
        // quotas
        quota(t, "/services/svc-0001", "count=1000,bytes=10000000");
        quota(t, "/config/region-3", "count=5000,bytes=-1");
        quota(t, "/queues/q-007", "count=-1,bytes=50000000");
        return t;
    }

    static void quota(Tree t, String path, String limits) throws Exception {
        String[] parts = path.substring(1).split("/");
        String q = "/zookeeper/quota";
        for (String p : parts) {
            q = q + "/" + p;
            t.create(q, null, OPEN, 0);
        }
        t.create(q + "/zookeeper_limits", limits.getBytes(StandardCharsets.UTF_8), OPEN, 0);
        t.create(q + "/zookeeper_stats", "count=1,bytes=0".getBytes(StandardCharsets.UTF_8), OPEN, 0);
    }

    /** Sets lastProcessedZxid (and the digest of that zxid) the way a server does: via processTxn. */
    static long seal(Tree t) {
        long last = t.zxid++;
        t.dt.processTxn(new TxnHeader(t.sessionIds.get(0), 1, last, t.time, OpCode.setData),
                new SetDataTxn("/brokers", ("{\"sealed\":" + last + "}").getBytes(StandardCharsets.UTF_8), 1));
        return last;
    }

    static void writeSnaps(Tree t, long zxid, File target, SnapStream.StreamMode... modes) throws IOException {
        File tmp = tmpDir(target);
        for (SnapStream.StreamMode m : modes) {
            long t0 = System.nanoTime();
            SnapStream.setStreamMode(m);
            File f = new File(tmp, "snapshot." + Long.toHexString(zxid) + m.getFileExtension());
            new FileSnap(tmp).serialize(t.dt, t.sessions, f, false);
            log(String.format("%s: %d bytes, %.1f s", f.getName(), f.length(), (System.nanoTime() - t0) / 1e9));
        }
        publish(tmp, target);
    }

    static void genSnapshots(File out) throws Exception {
        File a = new File(out, "snap-1M");
        File b = new File(out, "snap-1M-mod");
        if (a.exists() && b.exists() && !force) {
            log("exists, skipped: " + a + ", " + b);
            return;
        }
        long t0 = System.nanoTime();
        Tree t = buildTree();
        long z1 = seal(t);
        log(String.format("tree: %d nodes created (+4 built-in), %d data bytes, %.1f s", t.nodes, t.dataBytes,
                (System.nanoTime() - t0) / 1e9));
        writeSnaps(t, z1, a, SnapStream.StreamMode.CHECKED, SnapStream.StreamMode.GZIP,
                SnapStream.StreamMode.SNAPPY);
        // The modified tree: ~5k leaves removed, ~5k added (incl. a new service), ~5k resized,
        // one whole service removed.
        Random r = t.r;
        Collections.shuffle(t.queueItems, r);
        for (int i = 0; i < 4000; i++) {
            t.dt.deleteNode(t.queueItems.get(i), t.zxid++);
        }
        Collections.shuffle(t.instances, r);
        int resized = 0;
        for (int i = 0; i < 5000; i++) {
            String p = t.instances.get(i);
            if (p.startsWith("/services/svc-0002/")) continue;
            t.dt.setData(p, payload(r, around(r, 360) * (r.nextBoolean() ? 3 : 1) / 2 + 1, t.zxid), 2, t.zxid++,
                    t.time++);
            resized++;
        }
        for (int i = 0; i < 1000; i++) {
            String p = t.instances.get(5000 + i);
            if (p.startsWith("/services/svc-0002/")) continue;
            try {
                t.dt.deleteNode(p, t.zxid++);
            } catch (Exception e) {
                // already gone
            }
        }
        // remove svc-0002 entirely
        String svc = "/services/svc-0002";
        for (String c : new ArrayList<>(t.dt.getNode(svc + "/instances").getChildren())) {
            t.dt.deleteNode(svc + "/instances/" + c, t.zxid++);
        }
        t.dt.deleteNode(svc + "/instances", t.zxid++);
        t.dt.deleteNode(svc + "/config", t.zxid++);
        t.dt.deleteNode(svc, t.zxid++);
        // new items and a new service
        for (int q = 0; q < 200; q += 5) {
            for (int k = 0; k < 100; k++) {
                t.create(String.format("/queues/q-%03d/item-%010d", q, 100000 + k), around(r, 220), 0);
            }
        }
        t.create("/services/svc-9999", around(r, 500), 0);
        t.create("/services/svc-9999/instances", -1, 0);
        for (int k = 0; k < 1000; k++) {
            t.create(String.format("/services/svc-9999/instances/inst-%06d", k), around(r, 360), 0);
        }
        long z2 = seal(t);
        log("modified tree: " + resized + " resized");
        writeSnaps(t, z2, b, SnapStream.StreamMode.CHECKED, SnapStream.StreamMode.GZIP);
    }

    // ------------------------------------------------------------------ purge directory
    static void genPurge(File out, int pairs) throws Exception {
        File target = new File(out, "purge-2000");
        if (skip(target)) return;
        File tmp = tmpDir(target);
        File v2 = new File(tmp, "version-2");
        v2.mkdirs();
        FileTxnLog.setPreallocSize(16 * 1024);
        Random r = new Random(5);
        DataTree dt = new DataTree();
        Map<Long, Integer> sessions = new HashMap<>();
        sessions.put(0x1000000abc0000L, 30000);
        long zxid = 0x300000001L;
        long time = T0;
        FileTxnLog l = new FileTxnLog(v2);
        FileSnap snap = new FileSnap(v2);
        SnapStream.setStreamMode(SnapStream.StreamMode.CHECKED);
        for (int i = 0; i < pairs; i++) {
            for (int k = 0; k < 5; k++) {
                String p = String.format("/app/n-%06d", i * 5 + k);
                if (dt.getNode("/app") == null) {
                    dt.createNode("/app", null, OPEN, 0, -1, zxid - 1, time);
                }
                byte[] d = payload(r, 50 + r.nextInt(200), zxid);
                TxnHeader h = new TxnHeader(0x1000000abc0000L, i * 5 + k, zxid, time += 10, OpCode.create);
                CreateTxn txn = new CreateTxn(p, d, OPEN, false, -1);
                l.append(h, txn, new TxnDigest(2, r.nextLong()));
                dt.processTxn(h, txn);
                zxid++;
            }
            l.commit();
            l.rollLog();
            if (dt.getNode("/app").getChildren().size() > 40) {
                // keep snapshots small: drop the oldest children
                List<String> kids = new ArrayList<>(dt.getNode("/app").getChildren());
                Collections.sort(kids);
                for (int k = 0; k < 20; k++) {
                    dt.deleteNode("/app/" + kids.get(k), zxid - 1);
                }
            }
            snap.serialize(dt, sessions, new File(v2, "snapshot." + Long.toHexString(zxid - 1)), false);
        }
        l.close();
        publish(tmp, target);
        log(target + ": " + Objects.requireNonNull(new File(target, "version-2").list()).length + " files");
    }

    // ------------------------------------------------------------------ main
    public static void main(String[] args) throws Exception {
        System.setProperty("zookeeper.forceSync", "no"); // read by FileTxnLog's static initializer
        List<String> what = new ArrayList<>();
        File out = null;
        for (String a : args) {
            if (a.equals("--force")) {
                force = true;
            } else if (out == null) {
                out = new File(a);
            } else {
                what.add(a);
            }
        }
        if (out == null) {
            System.err.println("usage: GenerateData <out-dir> [--force] [logs|snapshots|purge ...]");
            System.exit(2);
        }
        if (what.isEmpty()) {
            what = Arrays.asList("logs", "snapshots", "purge");
        }
        out.mkdirs();
        long t0 = System.nanoTime();
        if (what.contains("logs")) {
            // data sizes just under a multiple of the 64 MiB preallocation: files of 64, 384, 1024 MiB
            genLog(out, "txnlog-64M", 64 * MB, 64);
            genLog(out, "txnlog-400M", 384 * MB, 400);
            genLog(out, "txnlog-1G", 1024 * MB, 1024);
            genCrcLog(out, "txnlog-400M", "txnlog-400M-crc", 5);
        }
        if (what.contains("purge")) {
            genPurge(out, 1000);
        }
        if (what.contains("snapshots")) {
            genSnapshots(out);
        }
        log(String.format("done in %.1f s", (System.nanoTime() - t0) / 1e9));
    }
}
