package io.netjfr.agent;

import io.netjfr.bpf.AttachMode;
import io.netjfr.bpf.Engine;
import io.netjfr.bpf.PidNamespace;
import io.netjfr.bpf.Preflight;
import io.netjfr.daemon.NodeDaemon;

import java.nio.file.Path;

/**
 * {@code -javaagent:netjfr.jar=key=value,...}:
 * <pre>
 *   scope=jvm|system   whose packets to report: this JVM's (default) or every process's
 *   attach=MODE        force fentry, kprobe, tp_btf, raw_tp or tracepoint where a hook has it
 *   libbpf=PATH        libbpf shared library to use instead of libbpf.so.1
 *   btf=PATH           kernel BTF file, for kernels without /sys/kernel/btf/vmlinux
 *   verbose            print attach decisions and libbpf's log to stderr
 *   payload=N          record up to N characters of each HTTP head, redacted (0, the default: none)
 *   daemon[=PATH]      take the events from the node daemon (netjfr daemon) at PATH (default
 *                      /run/netjfr/netjfr.sock) even when this JVM could load BPF itself; without
 *                      privileges the agent uses the daemon anyway
 * </pre>
 */
public record AgentOptions(boolean systemScope, AttachMode attachMode, String libbpfPath, String btfPath,
        boolean verbose, int payload, Path daemon) {

    public static final String USAGE = "scope=jvm|system, attach=fentry|kprobe|tp_btf|raw_tp|tracepoint, "
            + "libbpf=PATH, btf=PATH, verbose, payload=N, daemon[=PATH]";
    /** Upper bound of payload=N: more than the kernel captures of a head (5 pieces of 512 bytes). */
    static final int PAYLOAD_MAX = 4096;

    /** Options without a payload prefix. */
    public AgentOptions(boolean systemScope, AttachMode attachMode, String libbpfPath, String btfPath,
            boolean verbose) {
        this(systemScope, attachMode, libbpfPath, btfPath, verbose, 0, null);
    }

    /** Parses the agent argument string; throws IllegalArgumentException naming the bad part. */
    public static AgentOptions parse(String args) {
        boolean system = false;
        AttachMode mode = null;
        String libbpf = null;
        String btf = null;
        boolean verbose = false;
        int payload = 0;
        Path daemon = null;
        if (args != null && !args.isBlank()) {
            for (String part : args.split(",")) {
                int eq = part.indexOf('=');
                String key = (eq < 0 ? part : part.substring(0, eq)).strip();
                String value = eq < 0 ? null : part.substring(eq + 1).strip();
                switch (key) {
                    case "scope" -> {
                        if ("system".equals(value)) {
                            system = true;
                        } else if (!"jvm".equals(value)) {
                            throw new IllegalArgumentException("invalid scope '" + value + "' (expected jvm or system)");
                        }
                    }
                    case "attach" -> mode = AttachMode.parse(require(key, value));
                    case "libbpf" -> libbpf = require(key, value);
                    case "btf" -> btf = require(key, value);
                    case "verbose" -> verbose = value == null || Boolean.parseBoolean(value);
                    case "payload" -> payload = payloadLimit(require(key, value));
                    case "daemon" -> daemon = Path.of(value == null || value.isEmpty() ? NodeDaemon.DEFAULT_SOCKET : value);
                    default -> throw new IllegalArgumentException("unknown agent option '" + key
                            + "' (known: " + USAGE + ")");
                }
            }
        }
        return new AgentOptions(system, mode, libbpf, btf, verbose, payload, daemon);
    }

    private static int payloadLimit(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= PAYLOAD_MAX) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("invalid payload '" + value + "' (expected 0 to " + PAYLOAD_MAX + ")");
    }

    private static String require(String key, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("agent option '" + key + "' needs a value");
        }
        return value;
    }

    /** Whether the events come from the node daemon: asked for, or this JVM cannot load BPF. */
    public boolean useDaemon() {
        return daemon != null || !Preflight.hasBpfPrivileges();
    }

    /** The daemon's socket: as given, or the default. */
    public Path daemonSocket() {
        return daemon != null ? daemon : Path.of(NodeDaemon.DEFAULT_SOCKET);
    }

    /**
     * Engine options: the kernel filter is this JVM's pid unless scope=system, and pids are
     * reported as this JVM's pid namespace sees them (a container's own numbers).
     */
    public Engine.Options engineOptions() {
        Engine.Filter filter = systemScope ? Engine.Filter.NONE : Engine.Filter.pid(ProcessHandle.current().pid());
        return new Engine.Options(filter, attachMode, libbpfPath, btfPath, verbose, PidNamespace.self(), false);
    }
}
