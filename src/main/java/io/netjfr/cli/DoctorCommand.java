package io.netjfr.cli;

import io.netjfr.bpf.AttachMode;
import io.netjfr.bpf.BpfException;
import io.netjfr.bpf.Hook;
import io.netjfr.bpf.Preflight;
import io.netjfr.bpf.Probe;
import io.netjfr.daemon.DaemonClient;
import io.netjfr.daemon.NodeDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Says what this machine allows: per hook, which attach mode works and why the others don't. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check kernel, BTF, privileges and libbpf, and try every attach mode of every hook.",
        footer = {"", "Exit status: 0 when every packet hook has a working mode, or when this process cannot load "
                + "BPF but a daemon answers (agents here use it), 1 otherwise, 2 bad usage."})
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    LibbpfOptions libbpf;

    @Option(names = {"-v", "--verbose"}, description = "print libbpf's log")
    boolean verbose;

    @Option(names = "--daemon", paramLabel = "PATH",
            description = "the node daemon's socket to check (default: " + NodeDaemon.DEFAULT_SOCKET + ")")
    Path daemon = Path.of(NodeDaemon.DEFAULT_SOCKET);

    @Override
    public Integer call() {
        System.out.printf("kernel      %s%n", System.getProperty("os.version"));
        boolean ok = line("BTF", () -> {
            Preflight.checkBtf(libbpf.btf);
            return libbpf.btf != null ? libbpf.btf : Preflight.KERNEL_BTF.toString();
        });
        ok &= line("privileges", () -> {
            Preflight.checkPrivileges();
            return "ok (" + (Preflight.isRoot() ? "root" : "CAP_BPF + CAP_PERFMON") + ")";
        });
        ok &= line("libbpf", () -> Probe.libbpfVersion(libbpf.library));
        System.out.printf("tracefs     %s%n", tracefsMounted() ? "mounted"
                : "not mounted (classic tracepoints need: mount -t tracefs nodev /sys/kernel/tracing)");
        boolean daemonServes = daemonLines();
        if (!ok) {
            System.out.println();
            System.out.println(daemonServes
                    ? "This process cannot load BPF programs, but the daemon serves it: agents here use the daemon."
                    : "netjfr cannot load BPF programs here; fix the lines above, or start the daemon "
                            + "(java -jar netjfr.jar daemon, as root).");
            return daemonServes ? 0 : 1;
        }
        Map<Hook, List<Probe.ModeResult>> probe;
        try {
            probe = Probe.run(libbpf.library, libbpf.btf, verbose);
        } catch (BpfException e) {
            System.out.println("netjfr: " + e.getMessage());
            return 1;
        }
        System.out.println();
        System.out.printf("%-8s %-11s %s%n", "hook", "mode", "result");
        boolean everyPacketHook = true;
        for (var hook : probe.entrySet()) {
            AttachMode chosen = Probe.used(hook.getValue());
            for (Probe.ModeResult mode : hook.getValue()) {
                String result = !mode.works() ? mode.failure()
                        : mode.mode() == chosen ? "works  <- used"
                        : mode.ruledOut() != null ? "works  (the agent tries it last: " + mode.ruledOut() + ")"
                        : "works";
                System.out.printf("%-8s %-11s %s%n", hook.getKey(), mode.mode(), result);
            }
            everyPacketHook &= chosen != null || hook.getKey() == Hook.PROCESS;
        }
        return everyPacketHook ? 0 : 1;
    }

    /** Whether a node daemon answers, and what it would grant this process (its own events; every process's). */
    private boolean daemonLines() {
        try {
            System.out.printf("%-11s reachable at %s; grants this process %s%n", "daemon", daemon,
                    DaemonClient.probe(daemon, false));
        } catch (IOException e) {
            System.out.printf("%-11s not available at %s (%s)%n", "daemon", daemon, e.getMessage());
            return false;
        }
        try {
            DaemonClient.probe(daemon, true);
            System.out.printf("%-11s system scope granted%n", "");
        } catch (IOException e) {
            System.out.printf("%-11s system scope refused: %s%n", "", e.getMessage());
        }
        return true;
    }

    private interface Check {
        String run() throws BpfException;
    }

    private static boolean line(String what, Check check) {
        try {
            System.out.printf("%-11s %s%n", what, check.run());
            return true;
        } catch (BpfException e) {
            System.out.printf("%-11s FAIL: %s%n", what, e.getMessage());
            return false;
        }
    }


    private static boolean tracefsMounted() {
        return Files.isDirectory(Path.of("/sys/kernel/tracing/events"))
                || Files.isDirectory(Path.of("/sys/kernel/debug/tracing/events"));
    }
}
