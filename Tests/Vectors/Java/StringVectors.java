// Generates the string vectors with the real jute archive classes and java.lang.String.
// Run: java -cp /usr/share/java/zookeeper-jute.jar StringVectors.java
// Writes utf8-decode.txt, jute-encode.txt and string-compare.txt in the current directory.
//
// utf8-decode.txt:   D <input hex> ; <decoded UTF-16 units hex>   (BinaryInputArchive.readString)
//                    X <length> <digest>: FNV-1a 64 over every sequence of <length> bytes drawn
//                    from the boundary byte list B (in lexicographic order of indices), feeding
//                    each decoded UTF-16 unit as two bytes (big-endian) and then 0xFF 0xFF.
//                    (for length 4 only those whose first byte is in LEADS4: the L line).
//                    B <hex bytes>: the boundary list. L <hex bytes>: LEADS4.
// jute-encode.txt:   E <UTF-16 units hex> ; <BinaryOutputArchive.writeString bytes after the length>
// string-compare.txt: P <a units hex> ; <b units hex> ; <a.hashCode()> <b.hashCode()> <a.compareTo(b)>
import java.io.*;
import java.util.*;
import org.apache.jute.*;

public class StringVectors {
    static final Random rnd = new Random(17);
    static final int[] B = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0,
        0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf7, 0xf8, 0xfb, 0xfe, 0xff};
    /** The lead bytes of the 4-byte digest (sorted). */
    static final int[] LEADS4 = {0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xf7};

    static String decode(byte[] b) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bo);
        d.writeInt(b.length);
        d.write(b);
        return BinaryInputArchive.getArchive(new ByteArrayInputStream(bo.toByteArray())).readString("s");
    }

    static byte[] encode(String s) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        BinaryOutputArchive.getArchive(bo).writeString(s, "s");
        byte[] all = bo.toByteArray();
        return Arrays.copyOfRange(all, 4, all.length);
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) s.append(s.length() == 0 ? "" : " ").append(String.format("%02x", x & 0xff));
        return s.toString();
    }

    static String units(String str) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < str.length(); i++) s.append(i == 0 ? "" : " ").append(String.format("%04x", (int) str.charAt(i)));
        return s.toString();
    }

    static long fnv(long h, int b) { return (h ^ (b & 0xff)) * 0x100000001b3L; }

    static String randomString() {
        int len = rnd.nextInt(12);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int r = rnd.nextInt(10);
            if (r < 3) b.append((char) rnd.nextInt(0x80));
            else if (r < 4) b.append((char) (0x80 + rnd.nextInt(0x780)));
            else if (r < 5) b.append((char) (0x800 + rnd.nextInt(0xd000)));
            else if (r < 6) b.append((char) (0xe000 + rnd.nextInt(0x2000)));
            else if (r < 8) b.appendCodePoint(0x10000 + rnd.nextInt(0x100000));
            else b.append("aAzZ09é€\u0000\uffff".charAt(rnd.nextInt(10)));
        }
        return b.toString();
    }

    public static void main(String[] args) throws IOException {
        try (PrintStream out = new PrintStream(new FileOutputStream("utf8-decode.txt"), false, "UTF-8")) {
            byte[] bl = new byte[B.length];
            for (int i = 0; i < B.length; i++) bl[i] = (byte) B[i];
            out.println("B " + hex(bl));
            byte[] ll = new byte[LEADS4.length];
            for (int i = 0; i < LEADS4.length; i++) ll[i] = (byte) LEADS4[i];
            out.println("L " + hex(ll));
            // Explicit: all 1- and 2-byte sequences over B, and random 1..9-byte strings.
            for (int a : B) out.println("D " + hex(new byte[] {(byte) a}) + " ; " + units(decode(new byte[] {(byte) a})));
            for (int a : B) for (int c : B) {
                byte[] in = {(byte) a, (byte) c};
                out.println("D " + hex(in) + " ; " + units(decode(in)));
            }
            for (int i = 0; i < 3000; i++) {
                byte[] in = new byte[1 + rnd.nextInt(9)];
                for (int j = 0; j < in.length; j++) in[j] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(256) : B[rnd.nextInt(B.length)]);
                out.println("D " + hex(in) + " ; " + units(decode(in)));
            }
            // Digests: every 3-byte sequence over B, and every 4-byte one whose lead is in LEADS4.
            for (int len = 3; len <= 4; len++) {
                long h = 0xcbf29ce484222325L;
                int[] idx = new int[len];
                while (true) {
                    byte[] in = new byte[len];
                    for (int j = 0; j < len; j++) in[j] = (byte) B[idx[j]];
                    if (len == 4 && Arrays.binarySearch(LEADS4, B[idx[0]]) < 0) {
                        int k = len - 1;
                        while (k >= 0 && ++idx[k] == B.length) { idx[k] = 0; k--; }
                        if (k < 0) break;
                        continue;
                    }
                    String s = decode(in);
                    for (int j = 0; j < s.length(); j++) { h = fnv(h, s.charAt(j) >> 8); h = fnv(h, s.charAt(j)); }
                    h = fnv(h, 0xff); h = fnv(h, 0xff);
                    int k = len - 1;
                    while (k >= 0 && ++idx[k] == B.length) { idx[k] = 0; k--; }
                    if (k < 0) break;
                }
                out.println("X " + len + " " + Long.toUnsignedString(h, 16));
            }
        }
        try (PrintStream out = new PrintStream(new FileOutputStream("jute-encode.txt"), false, "UTF-8")) {
            List<String> l = new ArrayList<>(List.of("", "A", "\u0000", "A\u0000\u00e9\u20ac\ud83d\ude00", "\u007f\u0080\u07ff\u0800\uffff",
                "\ud800\udc00", "\udbff\udfff", "zookeeper", "/a/b/c"));
            for (int i = 0; i < 500; i++) l.add(randomString());
            for (String s : l) out.println("E " + units(s) + " ; " + hex(encode(s)));
        }
        try (PrintStream out = new PrintStream(new FileOutputStream("string-compare.txt"), false, "UTF-8")) {
            List<String[]> pairs = new ArrayList<>();
            String[] fixed = {"", "a", "b", "ab", "abc", "Aa", "BB", "\uffff", "\ud83d\ude00", "\ue000", "\ud7ff", "\u00e9", "e\u0301",
                "\ud800\udc00", "\udbff\udfff", "a\ud83d\ude00", "a\uffff", "zookeeper", "zookeeper2", "/a", "/a/b", "/ab"};
            for (String a : fixed) for (String b : fixed) pairs.add(new String[] {a, b});
            for (int i = 0; i < 700; i++) {
                String a = randomString();
                String b = rnd.nextInt(3) == 0 ? a + randomString() : (rnd.nextBoolean() && a.length() > 0 ? a.substring(0, rnd.nextInt(a.length())) + randomString() : randomString());
                // Keep only well-formed UTF-16: Swift strings cannot hold lone surrogates.
                if (!wellFormed(a) || !wellFormed(b)) continue;
                pairs.add(new String[] {a, b});
            }
            for (String[] p : pairs) {
                out.println("P " + units(p[0]) + " ; " + units(p[1]) + " ; " + p[0].hashCode() + " " + p[1].hashCode() + " " + p[0].compareTo(p[1]));
            }
        }
    }

    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) return false;
        }
        return true;
    }
}
