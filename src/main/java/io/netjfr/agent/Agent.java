package io.netjfr.agent;

import io.netjfr.bpf.BpfException;
import io.netjfr.bpf.Preflight;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points (called through io.netjfr.boot.Boot). Checks up front what
 * every load needs and costs nothing to check (BTF, privileges), so that is one line at
 * start-up, then leaves the rest to {@link RecordingWatcher}: BPF runs only while a
 * recording wants it, and libbpf (with JNA) is loaded only then, so a JVM whose recordings
 * enable no netjfr event does not pay for it. Without privileges the events come from the
 * node daemon instead. Nothing here throws into the application.
 */
public final class Agent {
    private static RecordingWatcher watcher;

    private Agent() {
    }

    public static void premain(String args, Instrumentation inst) {
        if (start(args, inst)) {
            watcher.loadAheadOfStartupRecordings();
        }
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    /** True when this call installed the agent. */
    private static synchronized boolean start(String args, Instrumentation inst) {
        if (watcher != null) {
            if (watcher.options().verbose()) {
                System.err.println("netjfr: already loaded; ignoring options " + AgentOptions.echo(args == null ? "" : args));
            }
            return false;
        }
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
            if (!options.useDaemon()) { // the daemon's host has what loading needs; this one need not
                Preflight.check(options.btfPath());
            }
        } catch (IllegalArgumentException | BpfException e) {
            System.err.println("netjfr: disabled: " + e.getMessage());
            return false;
        }
        watcher = new RecordingWatcher(options, inst);
        watcher.install();
        System.setProperty(AgentOptions.LOADED_PROPERTY, args == null ? "" : args);
        return true;
    }
}
