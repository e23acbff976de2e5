package io.meshperf.agent.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * qperf 0.4.11's own command-line syntax (section 2 of the protocol notes): single-dash long options
 * ({@code -lp}, {@code -vv}, {@code -t 2}, {@code -m 64k}), options and tests mixed, the first bare
 * word the host. Parsed once; immutable afterwards. Bad input throws {@link IllegalArgumentException}
 * naming the option.
 */
public final class QperfArgs {

    /** Output verbosity per line class: conf, stat, time, used (0, 1 or 2). */
    int conf;
    int stat;
    int time;
    int used;
    int precision = 3;
    boolean unify;
    boolean bits;
    boolean forceLocRem;
    boolean debug;

    String host;
    final List<String> tests = new ArrayList<>();
    int listenPort = 19765;
    int dataPort;
    int timeSec = 2;
    Integer msgSize;
    int locTimeout = 5;
    int remTimeout = 5;
    int locSockBuf;
    int remSockBuf;
    int accessRecv;
    int locAffinity;
    int remAffinity;
    int flip;
    int noMsgs;
    int waitServer = 5;
    /** Options as typed that set flip or no_msgs, for qperf's "set but not used" warnings. */
    final List<String> unusedOptions = new ArrayList<>();
    /** Parameters the user set (qperf shows them at level 1 of "used"). */
    final Set<String> userSet = new HashSet<>();
    /** Whether any option other than the server-only ones (-lp, -lto, -D) was given. */
    private boolean clientOption;
    private boolean timeGiven;

    private QperfArgs() {
    }

    /** True when qperf would become a server: no host, no test, only server options. */
    public boolean serverMode() {
        return host == null && tests.isEmpty() && !clientOption;
    }

