package io.netjfr.daemon;

import io.netjfr.bpf.AttachMode;
import io.netjfr.bpf.Engine;
import io.netjfr.bpf.Hook;
import io.netjfr.bpf.LiveSettings;
import io.netjfr.bpf.PidNamespace;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node daemon's protocol: one line of text per message over a Unix stream socket.
 * <pre>
 *   agent:  hello 1 scope=jvm|system hooks=icmp,http,tls,recv pidns=DEV:INO [settings=SETTINGS]
 *   daemon: ok ring=BYTES modes=icmp:tp_btf,...      (the client's ring fd passed with it)
 *           error MESSAGE                             (then the daemon closes the connection)
 *   agent:  stats
 *   daemon: stats icmp=SEEN/LOST,...
 *   agent:  settings SETTINGS                         (its recordings changed what they want)
 *   daemon: ok
 * </pre>
 * SETTINGS is struct live_settings as THRESHOLD_NS/UNWANTED_MASK/THROTTLE,THROTTLE,... (by
 * enum settings_event); a hello without it gets every record. Summaries are not served
 * through the daemon: a client could not read their map.
 * Who the client is comes from the kernel (SO_PEERCRED), never from a message; the pid
 * namespace a client names only changes how its own records number it.
 */
final class Protocol {
    static final String VERSION = "1";
    /** Longest line either side sends or accepts. */
    static final int MAX_LINE = 1024;
    static final String STATS = "stats";
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

    /** THRESHOLD_NS/UNWANTED_MASK/THROTTLE,... */
    static String format(LiveSettings s) {
        int mask = 0;
        List<String> throttles = new ArrayList<>();
        for (LiveSettings.Event e : LiveSettings.Event.values()) {
            mask |= s.unwanted().contains(e) ? 1 << e.index() : 0;
            throttles.add(Integer.toString(s.throttle(e)));
        }
        return s.responseThresholdNanos() + "/" + mask + "/" + String.join(",", throttles);
    }

    /** Throws IllegalArgumentException naming what is wrong. */
    static LiveSettings parseSettings(String text) {
        String[] parts = text.split("/");
        String[] throttles = parts.length == 3 ? parts[2].split(",") : new String[0];
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
        return new LiveSettings(Long.parseLong(parts[0]), unwanted, perSecond, false);
    }

    static String error(String message) {
        return "error " + message.replace('\n', ' ');
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
