// Generates format.txt with java.lang/java.util.Formatter (LANG=C.UTF-8, default locale en).
// Run: LANG=C.UTF-8 java FormatVectors.java > format.txt
//
//   H <long> <String.format("%#016x")> <Long.toHexString> <String.format("%d")>
//   D <input> <Long.decode, or ! and the NumberFormatException message>
//   I <input> <Integer.parseInt, or ! and the message>
//   X <input> <Long.parseLong(s, 16), or ! and the message>
//   F <Double.doubleToRawLongBits as hex> <String.format("%f")>
// Inputs and messages are escaped: UTF-16 units outside 0x21..0x7E, and backslash, as backslash-u XXXX.
import java.util.*;
import java.util.function.Function;

public class FormatVectors {
    static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c > 0x20 && c < 0x7f && c != '\\') b.append(c);
            else b.append(String.format("\\u%04x", (int) c));
        }
        return b.length() == 0 ? "\\u" : b.toString();
    }

    static String result(Function<String, Object> f, String s) {
        try {
            return String.valueOf(f.apply(s));
        } catch (NumberFormatException e) {
            return "!" + e.getMessage();
        }
    }

    public static void main(String[] args) {
        Random rnd = new Random(8);
        List<Long> longs = new ArrayList<>(List.of(0L, 1L, -1L, 15L, 16L, 0x100000001L, 0x1000001a2b30000L, 0x20000f00ba40001L,
            0xffffffffffffffL, 0x100000000000000L, Long.MAX_VALUE, Long.MIN_VALUE, 0x3fffffffffffL, 0x400000000000L));
        for (int i = 0; i < 200; i++) longs.add(i % 2 == 0 ? rnd.nextLong() : rnd.nextLong() >>> rnd.nextInt(64));
        for (long v : longs) {
            System.out.println("H " + v + " " + String.format("%#016x", v) + " " + Long.toHexString(v) + " " + String.format("%d", v));
        }
        List<String> inputs = new ArrayList<>(List.of("", "0", "1", "-1", "+1", "00", "07", "08", "010", "-010", "0x", "0X1f",
            "#ff", "-#ff", "+0x10", "-0x", "0x-1", "--1", "+-1", "-", "+", "zz", "0xzz", "1_000", " 1", "1 ", "1.0", "1e3",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "0x7fffffffffffffff", "0x8000000000000000", "-0x8000000000000000", "0xffffffffffffffff",
            "0777777777777777777777", "01777777777777777777777", "-01000000000000000000000", "2147483647", "2147483648",
            "-2147483648", "-2147483649", "\u0661\u0662", "\uff11\uff12", "\u0967", "0x\uff21", "\ud835\udfce", "+", "0x1F",
            "ff", "FF", "-ff", "+ff", "1a2b30000", "\uff46\uff46", "12345678901234567890", "0008", "#", "0#1", "0b1"));
        for (String s : inputs) {
            System.out.println("D " + esc(s) + " " + esc(result(Long::decode, s)));
            System.out.println("I " + esc(s) + " " + esc(result(Integer::parseInt, s)));
            System.out.println("X " + esc(s) + " " + esc(result(x -> Long.parseLong(x, 16), s)));
        }
        List<Double> doubles = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.5, 0.0012345, 0.0000005, 0.0000015, 0.0000025,
            1.0000005, 0.1234565, 0.1234575, 2.5e-7, 4.9999999e-7, 5e-7, 123456.789, 1e20, 1.5e300, Double.MAX_VALUE,
            Double.MIN_VALUE, Double.MIN_NORMAL, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.9999995,
            9.9999995, 99.9999995, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 0x1p62, 0x1p62 + 0x1p10, 0x1p61 + 0x1p9 * 3, 0x1p60 + 0x1p8 * 5, 0x1p58 + 0x1p6, 0x1p57 + 0x1p5, 0x1p54 + 2, 0x1p55 + 8, 0x1p63, 0x1p63 + 0x1p11, 123456789012345678.0, 1e17, 1e18, 9.2e18, 1e-7, 1e7, 12.345, 0.125, 0.0625, 1.005, 2.675,
            1234567.8912345, 0.0000004999999999999999, 4.35, 1.45, 8.345, 1e15 + 0.3, 1e16, 9007199254740993.0));
        for (int i = 0; i < 300; i++) {
            switch (i % 4) {
                case 0: doubles.add(rnd.nextDouble()); break;
                case 1: doubles.add(rnd.nextInt(100000) / 1000.0); break;
                case 2: doubles.add((rnd.nextInt(2000000) + 0.5) / 1e6 + 0.0000005); break;
                default: doubles.add(i % 8 == 3 ? Double.longBitsToDouble(rnd.nextLong()) : (double) (rnd.nextLong() >> rnd.nextInt(20))); break;
            }
        }
        for (double d : doubles) {
            System.out.println("F " + Long.toHexString(Double.doubleToRawLongBits(d)) + " " + String.format("%f", d));
        }
    }
}
