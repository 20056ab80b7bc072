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
 *   async              load the BPF programs on a background thread: a recording started with the
 *                      JVM does not hold up main (~1 s of verifier here), but the application's
 *                      traffic before the hooks are attached is not recorded
 * </pre>
 */
public record AgentOptions(boolean systemScope, AttachMode attachMode, String libbpfPath, String btfPath,
        boolean verbose, int payload, Path daemon, boolean async) {

    /**
     * The system property an installed agent sets to its options: {@code netjfr attach} reads it
     * through the Attach API to tell a second load, whose options the agent would ignore.
     */
    public static final String LOADED_PROPERTY = "netjfr.agent.options";
    public static final String USAGE = "scope=jvm|system, attach=fentry|kprobe|tp_btf|raw_tp|tracepoint, "
            + "libbpf=PATH, btf=PATH, verbose, payload=N, daemon[=PATH], async";
    /** Upper bound of payload=N: more than the kernel captures of a head (5 pieces of 512 bytes). */
    static final int PAYLOAD_MAX = 4096;
    /** Longest path accepted (PATH_MAX less the NUL). */
    static final int PATH_MAX = 4095;
    /** Most characters of a bad option that an error message repeats. */
    static final int ECHO_MAX = 64;

    /** Options without a payload prefix. */
    public AgentOptions(boolean systemScope, AttachMode attachMode, String libbpfPath, String btfPath,
            boolean verbose) {
        this(systemScope, attachMode, libbpfPath, btfPath, verbose, 0, null, false);
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
        boolean async = false;
        if (args != null && !args.isBlank()) {
            for (String part : args.split(",")) {
                int eq = part.indexOf('=');
                String key = (eq < 0 ? part : part.substring(0, eq)).strip();
                String value = eq < 0 ? null : part.substring(eq + 1).strip();
                switch (key) {
                    case "scope" -> {
                        if (require(key, value).equals("system")) {
                            system = true;
                        } else if (!value.equals("jvm")) {
                            throw new IllegalArgumentException("invalid scope " + echo(value)
                                    + " (expected jvm or system)");
                        }
                    }
                    case "attach" -> mode = attachMode(require(key, value));
                    case "libbpf" -> libbpf = path(key, value);
                    case "btf" -> btf = path(key, value);
                    case "verbose" -> verbose = flag(key, value);
                    case "payload" -> payload = payloadLimit(require(key, value));
                    case "daemon" -> daemon = Path.of(value == null || value.isEmpty() ? NodeDaemon.DEFAULT_SOCKET
                            : path(key, value));
                    case "async" -> async = flag(key, value);
                    default -> throw new IllegalArgumentException("unknown agent option " + echo(key)
                            + " (known: " + USAGE + ")");
                }
            }
        }
        return new AgentOptions(system, mode, libbpf, btf, verbose, payload, daemon, async);
    }

    /** ASCII digits only: Integer.parseInt would take other scripts' digits too (payload=١٢ as 12). */
    private static int payloadLimit(String value) {
        if (value.matches("[0-9]{1,4}")) {
            int n = Integer.parseInt(value);
            if (n <= PAYLOAD_MAX) {
                return n;
            }
        }
        throw new IllegalArgumentException("invalid payload " + echo(value) + " (expected 0 to " + PAYLOAD_MAX + ")");
    }

    private static AttachMode attachMode(String value) {
        try {
            return AttachMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown attach mode " + echo(value)
                    + " (expected fentry, kprobe, tp_btf, raw_tp or tracepoint)");
        }
    }

    /** {@code verbose} alone, or with true or false: anything else is a mistake, not false. */
    private static boolean flag(String key, String value) {
        if (value == null || value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("invalid " + key + " " + echo(value) + " (expected true or false)");
    }

    private static String path(String key, String value) {
        String path = require(key, value);
        if (path.length() > PATH_MAX) {
            throw new IllegalArgumentException("agent option '" + key + "': path too long (" + path.length()
                    + " characters, at most " + PATH_MAX + ")");
        }
        return path;
    }

    private static String require(String key, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("agent option " + echo(key) + " needs a value");
        }
        return value;
    }

    /**
     * How a message repeats what the user wrote: quoted, control characters as '?', and cut
     * after {@value #ECHO_MAX} characters, so a hostile option cannot flood the application's
     * stderr or forge lines there.
     */
    public static String echo(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < Math.min(s.length(), ECHO_MAX); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        sb.append('\'');
        if (s.length() > ECHO_MAX) {
            sb.append("... (").append(s.length()).append(" characters)");
        }
        return sb.toString();
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
