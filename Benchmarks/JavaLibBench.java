// Java's counterparts of zk-storage-bench's measurements, using ZooKeeper 3.8.0's own read paths:
//
//   txnlog   FILE   FileTxnLog.read(0) → FileTxnIterator over the log's directory, as a server
//                   replays its logs: Adler-32 of every entry checked, every txn deserialized
//                   (header, body, digest). Counterpart of `zk-storage-bench txnlog-decode`.
//   datatree FILE   SnapStream.getInputStream + FileSnap.deserialize into a DataTree, then the
//                   seal check, digest and second seal as FileSnap.deserialize(DataTree, Map) does
//                   (codec from the file name). Counterpart of `zk-storage-bench datatree`.
//
// Compiled by bin/bench into Benchmarks/.build/java-classes; prints one line like zk-storage-bench
// (the in-process time excludes JVM start-up; bin/bench also times the whole process).
import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CheckedInputStream;

import org.apache.jute.BinaryInputArchive;
import org.apache.jute.InputArchive;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileSnap;
import org.apache.zookeeper.server.persistence.FileTxnLog;
import org.apache.zookeeper.server.persistence.SnapStream;
import org.apache.zookeeper.server.persistence.TxnLog;

public class JavaLibBench {
    static String txnlog(File f) throws IOException {
        File dir = f.getAbsoluteFile().getParentFile();
        FileTxnLog log = new FileTxnLog(dir);
        long entries = 0;
        long zxidSum = 0;
        try (TxnLog.TxnIterator it = log.read(0)) {
            while (it.getHeader() != null) {
                entries++;
                zxidSum += it.getHeader().getZxid();
                if (it.getTxn() == null && it.getHeader().getType() != -11) {
                    // closeSession without a body is legal; anything else would be a decode failure
                    throw new IOException("no txn body at zxid 0x" + Long.toHexString(it.getHeader().getZxid()));
                }
                if (!it.next()) {
                    break;
                }
            }
        }
        return "entries=" + entries + " zxid_sum=" + zxidSum;
    }

    static void checkSeal(CheckedInputStream is, InputArchive ia) throws IOException {
        long computed = is.getChecksum().getValue();
        long stored = ia.readLong("val");
        ia.readString("path");
        if (computed != stored) {
            throw new IOException("CRC corruption in snapshot");
        }
    }

    static String datatree(File f) throws IOException {
        DataTree dt = new DataTree();
        Map<Long, Integer> sessions = new HashMap<>();
        int seals = 0;
        try (CheckedInputStream is = SnapStream.getInputStream(f)) {
            InputArchive ia = BinaryInputArchive.getArchive(is);
            new FileSnap(null).deserialize(dt, sessions, ia);
            checkSeal(is, ia);
            seals++;
            String name = f.getName();
            String hex = name.substring(name.indexOf('.') + 1);
            if (hex.indexOf('.') >= 0) {
                hex = hex.substring(0, hex.indexOf('.'));
            }
            if (dt.deserializeZxidDigest(ia, Long.parseLong(hex, 16))) {
                checkSeal(is, ia);
                seals++;
            }
        }
        return "nodes=" + dt.getNodeCount() + " sessions=" + sessions.size() + " seals_valid=true seals=" + seals;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: JavaLibBench txnlog|datatree FILE");
            System.exit(2);
        }
        File f = new File(args[1]);
        long t0 = System.nanoTime();
        String counts;
        switch (args[0]) {
            case "txnlog": counts = txnlog(f); break;
            case "datatree": counts = datatree(f); break;
            default:
                System.err.println("unknown measurement " + args[0]);
                System.exit(2);
                return;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        Runtime rt = Runtime.getRuntime();
        System.out.printf("java-%s file=%s median_s=%.3f file_MB=%.1f file_MB_per_s=%.1f %s heap_used_MiB=%d%n",
                args[0], args[1], s, f.length() / 1e6, f.length() / 1e6 / s, counts,
                (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
}
