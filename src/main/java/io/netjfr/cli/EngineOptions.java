package io.netjfr.cli;

import io.netjfr.bpf.Engine;
import io.netjfr.bpf.Hook;
import io.netjfr.bpf.LiveSettings;
import io.netjfr.settings.Filters;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

    @Option(names = "--port", paramLabel = "PORT", split = ",",
            description = "only connections with one of these local or remote TCP ports, up to 8: 8080 or "
                    + "80,443 (HTTP and TLS events; ICMP has no ports)")
    List<Integer> ports;

    @Option(names = "--host", paramLabel = "HOST", split = ",",
            description = "only connections and packets to one of these remote hosts, up to 8 addresses: "
                    + "127.0.0.1,::1 or a name (as the JFR setting hosts)")
    List<String> hosts;

    @Option(names = "--events", paramLabel = "LIST", split = ",", converter = EventsConverter.class,
            description = "event kinds to capture: icmp, http (requests and responses), tls (default: all)")
    Set<Hook> events;

    @Option(names = "--threshold", paramLabel = "TIME",
            description = "only HTTP responses of exchanges that took at least this long: 20ms, 1s (a server's "
                    + "faster responses cost no kernel record; requests are all reported, before their latency is "
                    + "known; default: every response)")
    String threshold;

    @Option(names = "--throttle", paramLabel = "RATE",
            description = "at most this many events of each type: 100/s, 10/ms (enforced in the kernel; "
                    + "default: no limit)")
    String throttle;

    @Mixin
    LoadOptions load;

    /** The hooks to attach; throws a usage error for contradicting options. */
    Set<Hook> hooks() {
        if (pid != null && pid <= 0) {
            throw new ParameterException(spec.commandLine(), "invalid pid " + pid + " (expected a process id)");
        }
        try {
            filter();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (comm != null && comm.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--comm needs a process name");
        }
        Set<Hook> hooks = events == null ? EnumSet.of(Hook.ICMP, Hook.HTTP, Hook.TLS) : EnumSet.copyOf(events);
        if (hooks.contains(Hook.HTTP)) {
            hooks.add(Hook.RECV); // responses read by clients, and requests read by servers to time them
        }
        if (ports != null) {
            if (events != null && events.contains(Hook.ICMP)) {
                throw new ParameterException(spec.commandLine(), "--port does not apply to icmp events: ICMP has no ports");
            }
            hooks.remove(Hook.ICMP);
        }
        return hooks;
    }

    /** --host and --port as a kernel filter; throws IllegalArgumentException naming what is wrong. */
    private LiveSettings.Filter filter() {
        return Filters.parse(hosts == null ? null : String.join(",", hosts),
                ports == null ? null : ports.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    /** What --threshold, --throttle, --host and --port ask of the kernel; throws a usage error for a bad value. */
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
            Map<LiveSettings.Event, LiveSettings.Filter> filters = new EnumMap<>(LiveSettings.Event.class);
            LiveSettings.Filter f = filter();
            for (LiveSettings.Event e : LiveSettings.Event.values()) {
                filters.put(e, e == LiveSettings.Event.ICMP ? new LiveSettings.Filter(f.hosts(), List.of()) : f);
            }
            return new LiveSettings(threshold == null ? 0 : SettingValues.nanos(threshold), Set.of(), throttles,
                    Set.of(), filters);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    Engine.Options engineOptions() {
        // one port is the load-time filter (a send on another port costs no more than a check); several go live
        int port = ports != null && ports.size() == 1 ? ports.get(0) : 0;
        Engine.Filter filter = new Engine.Filter(pid == null ? 0 : pid, comm, port);
        return load.engineOptions(filter);
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
        if (hosts != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("host ").append(String.join(", ", hosts));
        }
        if (ports != null) {
            sb.append(sb.length() > 0 ? ", " : "").append(ports.size() == 1 ? "port " : "ports ")
                    .append(ports.stream().map(String::valueOf).collect(Collectors.joining(", ")));
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
}
