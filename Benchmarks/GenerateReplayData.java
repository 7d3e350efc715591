// Data for the `zkdata at` benchmark, written by ZooKeeper 3.8.0's own classes: txn logs of
// 1,000,000 creates then 2,000,000 setData (one session, 1,000 parents of 1,000 children,
// 60-140-byte data), from zxid 1 and with no snapshot, each txn applied to a real DataTree first
// so that every logged TxnDigest is the digest the server would log. A new log every 500,000
// txns (FileTxnLog.rollLog), as a server rolls them.
//
//   java -cp <zookeeper classpath> Benchmarks/GenerateReplayData.java <out dir> [--force]
//
// Writes <out dir>/version-2/log.* and <out dir>/LAST (the last zxid, hex). Seeded: the same
// files every run.
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileTxnLog;
import org.apache.zookeeper.txn.CreateSessionTxn;
import org.apache.zookeeper.txn.CreateTxn;
import org.apache.zookeeper.txn.SetDataTxn;
import org.apache.zookeeper.txn.TxnDigest;
import org.apache.zookeeper.txn.TxnHeader;
import org.apache.jute.Record;

public class GenerateReplayData {
    static final int PARENTS = 1000;
    static final int CREATES = 1_000_000;
    static final int SETS = 2_000_000;

    static DataTree dt = new DataTree();
    static FileTxnLog log;
    static long zxid = 1;
    static long time = 1_795_000_000_000L;
    static int cxid = 0;
    static long written = 0;
    static final long SESSION = 0x100000abcdef0001L;

    public static void main(String[] args) throws Exception {
        File out = new File(args[0]);
        File last = new File(out, "LAST");
        if (last.exists() && !(args.length > 1 && args[1].equals("--force"))) {
            System.err.println("present: " + out);
            return;
        }
        File dir = new File(out, "version-2");
        if (dir.exists()) {
            for (File f : dir.listFiles()) {
                f.delete();
            }
        }
        dir.mkdirs();
        log = new FileTxnLog(dir);
        Random r = new Random(15);
        append(OpCode.createSession, new CreateSessionTxn(30000));
        int creates = 0;
        append(OpCode.create, new CreateTxn("/b", data(r), ZooDefs.Ids.OPEN_ACL_UNSAFE, false, -1));
        creates++;
        for (int p = 0; p < PARENTS; p++) {
            append(OpCode.create, new CreateTxn("/b/p" + p, data(r), ZooDefs.Ids.OPEN_ACL_UNSAFE, false, -1));
            creates++;
        }
        int[] children = new int[PARENTS];
        while (creates < CREATES) {
            int p = r.nextInt(PARENTS);
            int type = (creates % 3 == 0) ? OpCode.create2 : OpCode.create;
            append(type, new CreateTxn("/b/p" + p + "/c" + children[p]++, data(r), ZooDefs.Ids.OPEN_ACL_UNSAFE, false, -1));
            creates++;
        }
        for (int i = 0; i < SETS; i++) {
            int p = r.nextInt(PARENTS);
            if (children[p] == 0) {
                continue;
            }
            String path = "/b/p" + p + "/c" + r.nextInt(children[p]);
            int version = dt.getNode(path).stat.getVersion() + 1;
            append(OpCode.setData, new SetDataTxn(path, data(r), version));
        }
        log.commit();
        log.close();
        Files.write(last.toPath(), Long.toHexString(zxid - 1).getBytes(StandardCharsets.US_ASCII));
        System.err.println("wrote " + written + " txns, last zxid 0x" + Long.toHexString(zxid - 1) + ", " + dt.getNodeCount() + " nodes");
    }

    static byte[] data(Random r) {
        byte[] d = new byte[60 + r.nextInt(81)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) ('a' + r.nextInt(26));
        }
        return d;
    }

    static void append(int type, Record txn) throws Exception {
        TxnHeader h = new TxnHeader(SESSION, ++cxid, zxid++, time++, type);
        dt.processTxn(h, txn);
        log.append(h, txn, new TxnDigest(2, dt.getTreeDigest()));
        written++;
        if (written % 1000 == 0) {
            log.commit();
        }
        if (written % 500_000 == 0) {
            log.commit();
            log.rollLog();
        }
    }
}
