// Generates date-named.txt, date-digest.txt and tz-ids.txt with the real java.util/java.text classes.
// Run (locale and zone of the captures): LANG=C.UTF-8 TZ=UTC java --add-opens java.base/java.util=ALL-UNNAMED DateVectors.java
//
// date-named.txt:  Z <zone ID>, then per instant: <millis> TAB <SHORT/LONG> TAB <MEDIUM/MEDIUM> TAB <Date.toString()>
// date-digest.txt: <zone ID> <FNV-1a 64 hex> for every zone ID Java knows, over the instants of
//                  instants(): the UTF-8 of "<SHORT/LONG>|<MEDIUM/MEDIUM>|<Date.toString()>\n" per instant.
// tz-ids.txt:      <escaped ID> <resolved ID or -> <std name> <dst name>: TimeZone.getTimeZone(id, false)
import java.io.*;
import java.lang.reflect.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.text.DateFormat;
import java.util.*;

public class DateVectors {
    /** SplitMix64, reproduced by the Swift tests. */
    static long state = 0x5eed2023L;
    static long next() {
        long z = (state += 0x9e3779b97f4a7c15L);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
    /** A uniform value in [lo, hi) from next(). */
    static long range(long lo, long hi) { return lo + Long.remainderUnsigned(next(), hi - lo); }

    static final long[] FIXED = {0L, -1L, 1L, 1700000000000L, 1523016958000L, Long.MIN_VALUE, Long.MAX_VALUE,
        Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, -12219292800000L, -12219292800001L, -12219292800000L - 86400000L * 10,
        -2208988800000L, -2208988800001L, -2208988800000L - 3600000L, 2145916799000L, 2145916800000L, 2147483647000L,
        2147483648000L, 4102444800000L, -62135596800000L, -62135596800001L, -62135769600000L, 253402300799999L,
        253402300800000L, 86399999L, 86400000L, -86400000L, -86400001L, 43199999L, 43200000L};

    /** The instants of the digest: FIXED, then 400 from next() in five kinds. */
    static List<Long> instants() {
        state = 0x5eed2023L;
        List<Long> l = new ArrayList<>();
        for (long v : FIXED) l.add(v);
        for (int i = 0; i < 400; i++) {
            switch (i % 5) {
                case 0: l.add(next()); break;                                             // any long
                case 1: l.add(range(-2300000000000L, 4200000000000L)); break;             // 1897..2103
                case 2: l.add(range(0L, 2200000000000L) / 1800000L * 1800000L + range(-1, 2)); break; // half hours
                case 3: l.add(range(1893456000000L, 2398291200000L)); break;              // 2030..2046
                default: l.add(range(-13000000000000L, -11000000000000L)); break;         // around 1582
            }
        }
        return l;
    }

    /**
     * As the tools do: a new DateFormat per call (its own copy of the default zone), and
     * Date.toString() on the one default zone object (whose SimpleTimeZone cache carries over).
     */
    static String[] formats(long t) {
        DateFormat sl = DateFormat.getDateTimeInstance(DateFormat.SHORT, DateFormat.LONG);
        DateFormat mm = DateFormat.getDateTimeInstance();
        Date d = new Date(t);
        return new String[] {sl.format(d), mm.format(d), d.toString()};
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c > 0x20 && c < 0x7f && c != '\\') b.append(c);
            else b.append(String.format("\\u%04x", (int) c));
        }
        return b.length() == 0 ? "\\u" : b.toString();
    }

    public static void main(String[] args) throws Exception {
        String[] named = {"UTC", "GMT", "Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Moscow", "America/New_York",
            "EST5EDT", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Tokyo",
            "Asia/Shanghai", "Asia/Kolkata", "Asia/Singapore", "Australia/Sydney", "Pacific/Auckland", "Etc/GMT-3",
            "Etc/GMT+5", "Europe/Dublin", "Africa/Casablanca", "Asia/Tehran", "America/St_Johns", "Australia/Lord_Howe",
            "Pacific/Chatham", "Asia/Kathmandu", "America/Santiago", "Africa/Cairo", "Asia/Jerusalem", "GMT+05:30",
            "America/Godthab", "Pacific/Apia", "Antarctica/Troll", "Europe/Prague", "Africa/Windhoek"};
        try (PrintStream out = new PrintStream(new FileOutputStream("date-named.txt"), false, "UTF-8")) {
            Random rnd = new Random(1114);
            for (String id : named) {
                TimeZone.setDefault(TimeZone.getTimeZone(id));  // a fresh object: a fresh cache
                out.println("Z " + id);
                List<Long> l = new ArrayList<>();
                for (long v : FIXED) l.add(v);
                for (int i = 0; i < 40; i++) l.add(1000L * (long) (rnd.nextDouble() * 5.0e9 - 2.3e9) + rnd.nextInt(1000));
                for (int i = 0; i < 20; i++) l.add(1600000000000L + (long) (rnd.nextDouble() * 1.5e11));
                for (long t : l) {
                    String[] f = formats(t);
                    out.println(t + "\t" + f[0] + "\t" + f[1] + "\t" + f[2]);
                }
            }
        }
        try (PrintStream out = new PrintStream(new FileOutputStream("date-digest.txt"), false, "UTF-8")) {
            List<Long> inst = instants();
            String[] ids = TimeZone.getAvailableIDs();
            Arrays.sort(ids);
            for (String id : ids) {
                TimeZone.setDefault(TimeZone.getTimeZone(id));
                long h = 0xcbf29ce484222325L;
                for (long t : inst) {
                    String[] f = formats(t);
                    for (byte b : (f[0] + "|" + f[1] + "|" + f[2] + "\n").getBytes(StandardCharsets.UTF_8)) {
                        h = (h ^ (b & 0xff)) * 0x100000001b3L;
                    }
                }
                out.println(id + " " + Long.toUnsignedString(h, 16));
            }
        }
        Method gt = TimeZone.class.getDeclaredMethod("getTimeZone", String.class, boolean.class);
        gt.setAccessible(true);
        try (PrintStream out = new PrintStream(new FileOutputStream("tz-ids.txt"), false, "UTF-8")) {
            List<String> ids = new ArrayList<>();
            try (var walk = Files.walk(Paths.get("/usr/share/zoneinfo"))) {
                walk.filter(Files::isRegularFile).map(p -> Paths.get("/usr/share/zoneinfo").relativize(p).toString())
                    .sorted().forEach(ids::add);
            }
            ids.addAll(List.of("", "Z", "JUNK", "utc", "Utc", "GMT0", "GMT+0", "GMT-0", "GMT+00:00", "GMT-00:00", "GMT+5",
                "GMT-5", "GMT+05", "GMT+0530", "GMT+05:30", "GMT-05:30", "GMT+5:30", "GMT+530", "GMT+23:59", "GMT+24:00",
                "GMT+23:60", "GMT+12345", "GMT+:30", "GMT+05:", "GMT+05:3", "GMT+05:300", "GMT+123:00", "GMT+1:2:3",
                "GMT+05:30:00", "GMT+", "GMT-", "GMT5", "GMT 5", "GMT+0000012", "GMT+99999999999", "GMT+x", "GMT+\u0661",
                "UTC+5", "EST", "MST", "HST", "PST", "IST", "CST", "ACT", "SystemV/EST5", "US/Pacific-New",
                "posix/Europe/Berlin", "right/UTC", "Europe/Kyiv", "Europe/Kiev", "America/Coyhaique", " Europe/Berlin",
                "Europe/Berlin ", "EUROPE/BERLIN", "<+0530>-5:30", "/etc/localtime", ":Europe/Berlin"));
            for (String id : ids) {
                TimeZone tz = (TimeZone) gt.invoke(null, id, false);
                if (tz == null) out.println(esc(id) + " -");
                else out.println(esc(id) + " " + tz.getID() + " " + tz.getDisplayName(false, TimeZone.SHORT, Locale.US) + " "
                    + tz.getDisplayName(true, TimeZone.SHORT, Locale.US));
            }
        }
    }
}
