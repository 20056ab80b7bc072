package io.netjfr.daemon;

import io.netjfr.bpf.AttachMode;
import io.netjfr.bpf.Engine;
import io.netjfr.bpf.Hook;
import io.netjfr.bpf.LiveSettings;
import io.netjfr.bpf.PidNamespace;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node daemon's protocol: one line of text per message over a Unix stream socket.
 * <pre>
 *   agent:  hello 2 scope=jvm|system hooks=icmp,http,tls,recv pidns=DEV:INO [settings=SETTINGS]
 *   daemon: ok ring=BYTES modes=icmp:tp_btf,...      (the client's ring fd passed with it)
 *           error MESSAGE                             (then the daemon closes the connection)
 *   agent:  stats
 *   daemon: stats icmp=SEEN/LOST,...
 *   agent:  settings SETTINGS                         (its recordings changed what they want)
 *   daemon: ok
 *   agent:  summaries MAP                             (MAP: summaries, icmp_summaries)
 *   daemon: summaries ROWS LEFT_OUT [KEY:VALUE ...]    (the rows of the client's processes only, hex)
 * </pre>
 * SETTINGS is struct live_settings as THRESHOLD_NS/UNWANTED_MASK/THROTTLE,THROTTLE,... (by
 * enum settings_event), then, only when set (so a daemon before them still takes the
 * rest), /SUMMARIZE (enum summary_kind) and /FILTERS, each event's filter as
 * EVENT=HOST+HOST~PORT+PORT, comma-separated; a hello without SETTINGS gets every record.
 * A summaries answer holds at most {@link #MAX_SUMMARY_ROWS} rows (the daemon never waits
 * for a client to read: a longer answer could fill the socket), a value without its
 * trailing zero bytes; LEFT_OUT says how many more the client's processes have.
 * Who the client is comes from the kernel (SO_PEERCRED), never from a message; the pid
 * namespace a client names only changes how its own records number it.
 */
final class Protocol {
    /** 2: a summary row (struct summary_value) counts recorded, not unrecorded, and has no timed. */
    static final String VERSION = "2";
    /** Longest line either side sends or accepts. */
    static final int MAX_LINE = 4096;
    /** Rows in one summaries answer: at most ~600 bytes each, well within a socket's buffer. */
    static final int MAX_SUMMARY_ROWS = 128;
    /** Longest summaries answer. */
    static final int MAX_SUMMARY_LINE = 64 + MAX_SUMMARY_ROWS * (2 * (64 + 512) + 2);
    static final String STATS = "stats";
    static final String SUMMARIES = "summaries";
    static final String SETTINGS = "settings";
    static final String OK = "ok";

    private Protocol() {
    }

    /** What an agent asks for. */
    record Hello(boolean systemScope, Set<Hook> hooks, PidNamespace pidns, LiveSettings settings) {
        String line() {
            return "hello " + VERSION + " scope=" + (systemScope ? "system" : "jvm") + " hooks=" + names(hooks)
                    + " pidns=" + pidns.dev() + ":" + pidns.ino() + " settings=" + format(settings);
        }

        /** Throws IllegalArgumentException naming what is wrong. */
        static Hello parse(String line) {
            String[] words = line.split(" ");
            if (words.length < 5 || words.length > 6 || !words[0].equals("hello")) {
                throw new IllegalArgumentException("expected 'hello " + VERSION + " scope=... hooks=... pidns=...'");
            }
            if (!words[1].equals(VERSION)) {
                throw new IllegalArgumentException("protocol version " + words[1] + " not supported (this daemon: "
                        + VERSION + ")");
            }
            String scope = value(words[2], "scope");
            if (!scope.equals("jvm") && !scope.equals("system")) {
                throw new IllegalArgumentException("invalid scope '" + scope + "'");
            }
            Set<Hook> hooks = EnumSet.noneOf(Hook.class);
            for (String name : value(words[3], "hooks").split(",")) {
                Hook h = hook(name);
                if (h == Hook.PROCESS) {
                    throw new IllegalArgumentException("unknown hook '" + name + "'");
                }
                hooks.add(h);
            }
            String[] ns = value(words[4], "pidns").split(":");
            if (ns.length != 2) {
                throw new IllegalArgumentException("invalid pidns '" + words[4] + "'");
            }
            return new Hello(scope.equals("system"), hooks,
                    new PidNamespace(Long.parseUnsignedLong(ns[0]), Long.parseUnsignedLong(ns[1])),
                    words.length == 6 ? parseSettings(value(words[5], "settings")) : LiveSettings.ALL);
        }
    }

    /** What the daemon granted: the ring's size and the mode each hook is attached with (null: none). */
    record Granted(int ringSize, Map<Hook, AttachMode> modes) {
        String line() {
            List<String> parts = new ArrayList<>();
            modes.forEach((h, m) -> parts.add(h + ":" + (m == null ? "-" : m.token())));
            return "ok ring=" + ringSize + " modes=" + String.join(",", parts);
        }

        static Granted parse(String line) {
            String[] words = line.split(" ");
            if (words.length != 3 || !words[0].equals("ok")) {
                throw new IllegalArgumentException("unexpected answer '" + line + "'");
            }
            int ring = Integer.parseInt(value(words[1], "ring"));
            Map<Hook, AttachMode> modes = new EnumMap<>(Hook.class);
            for (String part : value(words[2], "modes").split(",")) {
                String[] hm = part.split(":");
                modes.put(hook(hm[0]), hm.length < 2 || hm[1].equals("-") ? null : AttachMode.parse(hm[1]));
            }
            return new Granted(ring, modes);
        }
    }

    static String stats(Map<Hook, Engine.Counters> counters) {
        List<String> parts = new ArrayList<>();
        counters.forEach((h, c) -> parts.add(h + "=" + c.seen() + "/" + c.lost()));
        return STATS + " " + String.join(",", parts);
    }

    static Map<Hook, Engine.Counters> parseStats(String line) {
        if (!line.startsWith(STATS + " ")) {
            throw new IllegalArgumentException("unexpected answer '" + line + "'");
        }
        Map<Hook, Engine.Counters> counters = new EnumMap<>(Hook.class);
        for (String part : line.substring(STATS.length() + 1).split(",")) {
            String[] kv = part.split("=");
            String[] sl = kv[1].split("/");
            counters.put(hook(kv[0]), new Engine.Counters(Long.parseLong(sl[0]), Long.parseLong(sl[1])));
        }
        return counters;
    }

    /** THRESHOLD_NS/UNWANTED_MASK/THROTTLE,...[/SUMMARIZE[/FILTERS]] */
    static String format(LiveSettings s) {
        int mask = 0;
        List<String> throttles = new ArrayList<>();
        for (LiveSettings.Event e : LiveSettings.Event.values()) {
            mask |= s.unwanted().contains(e) ? 1 << e.index() : 0;
            throttles.add(Integer.toString(s.throttle(e)));
        }
        String text = s.responseThresholdNanos() + "/" + mask + "/" + String.join(",", throttles);
        int summarize = 0;
        for (LiveSettings.Summary k : s.summaries()) {
            summarize |= k.bit();
        }
        if (summarize == 0 && s.filters().isEmpty()) {
            return text;
        }
        text += "/" + summarize;
        if (s.filters().isEmpty()) {
            return text;
        }
        List<String> filters = new ArrayList<>();
        s.filters().forEach((e, f) -> {
            List<String> hosts = new ArrayList<>();
            f.hosts().forEach(h -> hosts.add(h.getHostAddress()));
            List<String> ports = new ArrayList<>();
            f.ports().forEach(p -> ports.add(Integer.toString(p)));
            filters.add(e.index() + "=" + String.join("+", hosts) + "~" + String.join("+", ports));
        });
        return text + "/" + String.join(",", filters);
    }

    /** Throws IllegalArgumentException naming what is wrong. */
    static LiveSettings parseSettings(String text) {
        String[] parts = text.split("/");
        String[] throttles = parts.length >= 3 && parts.length <= 5 ? parts[2].split(",") : new String[0];
        if (throttles.length != LiveSettings.Event.values().length) {
            throw new IllegalArgumentException("invalid settings '" + text + "'");
        }
        Set<LiveSettings.Event> unwanted = EnumSet.noneOf(LiveSettings.Event.class);
        Map<LiveSettings.Event, Integer> perSecond = new EnumMap<>(LiveSettings.Event.class);
        int mask = Integer.parseInt(parts[1]);
        for (LiveSettings.Event e : LiveSettings.Event.values()) {
            if ((mask & 1 << e.index()) != 0) {
                unwanted.add(e);
            }
            perSecond.put(e, Integer.parseInt(throttles[e.index()]));
        }
        Set<LiveSettings.Summary> summaries = EnumSet.noneOf(LiveSettings.Summary.class);
        int summarize = parts.length >= 4 ? Integer.parseInt(parts[3]) : 0;
        for (LiveSettings.Summary k : LiveSettings.Summary.values()) {
            if ((summarize & k.bit()) != 0) {
                summaries.add(k);
            }
        }
        Map<LiveSettings.Event, LiveSettings.Filter> filters = new EnumMap<>(LiveSettings.Event.class);
        if (parts.length == 5) {
            for (String filter : parts[4].split(",")) {
                String[] ef = filter.split("=", 2);
                String[] hp = ef.length == 2 ? ef[1].split("~", -1) : new String[0];
                int event = Integer.parseInt(ef[0]);
                if (hp.length != 2 || event < 0 || event >= LiveSettings.Event.values().length) {
                    throw new IllegalArgumentException("invalid filter '" + filter + "'");
                }
                filters.put(LiveSettings.Event.values()[event], new LiveSettings.Filter(addresses(hp[0]), ports(hp[1])));
            }
        }
        return new LiveSettings(Long.parseLong(parts[0]), unwanted, perSecond, summaries, filters);
    }

    /** Addresses only: a daemon never resolves a name a client sends. */
    private static List<InetAddress> addresses(String text) {
        List<InetAddress> hosts = new ArrayList<>();
        for (String h : text.isEmpty() ? new String[0] : text.split("\\+")) {
            if (!h.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("invalid address '" + h + "'");
            }
            try {
                hosts.add(InetAddress.getByName(h));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("invalid address '" + h + "'");
            }
        }
        return hosts;
    }

    private static List<Integer> ports(String text) {
        List<Integer> ports = new ArrayList<>();
        for (String p : text.isEmpty() ? new String[0] : text.split("\\+")) {
            ports.add(Integer.parseInt(p));
        }
        return ports;
    }

    /** The answer to "summaries MAP": rows (key, value) of the client's processes, leftOut more. */
    static String summaries(List<byte[][]> rows, int leftOut) {
        StringBuilder sb = new StringBuilder(SUMMARIES).append(' ').append(rows.size()).append(' ').append(leftOut);
        for (byte[][] kv : rows) {
            int end = kv[1].length;
            while (end > 0 && kv[1][end - 1] == 0) {
                end--;
            }
            sb.append(' ').append(HexFormat.of().formatHex(kv[0])).append(':')
                    .append(HexFormat.of().formatHex(kv[1], 0, end));
        }
        return sb.toString();
    }

    /** The rows of a summaries answer, each value padded back to valueSize; throws IllegalArgumentException. */
    static List<byte[][]> parseSummaries(String line, int keySize, int valueSize) {
        String[] words = line.split(" ");
        if (words.length < 3 || !words[0].equals(SUMMARIES) || words.length != 3 + Integer.parseInt(words[1])) {
            throw new IllegalArgumentException("unexpected answer '" + (line.length() > 64 ? line.substring(0, 64) : line)
                    + "'");
        }
        List<byte[][]> rows = new ArrayList<>();
        for (int i = 3; i < words.length; i++) {
            String[] kv = words[i].split(":");
            byte[] key = HexFormat.of().parseHex(kv[0]);
            byte[] trimmed = kv.length > 1 ? HexFormat.of().parseHex(kv[1]) : new byte[0];
            if (key.length != keySize || trimmed.length > valueSize) {
                throw new IllegalArgumentException("unexpected summary row of " + key.length + "+" + trimmed.length
                        + " bytes");
            }
            rows.add(new byte[][] {key, Arrays.copyOf(trimmed, valueSize)});
        }
        return rows;
    }

    /** How many rows of its processes a summaries answer left out. */
    static int leftOut(String line) {
        return Integer.parseInt(line.split(" ", 4)[2]);
    }

    /**
     * The error line for {@code message}, which may repeat a client's text (a scope, a hook, a
     * version): one line of printable ASCII, a newline a space and anything else '?', so no
     * client's bytes (a terminal's escape, say) go back as they came.
     */
    static String error(String message) {
        return "error " + message.codePoints().map(c -> c == '\n' ? ' ' : c >= 0x20 && c < 0x7f ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
    }

    /** An answer that is an error: its message; null otherwise. */
    static String errorMessage(String line) {
        return line.startsWith("error ") ? line.substring(6) : null;
    }

    private static String names(Set<Hook> hooks) {
        List<String> names = new ArrayList<>();
        hooks.forEach(h -> names.add(h.toString()));
        return String.join(",", names);
    }

    private static Hook hook(String name) {
        for (Hook h : Hook.values()) {
            if (h.toString().equals(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown hook '" + name + "'");
    }

    private static String value(String word, String key) {
        if (!word.startsWith(key + "=") || word.length() == key.length() + 1) {
            throw new IllegalArgumentException("expected " + key + "=..., got '" + word + "'");
        }
        return word.substring(key.length() + 1);
    }
}
