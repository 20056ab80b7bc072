package io.netjfr.daemon;

import io.netjfr.bpf.BpfException;
import io.netjfr.bpf.Engine;
import io.netjfr.bpf.Hook;
import io.netjfr.bpf.LiveSettings;
import io.netjfr.bpf.PidNamespace;
import io.netjfr.bpf.RecordHandler;
import io.netjfr.bpf.RecordSource;
import io.netjfr.bpf.RingReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's records through the node daemon: this process's own ring, passed over the
 * daemon's socket and read in place like the engine's. The connection stays open for as
 * long as the records are wanted (the daemon frees the ring when it closes). A daemon that
 * goes away is noticed within a second and reconnected to; the counters go on from where
 * they were, and the time without a ring is reported once on stderr.
 */
public final class DaemonClient implements RecordSource {
    private static final long WATCH_MILLIS = 500;
    private static final long RECONNECT_MILLIS = 1000;
    /** Answers younger than this are reused: callers ask for every hook in a row. */
    private static final long STATS_FRESH_NANOS = 50_000_000L;

    private final Path socketPath;
    private Protocol.Hello hello; // with the settings last applied: a reconnect asks for them again
    private final RecordHandler handler;
    private final Map<Hook, Engine.Counters> before = new EnumMap<>(Hook.class); // of earlier connections
    private final Map<Hook, Engine.Counters> last = new EnumMap<>(Hook.class);   // of this one, last asked
    private final Thread watcher;
    private UnixSocket socket;
    private RingReader reader;
    private int ringFd = -1; // kept open while read: the reader waits on it in epoll
    private Protocol.Granted granted;
    private volatile boolean closed;
    private long lastAsked = System.nanoTime() - STATS_FRESH_NANOS;
    private boolean summariesCut; // said once

