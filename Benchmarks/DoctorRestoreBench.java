// Java's counterpart of `zkdata doctor DIR`: ZooKeeper 3.8.0's own startup restore of the same
// data dir, `FileTxnSnapLog.restore` (FileSnap.deserialize of the newest valid snapshot, seals
// and digest checked, then FileTxnIterator over the logs from its zxid + 1, every Adler-32
// checked and every txn applied to the DataTree), exactly as ZKDatabase.loadDataBase calls it.
//
//   java -cp Benchmarks/.build/java-classes:$ZK_CP DoctorRestoreBench DATADIR
//
// Prints "zxid=0x<hex> nodes=<n> sessions=<n> in_process_ms=<ms>": the zxid a server would
// start at. DATADIR must hold a snapshot (restore writes snapshot.0 into a directory without).
import java.io.File;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;

public class DoctorRestoreBench {
    public static void main(String[] args) throws Exception {
        File dir = new File(args[0]);
        long t0 = System.nanoTime();
        FileTxnSnapLog snapLog = new FileTxnSnapLog(dir, dir);
        DataTree dt = new DataTree();
        ConcurrentHashMap<Long, Integer> sessions = new ConcurrentHashMap<>();
        long zxid = snapLog.restore(dt, sessions, (hdr, rec, digest) -> { });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("zxid=0x" + Long.toHexString(zxid) + " nodes=" + dt.getNodeCount()
                + " sessions=" + sessions.size() + " in_process_ms=" + ms);
        snapLog.close();
    }
}
