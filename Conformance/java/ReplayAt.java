// The reference for `zkdata at`: ZooKeeper 3.8.0's own classes rebuild the tree after txn Z.
//
//   java -cp <zookeeper classpath> ReplayAt <version-2 dir> <zxid (hex or decimal)> <out snapshot> [START]
//
// START (a snapshot file name in the directory, or "-" for none: an empty tree from zxid 0)
// replaces the oldest snapshot as the starting point: ZooKeeper's own restore from that
// snapshot. Without it, loads the OLDEST snapshot of the directory (FileSnap.deserialize on that one file, seals
// checked), replays every later txn up to and including Z with FileTxnSnapLog.processTransaction
// (the server's restore path), checking each logged digest (DataTree.compareDigest), and
// writes the result with FileSnap.serialize. Starting at the oldest snapshot avoids the fuzzy
// window of newer ones. Prints the last zxid applied and the digest mismatches it saw.
import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileSnap;
import org.apache.zookeeper.server.persistence.FileTxnLog;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
import org.apache.zookeeper.server.persistence.TxnLog.TxnIterator;
import org.apache.zookeeper.server.persistence.Util;
import org.apache.zookeeper.txn.TxnHeader;

public class ReplayAt {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        long target = args[1].startsWith("0x") ? Long.parseUnsignedLong(args[1].substring(2), 16) : Long.parseLong(args[1]);
        File out = new File(args[2]);

        File oldest = null;
        for (File f : Util.sortDataDir(dir.listFiles(), "snapshot", true)) {
            if (f.getName().startsWith("snapshot.") && !f.getName().endsWith(".tmp")) {
                oldest = f;
                break;
            }
        }
        if (args.length > 3) {
            oldest = args[3].equals("-") ? null : new File(dir, args[3]);
        }
        DataTree dt = new DataTree();
        Map<Long, Integer> sessions = new ConcurrentHashMap<>();
        long start = 0;
        if (oldest != null) {
            // FileSnap.deserialize picks the newest valid snapshot of a directory: give it one
            // holding only the oldest (seals and digest are checked as the server checks them).
            File only = Files.createTempDirectory("replay-at-snap").toFile();
            Files.copy(oldest.toPath(), new File(only, oldest.getName()).toPath());
            start = new FileSnap(only).deserialize(dt, sessions);
        }
        // FileTxnSnapLog only for processTransaction; it needs a writable version-2 pair.
        File scratch = Files.createTempDirectory("replay-at").toFile();
        FileTxnSnapLog snapLog = new FileTxnSnapLog(scratch, scratch);
        FileTxnLog log = new FileTxnLog(dir);
        TxnIterator it = log.read(start + 1);
        long last = start;
        int mismatches = 0;
        try {
            while (it.getHeader() != null) {
                TxnHeader hdr = it.getHeader();
                if (hdr.getZxid() > target) {
                    break;
                }
                snapLog.processTransaction(hdr, dt, sessions, it.getTxn());
                if (!dt.compareDigest(hdr, it.getTxn(), it.getDigest())) {
                    mismatches++;
                    System.out.println("digest mismatch at 0x" + Long.toHexString(hdr.getZxid()));
                }
                last = hdr.getZxid();
                if (!it.next()) {
                    break;
                }
            }
        } finally {
            it.close();
        }
        new FileSnap(out.getParentFile()).serialize(dt, sessions, out, false);
        System.out.println("last 0x" + Long.toHexString(last) + " digest-mismatches " + mismatches + " nodes " + dt.getNodeCount() + " sessions " + sessions.size());
    }
}
