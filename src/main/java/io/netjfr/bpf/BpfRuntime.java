package io.netjfr.bpf;

import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The loaded libbpf and where its log goes: warnings are kept (the last few explain a
 * failed load), and printed to stderr only in verbose mode.
 */
final class BpfRuntime {
    private static final int LOG_LINES = 64;
    private static BpfRuntime instance;

    final LibBpf lib;
    private volatile boolean verbose;
    private final Deque<String> recentLog = new ArrayDeque<>();
    private String firstWarning = "";
    private final LibBpf.PrintFn printFn; // strong reference: libbpf keeps the pointer
    private final byte[] logBuffer = new byte[1 << 20]; // a verifier log comes as one message

    private BpfRuntime(LibBpf lib, boolean verbose) {
        this.lib = lib;
        this.verbose = verbose;
        this.printFn = this::print;
        lib.libbpf_set_print(printFn);
    }

    /** Loads libbpf once per class loader (the first caller's path wins); any caller can turn on verbose. */
    static synchronized BpfRuntime get(String libbpfPath, boolean verbose) throws BpfException {
        if (instance == null) {
            LibBpf lib;
            try {
                lib = LibBpf.load(libbpfPath);
                lib.libbpf_version_string();
            } catch (UnsatisfiedLinkError e) {
                String which = libbpfPath != null ? libbpfPath : "libbpf.so.1";
                throw new BpfException("cannot load " + which
                        + " (install libbpf 1.x: apt-get install libbpf1): " + reason(e.getMessage()));
            }
            instance = new BpfRuntime(lib, verbose);
        }
        instance.verbose |= verbose;
        return instance;
    }

    String version() {
        return lib.libbpf_version_string();
    }

    /**
     * libbpf's callback. Its debug lines (thousands per load: three per CO-RE relocation) are
     * dropped before anything is converted: formatting each into a String cost a starting JVM
     * ~0.25 s of CPU. The format stays a pointer for that reason.
     */
    private synchronized int print(int level, Pointer format, Pointer args) {
        if (level > 1 && !verbose) {
            return 0;
        }
        byte[] buf = logBuffer;
        int n = LibC.INSTANCE.vsnprintf(buf, buf.length, format, args);
        String line = new String(buf, 0, Math.max(0, Math.min(n, buf.length - 1)), StandardCharsets.UTF_8).strip();
        if (level <= 1) { // LIBBPF_WARN, LIBBPF_INFO
            synchronized (recentLog) {
                if (level == 0 && firstWarning.isEmpty()) {
                    firstWarning = line.lines().findFirst().orElse("");
                }
                if (recentLog.size() == LOG_LINES) {
                    recentLog.removeFirst();
                }
                recentLog.addLast(line);
            }
        }
        if (verbose) {
            System.err.println("netjfr: " + (line.startsWith("libbpf: ") ? line : "libbpf: " + line));
        }
        return 0;
    }

    /** Clears the kept log; call before a step whose failure should be explained by it. */
    void clearLog() {
        synchronized (recentLog) {
            recentLog.clear();
            firstWarning = "";
        }
    }

    /** The first warning since {@link #clearLog()}, or "": the cause, before libbpf's follow-up lines. */
    String firstWarning() {
        synchronized (recentLog) {
            return firstWarning;
        }
    }

    /** The last kept warning, or "" (e.g. "prog 'x': failed to attach: ..."). */
    String lastWarning() {
        synchronized (recentLog) {
            return recentLog.isEmpty() ? "" : recentLog.getLast();
        }
    }

    static String strerror(int errno) {
        return LibC.INSTANCE.strerror(Math.abs(errno));
    }

    /**
     * One line of JNA's message: it starts with "Unable to load library 'x':" and has the
     * loader's reason ("x: cannot open shared object file: ...") on the next line.
     */
    private static String reason(String s) {
        if (s == null) {
            return "";
        }
        String[] lines = s.split("\n");
        return lines[0].endsWith(":") && lines.length > 1 && !lines[1].isBlank() ? lines[1].strip() : lines[0];
    }
}
