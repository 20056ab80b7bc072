package io.netjfr.cli;

import io.netjfr.bpf.BpfException;
import io.netjfr.bpf.Engine;
import io.netjfr.daemon.NodeDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code netjfr daemon}: the node-level service that loads BPF once and serves unprivileged agents. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Load netjfr's eBPF programs once for this machine and serve agents that cannot load them "
                + "(unprivileged JVMs, containers) over a Unix socket: each agent gets its own process's events "
                + "in a ring buffer of its own. Runs in the foreground until SIGTERM or Ctrl-C.",
                "", "Needs root, or CAP_BPF and CAP_PERFMON (see README: Running without root)."},
        footer = {"", "Agents use it by themselves when they cannot load BPF, or with -javaagent:netjfr.jar=daemon[=PATH]."})
final class DaemonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH", description = "the socket agents connect to (default: "
            + NodeDaemon.DEFAULT_SOCKET + ")")
    Path socket = Path.of(NodeDaemon.DEFAULT_SOCKET);

    @Option(names = "--allow-system-scope", paramLabel = "UID", split = ",",
            description = "uids whose agents may ask for every process's events (scope=system); root always may")
    List<Integer> systemScopeUids = List.of();

    @Option(names = "--ring-size", paramLabel = "MIB",
            description = "each client's ring buffer, in MiB: a power of two (default: 8; kernel memory per client)")
    int ringMib = 8;

    @Option(names = "--detach-after", paramLabel = "TIME", converter = DurationConverter.class,
            description = "how long hooks no client wants any more stay attached (default: 30s; loading them again "
                    + "costs about a second of CPU)")
    Duration detachAfter = Duration.ofSeconds(30);

    @Mixin
    LoadOptions load;

    @Override
    public Integer call() throws Failure {
        Engine.Options engine = load.routedEngineOptions();
        if (ringMib < 1 || ringMib > 1024 || Integer.bitCount(ringMib) != 1) {
            throw new ParameterException(spec.commandLine(), "invalid --ring-size " + ringMib
                    + " (a power of two from 1 to 1024)");
        }
        NodeDaemon daemon;
        try {
            daemon = NodeDaemon.start(new NodeDaemon.Settings(socket, new HashSet<>(systemScopeUids),
                    ringMib * 1024 * 1024, detachAfter, engine));
        } catch (BpfException e) {
            throw new Failure(e.getMessage(), e);
        } catch (IOException e) {
            throw Failure.io("listen on " + socket, e);
        }
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.stop(); // SIGTERM, Ctrl-C: run() returns, the daemon closes, then the JVM goes
            try {
                closed.await(StopSignal.CLEANUP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "netjfr-shutdown"));
        for (Engine.HookState s : daemon.startupHooks()) {
            System.err.println("netjfr daemon: " + s.hook() + ": "
                    + (s.mode() != null ? "works with " + s.mode() : "not available (" + s.describeFailures() + ")"));
        }
        System.err.println("netjfr daemon: serving agents at " + socket);
        try {
            daemon.run();
        } finally {
            daemon.close();
            System.err.println("netjfr daemon: stopped");
            closed.countDown();
        }
        return 0;
    }
}
