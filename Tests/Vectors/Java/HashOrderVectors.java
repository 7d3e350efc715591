// Generates hash-order.txt: Java 17 HashSet<String>/HashMap<Long,Integer> iteration orders.
// Run: java HashOrderVectors.java > hash-order.txt
//
// Format (one case per two lines):
//   S <initialCapacity> <keys...>   HashSet<String>(initialCapacity), keys added in order
//   L <initialCapacity> <keys...>   HashMap<Long,Integer>(initialCapacity), keys put in order
//   C <keys...>                     new HashMap<>(src) where src is a HashMap<Long,Integer>();
//                                   the keys are src's iteration order
//   O <indices...>                  expected iteration order as indices into the keys
//                                   (first occurrence of a repeated key)
// String keys are escaped: every UTF-16 unit outside 0x21..0x7E, and backslash, as backslash-u and 4 hex digits.
import java.util.*;

public class HashOrderVectors {
    static final Random rnd = new Random(20231114L);
    static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.";

    static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x21 && c <= 0x7e && c != '\\') b.append(c);
            else b.append(String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }

    static String randomString(boolean unicode) {
        int len = 1 + rnd.nextInt(10);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int r = rnd.nextInt(100);
            if (unicode && r < 8) b.append((char) (0xa0 + rnd.nextInt(0x700)));
            else if (unicode && r < 12) b.append((char) (0x3000 + rnd.nextInt(0x6000)));
            else if (unicode && r < 14) b.append((char) (0xe000 + rnd.nextInt(0x1f00)));
            else if (unicode && r < 17) b.appendCodePoint(0x10000 + rnd.nextInt(0x100000));
            else if (unicode && r < 18) b.append(' ');
            else b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    static void stringCase(int cap, List<String> keys) {
        HashSet<String> set = new HashSet<>(cap);
        for (String k : keys) set.add(k);
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) first.putIfAbsent(keys.get(i), i);
        StringBuilder b = new StringBuilder("S ").append(cap);
        for (String k : keys) b.append(' ').append(esc(k));
        System.out.println(b);
        b = new StringBuilder("O");
        for (String k : set) b.append(' ').append(first.get(k));
        System.out.println(b);
    }

    static void longCase(int cap, List<Long> keys) {
        HashMap<Long, Integer> map = new HashMap<>(cap);
        for (Long k : keys) map.put(k, 0);
        Map<Long, Integer> first = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) first.putIfAbsent(keys.get(i), i);
        StringBuilder b = new StringBuilder("L ").append(cap);
        for (Long k : keys) b.append(' ').append(k);
        System.out.println(b);
        b = new StringBuilder("O");
        for (Long k : map.keySet()) b.append(' ').append(first.get(k));
        System.out.println(b);
    }

    static void copyCase(List<Long> keys) {
        HashMap<Long, Integer> src = new HashMap<>();
        for (Long k : keys) src.put(k, 0);
        List<Long> srcOrder = new ArrayList<>(src.keySet());
        HashMap<Long, Integer> copy = new HashMap<>(src);
        StringBuilder b = new StringBuilder("C");
        for (Long k : srcOrder) b.append(' ').append(k);
        System.out.println(b);
        b = new StringBuilder("O");
        for (Long k : copy.keySet()) b.append(' ').append(srcOrder.indexOf(k));
        System.out.println(b);
    }

    static List<String> randomStrings(int n, boolean unicode) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add(randomString(unicode));
        return l;
    }

    /** All 2^k concatenations of "Aa"/"BB" (equal hashCode), with a common prefix. */
    static List<String> equalHashFamily(String prefix, int k) {
        List<String> l = new ArrayList<>();
        for (int m = 0; m < (1 << k); m++) {
            StringBuilder b = new StringBuilder(prefix);
            for (int j = 0; j < k; j++) b.append(((m >> j) & 1) == 0 ? "Aa" : "BB");
            l.add(b.toString());
        }
        return l;
    }

    static int spread(int h) { return h ^ (h >>> 16); }

    /** Random strings whose spread hash has the given low bits (same bucket up to 2^bits). */
    static List<String> lowBitColliding(int n, int bits, int value) {
        List<String> l = new ArrayList<>();
        int mask = (1 << bits) - 1;
        while (l.size() < n) {
            String s = randomString(false);
            if ((spread(s.hashCode()) & mask) == value) l.add(s);
        }
        return l;
    }

    public static void main(String[] args) {
        // Spec examples.
        stringCase(8, List.of("k0", "k1", "k2", "k3", "k4", "Aa", "BB"));
        stringCase(8, List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "eph", "eph2"));
        stringCase(8, List.of("zookeeper"));
        stringCase(8, List.of("zookeeper", "app", "a", "b"));
        // Small and medium random sets, ASCII and Unicode.
        for (int n = 1; n <= 40; n++) stringCase(8, randomStrings(n, n % 3 == 0));
        for (int i = 0; i < 30; i++) {
            int n = 41 + rnd.nextInt(560);
            stringCase(i % 5 == 0 ? 16 : 8, randomStrings(n, i % 2 == 0));
        }
        for (int n : new int[] {2500, 5000}) stringCase(8, randomStrings(n, n == 2500));
        // Sequential znode names.
        for (int n : new int[] {10, 100, 1000}) {
            List<String> l = new ArrayList<>();
            for (int i = 0; i < n; i++) l.add(String.format("node-%010d", i));
            stringCase(8, l);
        }
        // Repeated keys.
        for (int i = 0; i < 10; i++) {
            List<String> l = randomStrings(5 + rnd.nextInt(60), false);
            int d = 1 + rnd.nextInt(l.size());
            for (int j = 0; j < d; j++) l.add(rnd.nextInt(l.size() + 1), l.get(rnd.nextInt(l.size())));
            stringCase(8, l);
        }
        // Equal-hash families: treeify at capacity >= 64, early resize below.
        for (int k = 3; k <= 7; k++) {
            List<String> l = equalHashFamily("", k);
            Collections.shuffle(l, rnd);
            stringCase(8, l);
        }
        for (int i = 0; i < 40; i++) {
            List<String> l = new ArrayList<>();
            int families = 1 + rnd.nextInt(4);
            for (int f = 0; f < families; f++) {
                l.addAll(equalHashFamily(randomString(false), 3 + rnd.nextInt(3)));
            }
            l.addAll(randomStrings(rnd.nextInt(i < 20 ? 60 : 600), false));
            if (i % 4 == 0) l.addAll(lowBitColliding(10 + rnd.nextInt(20), 6, rnd.nextInt(64)));
            Collections.shuffle(l, rnd);
            if (i % 5 == 0) {
                // Equal-hash keys first, then the rest: a tree bin early, split as the table grows.
                l.sort(Comparator.comparingInt(s -> s.hashCode() == l.get(0).hashCode() ? 0 : 1));
            }
            stringCase(8, l);
        }
        // Low-bit collisions: trees of keys with distinct hashes, split and untreeified on resize.
        for (int i = 0; i < 30; i++) {
            List<String> l = new ArrayList<>();
            int bits = 6 + rnd.nextInt(5);
            l.addAll(lowBitColliding(9 + rnd.nextInt(30), bits, rnd.nextInt(1 << bits)));
            if (i % 3 != 0) l.addAll(lowBitColliding(9 + rnd.nextInt(20), 6 + rnd.nextInt(3), rnd.nextInt(64)));
            l.addAll(randomStrings(rnd.nextInt(i < 25 ? 300 : 2000), false));
            if (i % 2 == 0) Collections.shuffle(l, rnd);
            stringCase(8, l);
        }

        // Longs: session ids of the form (i<<56)+i*0x10001 all fall into bucket 0.
        for (int n : new int[] {9, 13, 14}) {
            List<Long> l = new ArrayList<>();
            for (long i = 1; i <= n; i++) l.add((i << 56) + i * 0x10001L);
            longCase(16, l);
            copyCase(l);
            List<Long> z = new ArrayList<>();
            for (long i = 0; i < n; i++) z.add((i << 56) + i * 0x10001L);
            longCase(16, z);
            copyCase(z);
        }
        copyCase(List.of(1L, 4L, 5L));
        longCase(16, List.of(0x1000001a2b30000L, 0x20000f00ba40001L));
        // Realistic session ids: (sid << 56) | (millis << 24 >>> 8), then a counter.
        for (int i = 0; i < 10; i++) {
            List<Long> l = new ArrayList<>();
            long base = ((long) (1 + rnd.nextInt(5)) << 56) | ((1700000000000L + rnd.nextInt(1 << 30)) << 24 >>> 8);
            int n = 1 + rnd.nextInt(i < 5 ? 30 : 800);
            for (int j = 0; j < n; j++) l.add(base + j);
            Collections.shuffle(l, rnd);
            longCase(16, l);
            copyCase(l);
        }
        // Random longs.
        for (int i = 0; i < 20; i++) {
            List<Long> l = new ArrayList<>();
            int n = 1 + rnd.nextInt(i < 10 ? 40 : 500);
            for (int j = 0; j < n; j++) l.add(i % 3 == 0 ? (long) rnd.nextInt(100000) - 50000 : rnd.nextLong());
            longCase(16, l);
            if (i % 2 == 0) copyCase(l);
        }
        // Equal hashes: (a << 32) | (a ^ c) all hash to c; low-bit collisions: multiples of 1024.
        for (int i = 0; i < 25; i++) {
            List<Long> l = new ArrayList<>();
            int groups = 1 + rnd.nextInt(3);
            for (int g = 0; g < groups; g++) {
                int c = rnd.nextInt();
                int m = 9 + rnd.nextInt(30);
                for (int j = 0; j < m; j++) {
                    long a = rnd.nextInt();
                    l.add((a << 32) | ((a ^ c) & 0xffffffffL));
                }
            }
            if (i % 2 == 0) {
                int m = 9 + rnd.nextInt(60);
                long step = 1L << (6 + rnd.nextInt(6));
                for (int j = 0; j < m; j++) l.add(j * step * (rnd.nextBoolean() ? 1 : -1));
            }
            int r = rnd.nextInt(i < 12 ? 50 : 400);
            for (int j = 0; j < r; j++) l.add(rnd.nextLong());
            if (i % 4 != 3) Collections.shuffle(l, rnd);
            if (i % 5 == 0) l.addAll(l.subList(0, Math.min(10, l.size())));
            longCase(16, l);
            if (i % 3 == 0) copyCase(l);
        }
    }
}