    private DaemonClient(Path socketPath, Protocol.Hello hello, RecordHandler handler) throws IOException, BpfException {
        this.socketPath = socketPath;
        this.hello = hello;
        this.handler = handler;
        connect();
        watcher = new Thread(this::watch, "netjfr-daemon");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Asks the daemon at {@code socketPath} for this process's records of {@code hooks}
     * (every process's with {@code systemScope}); throws with the daemon's reason when it
     * refuses, or why it cannot be reached.
     */
    public static DaemonClient connect(Path socketPath, boolean systemScope, Set<Hook> hooks, RecordHandler handler)
            throws IOException, BpfException {
        return new DaemonClient(socketPath,
                new Protocol.Hello(systemScope, hooks, PidNamespace.self(), LiveSettings.ALL), handler);
    }

    /**
     * What the daemon at {@code socketPath} would grant this process for every hook: its
     * answer ("ok ring=... modes=..."), or an IOException saying why not. Asks and lets go.
     */
    public static String probe(Path socketPath, boolean systemScope) throws IOException {
        Set<Hook> hooks = EnumSet.complementOf(EnumSet.of(Hook.PROCESS));
        try (UnixSocket s = UnixSocket.connect(socketPath.toString())) {
            s.send(new Protocol.Hello(systemScope, hooks, PidNamespace.self(), LiveSettings.ALL).line(), -1);
            UnixSocket.Message m = s.receive(Protocol.MAX_LINE);
            UnixSocket.closeFd(m.fd());
            if (m.line() == null) {
                throw new IOException("the daemon closed the connection");
            }
            String error = Protocol.errorMessage(m.line());
            if (error != null) {
                throw new IOException(error);
            }
            return m.line().substring(m.line().indexOf("modes=") + "modes=".length());
        }
    }

    private void connect() throws IOException, BpfException {
        UnixSocket s = UnixSocket.connect(socketPath.toString());
        try {
            s.send(hello.line(), -1);
            UnixSocket.Message m = s.receive(Protocol.MAX_LINE);
            if (m.line() == null) {
                throw new IOException("the daemon at " + socketPath + " closed the connection");
            }
            String error = Protocol.errorMessage(m.line());
            if (error != null) {
                UnixSocket.closeFd(m.fd());
                throw new IOException("the daemon at " + socketPath + " refused: " + error);
            }
            if (m.fd() < 0) {
                throw new IOException("the daemon at " + socketPath + " passed no ring");
            }
            try {
                granted = Protocol.Granted.parse(m.line());
                reader = RingReader.start(m.fd(), granted.ringSize(), handler, "netjfr-ring");
            } catch (IllegalArgumentException | BpfException e) {
                UnixSocket.closeFd(m.fd());
                throw e;
            }
            ringFd = m.fd();
            socket = s;
        } catch (IOException | BpfException | IllegalArgumentException e) {
            s.close();
            if (e instanceof IllegalArgumentException) {
                throw new IOException("unexpected answer from the daemon: " + e.getMessage());
            }
            throw e;
        }
    }

    /** Notices the daemon going away (it never speaks unasked: anything readable is the end) and reconnects. */
    private void watch() {
        while (!closed) {
            sleep(WATCH_MILLIS);
            synchronized (this) {
                if (closed || socket == null || !hungUp()) {
                    continue;
                }
                disconnect();
            }
            long since = System.nanoTime();
            while (!closed) {
                sleep(RECONNECT_MILLIS);
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    try {
                        connect();
                        System.err.println("netjfr: reconnected to the daemon at " + socketPath + "; nothing was "
                                + "recorded for " + (System.nanoTime() - since) / 1_000_000 + " ms");
                        break;
                    } catch (IOException | BpfException e) {
                        // not back yet
                    }
                }
            }
        }
    }

    private boolean hungUp() {
        try {
            return UnixSocket.poll(new int[] {socket.fd()}, 0)[0];
        } catch (IOException e) {
            return true;
        }
    }

    /** Under the lock: the current ring is done (drained), its counters become history. */
    private void disconnect() {
        last.forEach((h, c) -> before.merge(h, c, (a, b) -> new Engine.Counters(a.seen() + b.seen(), a.lost() + b.lost())));
        last.clear();
        reader.stop();
        reader.finish();
        reader = null;
        UnixSocket.closeFd(ringFd);
        ringFd = -1;
        socket.close();
        socket = null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized List<Engine.HookState> hooks() {
        List<Engine.HookState> states = new ArrayList<>();
        granted.modes().forEach((h, m) -> states.add(new Engine.HookState(h, m, Collections.emptyMap())));
        return states;
    }

    /** This process's counters in the daemon's kernel maps, over every connection so far. */
    @Override
    public synchronized Engine.Counters counters(Hook hook) {
        if (socket != null && System.nanoTime() - lastAsked > STATS_FRESH_NANOS) { // one question per round of hooks
            lastAsked = System.nanoTime();
            try {
                socket.send(Protocol.STATS, -1);
                UnixSocket.Message m = socket.receive(Protocol.MAX_LINE);
                if (m.line() != null) {
                    last.putAll(Protocol.parseStats(m.line()));
                }
            } catch (IOException | IllegalArgumentException e) {
                // the watcher reconnects; the last answer stands
            }
        }
        Engine.Counters a = before.getOrDefault(hook, new Engine.Counters(0, 0));
        Engine.Counters b = last.getOrDefault(hook, new Engine.Counters(0, 0));
        return new Engine.Counters(a.seen() + b.seen(), a.lost() + b.lost());
    }

    /** Tells the daemon, which writes them into this client's entry of its kernel map. */
    @Override
    public synchronized void apply(LiveSettings settings) {
        hello = new Protocol.Hello(hello.systemScope(), hello.hooks(), hello.pidns(), settings);
        if (socket == null) {
            return; // the reconnect's hello carries them
        }
        try {
            socket.send(Protocol.SETTINGS + " " + Protocol.format(settings), -1);
            UnixSocket.Message m = socket.receive(Protocol.MAX_LINE);
            UnixSocket.closeFd(m.fd());
            if (m.line() != null && !m.line().equals(Protocol.OK)) {
                throw new IllegalStateException("the daemon refused the settings: "
                        + (Protocol.errorMessage(m.line()) != null ? Protocol.errorMessage(m.line()) : m.line()));
            }
        } catch (IOException e) {
            // the watcher reconnects, with these settings
        }
    }

    /**
     * The daemon reads the kernel's summary map for this client (its own processes' rows
     * only); empty while disconnected or when the daemon is too old to answer.
     */
    @Override
    public synchronized List<byte[][]> summaryRows(String map, int keySize, int valueSize, int limit) {
        if (socket == null) {
            return List.of();
        }
        try {
            socket.send(Protocol.SUMMARIES + " " + map, -1);
            String line = socket.receiveLong(Protocol.MAX_SUMMARY_LINE);
            if (line == null || Protocol.errorMessage(line) != null) {
                return List.of(); // a daemon before summaries refuses the question and closes: the watcher reconnects
            }
            List<byte[][]> rows = Protocol.parseSummaries(line, keySize, valueSize);
            int leftOut = Protocol.leftOut(line);
            if (leftOut > 0 && !summariesCut) {
                summariesCut = true;
                System.err.println("netjfr: the daemon's summaries of this process have more rows than one answer "
                        + "carries (" + Protocol.MAX_SUMMARY_ROWS + "): " + leftOut + " left out");
            }
            return rows.size() > limit ? rows.subList(0, limit) : rows;
        } catch (IOException | IllegalArgumentException e) {
            return List.of(); // the watcher reconnects
        }
    }

    @Override
    public synchronized int drainNow() {
        return reader == null ? 0 : reader.drainNow();
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        synchronized (this) {
            if (socket != null) {
                lastAsked -= STATS_FRESH_NANOS;
                counters(Hook.PROCESS); // the final numbers, while the daemon still has them
                disconnect();
            }
        }
    }
}
