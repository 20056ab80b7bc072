package io.netjfr.cli;

import io.netjfr.bpf.AttachMode;
import io.netjfr.bpf.Engine;
import io.netjfr.bpf.Hook;
import io.netjfr.bpf.LiveSettings;
import io.netjfr.settings.SettingValues;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What to capture, how and for how long, shared by record and watch: the filters (in the
 * kernel), the BPF set-up and the duration.
 */
final class EngineOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", converter = DurationConverter.class,
            description = "how long to ${COMMAND-NAME}: 30s, 5m, 1h30m (default: until Ctrl-C)")
    Duration duration;

    @Option(names = "--pid", paramLabel = "PID", description = "only this process's events")
    Integer pid;

    @Option(names = "--comm", paramLabel = "NAME",
            description = "only processes with this name (comm of the main thread, as in ps -o comm; "
                    + "the kernel keeps 15 characters)")
    String comm;

    @Option(names = "--port", paramLabel = "PORT",
            description = "only connections with this local or remote TCP port (HTTP events; ICMP has no ports)")
    Integer port;

    @Option(names = "--events", paramLabel = "LIST", split = ",", converter = EventsConverter.class,
            description = "event kinds to capture: icmp, http (requests and responses), tls (default: all)")
    Set<Hook> events;

    @Option(names = "--threshold", paramLabel = "TIME",
            description = "only HTTP exchanges whose response took at least this long: 20ms, 1s (a server's "
                    + "faster responses cost no kernel record; default: every exchange)")
    String threshold;

    @Option(names = "--throttle", paramLabel = "RATE",
            description = "at most this many events of each type: 100/s, 10/ms (enforced in the kernel; "
                    + "default: no limit)")
    String throttle;

    @Option(names = "--attach", paramLabel = "MODE", converter = AttachModeConverter.class,
            description = "force an attach mode where a hook has it: fentry, kprobe, tp_btf, raw_tp, tracepoint")
    AttachMode attachMode;

    @Mixin
    LibbpfOptions libbpf;

    @Option(names = {"-v", "--verbose"}, description = "print attach decisions, libbpf's log and stack traces of errors")
    boolean verbose;

    /** The hooks to attach; throws a usage error for contradicting options. */
    Set<Hook> hooks() {
        if (pid != null && pid <= 0) {
            throw new ParameterException(spec.commandLine(), "invalid pid " + pid + " (expected a process id)");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new ParameterException(spec.commandLine(), "invalid port " + port + " (expected 1-65535)");
        }
        if (comm != null && comm.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--comm needs a process name");
        }
        Set<Hook> hooks = events == null ? EnumSet.of(Hook.ICMP, Hook.HTTP, Hook.TLS) : EnumSet.copyOf(events);
        if (hooks.contains(Hook.HTTP)) {
            hooks.add(Hook.RECV); // responses read by clients, and requests read by servers to time them
        }
        if (port != null) {
            if (events != null && events.contains(Hook.ICMP)) {
                throw new ParameterException(spec.commandLine(), "--port does not apply to icmp events: ICMP has no ports");
            }
            hooks.remove(Hook.ICMP);
        }
        return hooks;
    }

    /** What --threshold and --throttle ask of the kernel; throws a usage error for a bad value. */
    LiveSettings liveSettings() {
        Map<LiveSettings.Event, Integer> throttles = new EnumMap<>(LiveSettings.Event.class);
        try {
            long perSecond = throttle == null ? SettingValues.UNLIMITED : SettingValues.perSecond(throttle);
            if (perSecond == 0) {
                throw new IllegalArgumentException("invalid rate '" + throttle + "' (expected at least 1/s)");
            }
            int limit = perSecond >= Integer.MAX_VALUE ? 0 : (int) perSecond; // 0: none
            for (LiveSettings.Event e : LiveSettings.Event.values()) {
                throttles.put(e, limit);
            }
            return new LiveSettings(threshold == null ? 0 : SettingValues.nanos(threshold), Set.of(), throttles, false);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    Engine.Options engineOptions() {
        Engine.Filter filter = new Engine.Filter(pid == null ? 0 : pid, comm, port == null ? 0 : port);
        return new Engine.Options(filter, attachMode, libbpf.library, libbpf.btf, verbose);
    }

    /** For messages: "every process", "pid 42", "processes named curl, port 8080". */
    String describeFilter() {
        StringBuilder sb = new StringBuilder();
        if (pid != null) {
            sb.append("pid ").append(pid);
        }
        if (comm != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("processes named ").append(comm);
        }
        if (port != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("port ").append(port);
        }
        return sb.length() == 0 ? "every process" : sb.toString();
    }

    static final class EventsConverter implements CommandLine.ITypeConverter<Hook> {
        @Override
        public Hook convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "icmp" -> Hook.ICMP;
                case "http" -> Hook.HTTP;
                case "tls" -> Hook.TLS;
                default -> throw new CommandLine.TypeConversionException(
                        "unknown event kind '" + value + "' (expected icmp, http or tls)");
            };
        }
    }

    static final class AttachModeConverter implements CommandLine.ITypeConverter<AttachMode> {
        @Override
        public AttachMode convert(String value) {
            try {
                return AttachMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