    public static QperfArgs parse(List<String> args) {
        QperfArgs a = new QperfArgs();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-") || arg.length() == 1) {
                if (a.host == null) {
                    a.host = arg;
                } else {
                    a.tests.add(arg);
                }
                continue;
            }
            String name = arg.startsWith("--") ? arg.substring(1) : arg;
            if (a.flag(name)) {
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            a.valued(arg, name, args.get(++i));
        }
        if (a.noMsgs > 0 && !a.timeGiven) {
            a.timeSec = 0;
        }
        return a;
    }

    private boolean flag(String name) {
        switch (name) {
            case "-v", "-verbose" -> setVerbose(1, "csut");
            case "-vv", "-verbose_more" -> setVerbose(2, "csut");
            case "-vc", "-vs", "-vt", "-vu" -> setVerbose(1, name.substring(2));
            case "-vvc", "-vvs", "-vvt", "-vvu" -> setVerbose(2, name.substring(3));
            case "-uu", "-unify_units" -> unify = true;
            case "-ub", "-use_bits_per_sec" -> bits = true;
            case "-un", "-unify_nodes" -> forceLocRem = true;
            case "-D", "-debug" -> {
                debug = true;
                return true;
            }
            case "-ar1" -> {
                accessRecv = 1;
                userSet.add("access_recv");
            }
            case "-f1" -> {
                flip = 1;
                unusedOptions.add("-f1");
            }
            default -> {
                return false;
            }
        }
        clientOption = true;
        return true;
    }

    private void setVerbose(int level, String classes) {
        for (char c : classes.toCharArray()) {
            switch (c) {
                case 'c' -> conf = Math.max(conf, level);
                case 's' -> stat = Math.max(stat, level);
                case 'u' -> used = Math.max(used, level);
                default -> time = Math.max(time, level);
            }
        }
    }

    private void valued(String typed, String name, String v) {
        switch (name) {
            case "-lp", "-listen_port" -> {
                listenPort = port(typed, v);
                return;
            }
            case "-lto", "-loc_timeout" -> {
                locTimeout = seconds(typed, v);
                userSet.add("timeout");
                return;
            }
            default -> clientOption = true;
        }
        switch (name) {
            case "-H", "-host" -> host = v;
            case "-ip", "-ip_port" -> {
                dataPort = port(typed, v);
                userSet.add("port");
            }
            case "-t", "-time" -> {
                timeSec = seconds(typed, v);
                timeGiven = true;
                userSet.add("time");
            }
            case "-m", "-msg_size" -> {
                msgSize = (int) Math.min(Integer.MAX_VALUE, size(typed, v));
                userSet.add("msg_size");
            }
            case "-to", "-timeout" -> {
                locTimeout = seconds(typed, v);
                remTimeout = locTimeout;
                userSet.add("timeout");
            }
            case "-rto", "-rem_timeout" -> {
                remTimeout = seconds(typed, v);
                userSet.add("timeout");
            }
            case "-sb", "-sock_buf_size" -> {
                locSockBuf = (int) size(typed, v);
                remSockBuf = locSockBuf;
                userSet.add("sock_buf_size");
            }
            case "-lsb", "-loc_sock_buf_size" -> {
                locSockBuf = (int) size(typed, v);
                userSet.add("sock_buf_size");
            }
            case "-rsb", "-rem_sock_buf_size" -> {
                remSockBuf = (int) size(typed, v);
                userSet.add("sock_buf_size");
            }
            case "-ar", "-access_recv" -> {
                accessRecv = integer(typed, v);
                userSet.add("access_recv");
            }
            case "-ca", "-cpu_affinity" -> {
                locAffinity = integer(typed, v);
                remAffinity = locAffinity;
                userSet.add("affinity");
            }
            case "-lca", "-loc_cpu_affinity" -> {
                locAffinity = integer(typed, v);
                userSet.add("affinity");
            }
            case "-rca", "-rem_cpu_affinity" -> {
                remAffinity = integer(typed, v);
                userSet.add("affinity");
            }
            case "-f", "-flip" -> {
                flip = integer(typed, v);
                unusedOptions.add(typed);
            }
            case "-n", "-no_msgs" -> {
                noMsgs = integer(typed, v);
                unusedOptions.add(typed);
            }
            case "-ws", "-wait_server" -> waitServer = seconds(typed, v);
            case "-e", "-precision" -> precision = integer(typed, v);
            default -> throw new IllegalArgumentException("bad option: " + typed
                    + " (meshperf understands qperf 0.4.11's socket-test options)");
        }
    }

    static int integer(String opt, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value for " + opt + ": " + v);
        }
    }

    static int port(String opt, String v) {
        int p = integer(opt, v);
        if (p > 65535) {
            throw new IllegalArgumentException("bad value for " + opt + ": " + v + " (port above 65535)");
        }
        return p;
    }

    /** Whole seconds with qperf's suffixes s, m, h, d; fractions truncate toward zero. */
    static int seconds(String opt, String v) {
        String num = v;
        double mult = 1;
        if (!v.isEmpty()) {
            switch (Character.toLowerCase(v.charAt(v.length() - 1))) {
                case 's' -> num = v.substring(0, v.length() - 1);
                case 'm' -> {
                    num = v.substring(0, v.length() - 1);
                    mult = 60;
                }
                case 'h' -> {
                    num = v.substring(0, v.length() - 1);
                    mult = 3600;
                }
                case 'd' -> {
                    num = v.substring(0, v.length() - 1);
                    mult = 86400;
                }
                default -> num = v;
            }
        }
        try {
            double d = Double.parseDouble(num) * mult;
            if (d < 0 || d > Integer.MAX_VALUE || Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return (int) d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value for " + opt + ": " + v);
        }
    }

    /** Sizes: k/kb ×1000, m/mb ×10^6, g/gb ×10^9; K/kib ×1024, M/mib, G/gib powers of 1024. */
    static long size(String opt, String v) {
        String[][] suffixes = {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}, {"kb", "1000"},
            {"mb", "1000000"}, {"gb", "1000000000"}};
        String lower = v.toLowerCase(Locale.ROOT);
        double mult = 1;
        String num = v;
        boolean matched = false;
        for (String[] s : suffixes) {
            if (lower.endsWith(s[0])) {
                mult = Double.parseDouble(s[1]);
                num = v.substring(0, v.length() - s[0].length());
                matched = true;
                break;
            }
        }
        if (!matched && !v.isEmpty()) {
            char last = v.charAt(v.length() - 1);
            switch (last) {
                case 'k' -> mult = 1e3;
                case 'm' -> mult = 1e6;
                case 'g' -> mult = 1e9;
                case 'K' -> mult = 1024;
                case 'M' -> mult = 1024 * 1024;
                case 'G' -> mult = 1024.0 * 1024 * 1024;
                default -> mult = 1;
            }
            if (mult != 1) {
                num = v.substring(0, v.length() - 1);
            }
        }
        try {
            double d = Double.parseDouble(num) * mult;
            if (d < 0 || d > Integer.MAX_VALUE || Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return (long) d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value for " + opt + ": " + v);
        }
    }
}
