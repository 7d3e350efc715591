// Generates cli.txt, cli-help-txnlog.txt and cli-help-comparer.txt with the real commons-cli 1.5.0
// (DefaultParser, HelpFormatter) and the exact option sets of ZooKeeper 3.8.0's TxnLogToolkit and
// SnapshotComparer.
// Run: java -cp /usr/share/java/commons-cli.jar CliVectors.java
//
// cli.txt, two lines per case:
//   A <T|S> <args...>                      T = TxnLogToolkit options, S = SnapshotComparer options
//   E <message>                            ParseException.getMessage()
//   X <exception>                          an uncaught RuntimeException (toString())
//   P [@<key> [=<value>]...]... # <positional args...>
//                                          for each option key (definition order) with hasOption:
//                                          @key then its getOptionValues; then the remaining args
// Everything is escaped: UTF-16 units outside 0x21..0x7E, and backslash, as backslash-u XXXX
// (the empty string is a lone backslash-u).
import java.io.*;
import java.util.*;
import org.apache.commons.cli.*;

public class CliVectors {
    static Options txnLogToolkit() {
        Options options = new Options();
        options.addOption(new Option("h", "help", false, "Print help message"));
        options.addOption(new Option("r", "recover", false, "Recovery mode. Re-calculate CRC for broken entries."));
        options.addOption(new Option("v", "verbose", false, "Be verbose in recovery mode: print all entries, not just fixed ones."));
        options.addOption(new Option("d", "dump", false,
            "Dump mode. Dump all entries of the log file with printing the content of a nodepath (default)"));
        options.addOption(new Option("y", "yes", false, "Non-interactive mode: repair all CRC errors without asking"));
        options.addOption(new Option("c", "chop", false, "Chop mode. Chop txn file to a zxid."));
        options.addOption(new Option("z", "zxid", true, "Used with chop. Zxid to which to chop."));
        return options;
    }

