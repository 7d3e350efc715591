// Prints Java's default time zone ID and the zone name of Date.toString() at 2023-11-14T22:13:20Z
// and at 2023-07-01T12:00:00Z. Used by gen-tz-default.sh.
import java.util.*;

public class TzDefault {
    public static void main(String[] args) {
        TimeZone tz = TimeZone.getDefault();
        System.out.println(tz.getID() + "\t" + new Date(1700000000000L) + "\t" + new Date(1688212800000L));
    }
}