    static Options snapshotComparer() {
        Options options = new Options();
        options.addOption(Option.builder("l").hasArg().required(true).longOpt("left")
            .desc("(Required) The left snapshot file.").argName("LEFT").type(File.class).build());
        options.addOption(Option.builder("r").hasArg().required(true).longOpt("right")
            .desc("(Required) The right snapshot file.").argName("RIGHT").type(File.class).build());
        options.addOption(Option.builder("b").hasArg().required(true).longOpt("bytes")
            .desc("(Required) The node data delta size threshold, in bytes, for printing the node.")
            .argName("BYTETHRESHOLD").type(String.class).build());
        options.addOption(Option.builder("n").hasArg().required(true).longOpt("nodes")
            .desc("(Required) The descendant node delta size threshold, in nodes, for printing the node.")
            .argName("NODETHRESHOLD").type(String.class).build());
        options.addOption("d", "debug", false, "Use debug output.");
        options.addOption("i", "interactive", false, "Enter interactive mode.");
        return options;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c > 0x20 && c < 0x7f && c != '\\') b.append(c);
            else b.append(String.format("\\u%04x", (int) c));
        }
        return b.length() == 0 ? "\\u" : b.toString();
    }

    static void run(PrintStream out, String set, Options options, String... args) {
        StringBuilder a = new StringBuilder("A ").append(set);
        for (String s : args) a.append(' ').append(esc(s));
        out.println(a);
        try {
            CommandLine cl = new DefaultParser().parse(options, args);
            StringBuilder p = new StringBuilder("P");
            for (Option o : options.getOptions()) {
                String key = o.getOpt() != null ? o.getOpt() : o.getLongOpt();
                if (cl.hasOption(key)) {
                    p.append(" @").append(key);
                    String[] values = cl.getOptionValues(key);
                    if (values != null) for (String v : values) p.append(" =").append(esc(v));
                }
            }
            p.append(" #");
            for (String s : cl.getArgs()) p.append(' ').append(esc(s));
            out.println(p);
        } catch (ParseException e) {
            out.println("E " + esc(e.getMessage()));
        } catch (RuntimeException e) {
            out.println("X " + esc(e.toString()));
        }
    }

    static String help(String syntax, Options options) {
        StringWriter w = new StringWriter();
        PrintWriter pw = new PrintWriter(w);
        new HelpFormatter().printHelp(pw, 120, syntax, "", options, 1, 3, "", false);
        pw.flush();
        return w.toString();
    }

    public static void main(String[] args) throws IOException {
        // The tools call printHelp(120, syntax, "", options, "") on System.out; the same text as this.
        try (Writer w = new OutputStreamWriter(new FileOutputStream("cli-help-txnlog.txt"), "UTF-8")) {
            w.write(help("TxnLogToolkit [-dhrvc] <txn_log_file_name> (-z <zxid>)", txnLogToolkit()));
        }
        try (Writer w = new OutputStreamWriter(new FileOutputStream("cli-help-comparer.txt"), "UTF-8")) {
            w.write(help("java -cp <classPath> org.apache.zookeeper.server.SnapshotComparer", snapshotComparer()));
        }
        // Wrapping: a narrow width and long texts.
        Options wide = new Options();
        wide.addOption(new Option("a", "alpha", true, "A description that is long enough to wrap several times when the width is small, with words."));
        wide.addOption(Option.builder().longOpt("only-long").desc("Long only.\nSecond line after a newline.").build());
        wide.addOption(Option.builder("B").hasArg().argName("").desc("Blank arg name; tab\there.").build());
        wide.addOption(new Option("c", null, false, "averyveryveryveryveryveryveryveryveryveryverylongwordwithoutanyspaces"));
        try (Writer w = new OutputStreamWriter(new FileOutputStream("cli-help-wrap.txt"), "UTF-8")) {
            StringWriter sw = new StringWriter();
            PrintWriter pw = new PrintWriter(sw);
            new HelpFormatter().printHelp(pw, 40, "prog with a fairly long usage line that must wrap at forty", "", wide, 1, 3, "", false);
            pw.flush();
            w.write(sw.toString());
        }

        String[][] t = {
            {}, {"log.1"}, {"-h"}, {"--help"}, {"-h", "-x"}, {"-x"}, {"--bogus"}, {"--bogus=1"}, {"-rx"}, {"-rvy", "log"},
            {"-r", "-v", "-y", "log"}, {"-c", "-z", "5", "log"}, {"-c", "-z5", "log"}, {"-c", "-z0x5", "log"}, {"-cz5", "log"},
            {"-c", "-z=5", "log"}, {"-c", "--zxid", "5", "log"}, {"-c", "--zxid=5", "log"}, {"-c", "--zxid=", "log"},
            {"-z"}, {"log", "-z"}, {"-z", "-1", "log"}, {"-z", "-c", "log"}, {"-z", "-x", "log"}, {"-z", "--", "log"},
            {"-z", "-1.5e3"}, {"-z", "-0x1p3"}, {"-z", "-0x5"}, {"-z", "-NaN"}, {"-z", "-Infinity"}, {"-z", "-1d"},
            {"-z", "-"}, {"-z", "\"5\""}, {"-z", "\"5"}, {"-z", "\"a\"b\""}, {"-z\"5\""}, {"-z", "1", "-z", "2", "log"},
            {"--zxid", "1", "-z2"}, {"--rec", "log"}, {"--recover", "log"}, {"--re", "log"}, {"--r", "log"}, {"--v", "log"},
            {"--d", "log"}, {"--ver", "--dump", "log"}, {"-rec", "log"}, {"-recover", "log"}, {"-zx", "5"}, {"-zxid=5"},
            {"-zxid", "5"}, {"-zxid5"}, {"-zxidd"}, {"--z", "5"}, {"--z=5"}, {"--c"}, {"-chop"}, {"--", "-r", "log"},
            {"log", "--", "-x"}, {"log", "-r", "other", "-v"}, {"-", "log"}, {"-r", "-"}, {"--help=1"}, {"-h=1"},
            {"-hr"}, {"-hz"}, {"-hz5"}, {"-zh"}, {"-=5"}, {"--=5"}, {"---r"}, {"---help"}, {"-r=5"}, {"-y", "-yes"},
            {"--yes", "--yes"}, {"-d", "-d", "log"}, {"-v", "--verbose"}, {"-c", "-z", "0x1f", "-c"},
            {"-z", "--zxid"}, {"-z", "--bogus"}, {"-z", "-rv"}, {"-z", "--rec"}, {"\u00e9"}, {"-\u00e9"},
            {"-r\u00e9"}, {"-z\u00e9"}, {"-z\ud83d\ude00"}, {"--zxid=\u00e9"}, {"-zxid\u00e9"}, {"-Z"}, {"-R"},
            {"--ZXID", "1"}, {"-z", " 5 "}, {"-z", ""}, {""}, {"", "-r"}, {"-z", "-r", "-v"},
        };
        String[][] s = {
            {}, {"-l", "a", "-r", "b", "-b", "1", "-n", "2"}, {"-l", "a"}, {"-l", "a", "-r", "b"}, {"-l", "a", "-r", "b", "-b", "1"},
            {"-h"}, {"--help"}, {"-l"}, {"-l", "a", "-r", "b", "-b", "-1", "-n", "-2"}, {"-la", "-rb", "-b1", "-n2"},
            {"-l=a", "-r=b", "-b=1", "-n=2"}, {"--left", "a", "--right=b", "--bytes", "1", "--nodes=2"},
            {"--l", "a", "--ri", "b", "--by", "1", "--no", "2", "-d", "-i"}, {"-left", "a", "-right", "b", "-bytes", "1", "-nodes", "2"},
            {"-lefta", "-rightb", "-bytes1", "-nodes2"}, {"-leftfoo", "-r", "b", "-b", "1", "-n", "2"},
            {"-l", "a", "-r", "b", "-b", "1", "-n", "2", "-di"}, {"-l", "a", "-r", "b", "-b", "1", "-n", "2", "-de"},
            {"-l", "a", "-r", "b", "-b", "1", "-n", "2", "-id"}, {"-l", "a", "-r", "b", "-b", "1", "-n", "2", "--d"},
            {"-l", "a", "-r", "b", "-b", "1", "-n", "2", "--i"}, {"-l", "a", "-r", "b", "-b", "1", "-n", "2", "--in"},
            {"-l", "a", "-l", "c", "-r", "b", "-b", "1", "-n", "2", "extra", "more"}, {"-n", "2", "-b", "1"},
            {"-r", "b", "-n", "2"}, {"-l", "a", "-r", "b", "-b", "x", "-n", "2"}, {"-dl", "a"}, {"-ld"}, {"-l", "-d"},
            {"-l", "-r", "b"}, {"-l", "--", "x"}, {"-b", "--nodes"}, {"-b", "--no"}, {"-x", "-l", "a"}, {"-l", "a", "-x"},
            {"-l", "a", "-r", "b", "-b", "1", "-n"}, {"--left"}, {"--left=", "-r=", "-b=", "-n="}, {"-l", "a", "-r", "b", "-b", "1", "-n", "2", "-d=1"},
            {"--debug=1"}, {"-interactive"}, {"-interactivex"}, {"-i", "-d", "-l", "x"},
        };
        try (PrintStream out = new PrintStream(new FileOutputStream("cli.txt"), false, "UTF-8")) {
            for (String[] a : t) run(out, "T", txnLogToolkit(), a);
            for (String[] a : s) run(out, "S", snapshotComparer(), a);
        }
    }
}
