package io.netjfr.daemon;

import io.netjfr.bpf.AttachMode;
import io.netjfr.bpf.BpfException;
import io.netjfr.bpf.ClientRings;
import io.netjfr.bpf.Engine;
import io.netjfr.bpf.Hook;
import io.netjfr.summary.SummaryTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code netjfr daemon}: loads the programs once for the machine, in routed mode, and serves
 * agents that cannot load BPF themselves over a Unix socket. Each client gets a ring of its
 * own, which the kernel fills with its process's records only (or, for a uid allowed system
 * scope, every process's without a ring of its own); its fd is passed over the socket and
 * the agent reads it in place. The attached hooks are the union of what clients want. A
 * client asks for the summary rows of its own processes, which the daemon reads from the
 * kernel's maps (a client could not).
 * One thread serves everything: connections are few and their messages short.
 */
public final class NodeDaemon implements AutoCloseable {
    /** Where agents look for the daemon unless told otherwise. */
    public static final String DEFAULT_SOCKET = "/run/netjfr/netjfr.sock";
    /** Clients served at once: below the kernel's MAX_CLIENTS, one of which is system scope. */
    static final int MAX_CLIENTS = 1000;
    private static final int POLL_MILLIS = 500;

    /**
     * How the daemon runs: its socket, the uids besides root allowed system scope, each
     * client's ring size in bytes, how long hooks no client wants any more stay attached, how
     * to load.
     */
    public record Settings(Path socket, Set<Integer> systemScopeUids, int ringSize, Duration detachAfter,
            Engine.Options engineOptions) {
    }

    private static final class Client {
        final UnixSocket socket;
        final UnixSocket.Credentials peer;
        int key = -1; // host tgid, or ClientRings.SYSTEM; -1 until its hello is granted
        Set<Hook> hooks = EnumSet.noneOf(Hook.class);

        Client(UnixSocket socket, UnixSocket.Credentials peer) {
            this.socket = socket;
            this.peer = peer;
        }
    }

    private final Settings settings;
    private final Engine engine;
    private final List<Engine.HookState> startupHooks;
    private final ClientRings rings;
    private final UnixSocket listener;
    private final Map<Integer, Client> clients = new LinkedHashMap<>(); // by socket fd
    private volatile boolean running = true;
    /** When hooks no client wants are detached (System.nanoTime); 0: nothing pending. */
    private long detachAt;

    private NodeDaemon(Settings settings, Engine engine, List<Engine.HookState> startupHooks, UnixSocket listener) {
        this.settings = settings;
        this.engine = engine;
        this.startupHooks = startupHooks;
        this.rings = engine.clientRings();
        this.listener = listener;
    }

    /**
     * Loads and attaches every hook once (so a broken one is reported now), keeps only the
     * process hook until a client wants more, and listens. Any local user may connect: the
     * kernel names each peer, and a client only ever gets its own records.
     */
    public static NodeDaemon start(Settings settings) throws BpfException, IOException {
        Engine engine = Engine.start(settings.engineOptions(), EnumSet.complementOf(EnumSet.of(Hook.PROCESS)),
                (data, offset, length) -> { });
        try {
            engine.clientRings().ringSize(settings.ringSize());
            List<Engine.HookState> startup = engine.hooks();
            engine.retain(Set.of());
            Files.createDirectories(settings.socket().toAbsolutePath().getParent());
            Files.deleteIfExists(settings.socket()); // a stale socket of an earlier run
            UnixSocket listener = UnixSocket.listen(settings.socket().toString(), 128);
            Files.setPosixFilePermissions(settings.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
            return new NodeDaemon(settings, engine, startup, listener);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** Per hook: the mode the daemon attached it with when it started (null: none worked), and why better ones failed. */
    public List<Engine.HookState> startupHooks() {
        return startupHooks;
    }

    /** Serves until {@link #stop()}. */
    public void run() {
        while (running) {
            List<Client> order = new ArrayList<>(clients.values());
            int[] fds = new int[order.size() + 1];
            fds[0] = listener.fd();
            for (int i = 0; i < order.size(); i++) {
                fds[i + 1] = order.get(i).socket.fd();
            }
            boolean[] ready;
            try {
                ready = UnixSocket.poll(fds, POLL_MILLIS);
            } catch (IOException e) {
                System.err.println("netjfr daemon: " + e.getMessage());
                return;
            }
            if (ready[0]) {
                accept();
            }
            for (int i = 0; i < order.size(); i++) {
                if (ready[i + 1]) {
                    serve(order.get(i));
                }
            }
            if (detachAt != 0 && System.nanoTime() - detachAt >= 0) {
                detachAt = 0;
                retain(union(Set.of()), true);
            }
        }
    }

    /**
     * Attaches what {@code wanted} needs; with {@code detach}, also detaches what it does
     * not. Detaching waits for Settings.detachAfter after the last client that wanted a hook
     * left: loading a hook's programs costs the verifier about a second of CPU, and clients
     * come and go (a JVM restart, a recording per request).
     */
    private void retain(Set<Hook> wanted, boolean detach) {
        Set<Hook> keep = EnumSet.noneOf(Hook.class);
        keep.addAll(wanted);
        if (!detach) {
            engine.hooks().stream().filter(s -> s.mode() != null).forEach(s -> keep.add(s.hook()));
        }
        try {
            engine.retain(keep);
        } catch (BpfException e) {
            System.err.println("netjfr daemon: " + e.getMessage());
        }
    }

    /** Ends {@link #run()} within its poll interval; safe from a signal handler's thread. */
    public void stop() {
        running = false;
    }

    /** Clients connected now. */
    public synchronized int clients() {
        return clients.size();
    }

    private void accept() {
        UnixSocket s;
        try {
            s = listener.accept();
        } catch (IOException e) {
            System.err.println("netjfr daemon: " + e.getMessage());
            return;
        }
        if (s == null) {
            return;
        }
        try {
            if (clients.size() >= MAX_CLIENTS) {
                s.send(Protocol.error("the daemon serves " + MAX_CLIENTS + " clients already"), -1);
                s.close();
                return;
            }
            synchronized (this) {
                clients.put(s.fd(), new Client(s, s.peer()));
            }
        } catch (IOException e) {
            s.close();
        }
    }

    private void serve(Client c) {
        UnixSocket.Message m;
        try {
            m = c.socket.receive(Protocol.MAX_LINE);
        } catch (IOException e) {
            refuse(c, "bad message: " + e.getMessage());
            return;
        }
        UnixSocket.closeFd(m.fd()); // clients pass nothing
        if (m.line() == null) {
            drop(c);
            return;
        }
        try {
            if (m.line().startsWith("hello ")) {
                hello(c, Protocol.Hello.parse(m.line()));
            } else if (m.line().equals(Protocol.STATS) && c.key >= 0) {
                Map<Hook, Engine.Counters> counters = new EnumMap<>(Hook.class);
                for (Hook h : c.hooks) {
                    counters.put(h, rings.counters(c.key, h));
                }
                counters.put(Hook.PROCESS, rings.counters(c.key, Hook.PROCESS));
                c.socket.send(Protocol.stats(counters), -1);
            } else if (m.line().startsWith(Protocol.SETTINGS + " ") && c.key >= 0) {
                rings.apply(c.key, Protocol.parseSettings(m.line().substring(Protocol.SETTINGS.length() + 1)));
                c.socket.send(Protocol.OK, -1);
            } else if (m.line().startsWith(Protocol.SUMMARIES + " ") && c.key >= 0) {
                c.socket.send(summaries(c, m.line().substring(Protocol.SUMMARIES.length() + 1)), -1);
            } else {
                refuse(c, "unexpected message '" + shorten(m.line()) + "'");
            }
        } catch (IllegalArgumentException | BpfException e) {
            refuse(c, e.getMessage());
        } catch (IOException e) {
            drop(c);
        }
    }

    private void hello(Client c, Protocol.Hello hello) throws IOException {
        if (c.key >= 0) {
            refuse(c, "already granted");
            return;
        }
        if (c.peer.pid() <= 0) {
            refuse(c, "the client's process is not visible in the daemon's pid namespace (run the daemon in the "
                    + "host's pid namespace: hostPID in Kubernetes)");
            return;
        }
        int key = c.peer.pid();
        if (hello.systemScope()) {
            if (c.peer.uid() != 0 && !settings.systemScopeUids().contains(c.peer.uid())) {
                refuse(c, "uid " + c.peer.uid() + " is not allowed system scope (start the daemon with "
                        + "--allow-system-scope " + c.peer.uid() + ")");
                return;
            }
            if (clients.values().stream().anyMatch(o -> o.key == ClientRings.SYSTEM)) {
                refuse(c, "another client has system scope; the daemon serves one at a time");
                return;
            }
            key = ClientRings.SYSTEM;
        }
        int ring;
        retain(union(hello.hooks()), false);
        try {
            ring = rings.add(key, hello.pidns(), hello.hooks(), hello.settings());
        } catch (BpfException e) {
            refuse(c, e.getMessage());
            return;
        }
        c.key = key;
        c.hooks = hello.hooks();
        try {
            c.socket.send(granted(hello.hooks()).line(), ring);
        } finally {
            UnixSocket.closeFd(ring); // the client holds it now; the map holds the ring too
        }
    }

    /**
     * The rows of a summary map that count this client's process (system scope: every
     * process no other client has), never another client's.
     */
    private String summaries(Client c, String map) {
        SummaryTable table = null;
        for (SummaryTable t : SummaryTable.values()) {
            if (t.map().equals(map)) {
                table = t;
            }
        }
        if (table == null) {
            throw new IllegalArgumentException("unknown summary map '" + shorten(map) + "'");
        }
        Set<Integer> others = new HashSet<>();
        clients.values().forEach(o -> others.add(o.key));
        List<byte[][]> rows = new ArrayList<>();
        int leftOut = 0;
        for (byte[][] kv : table.rows(engine)) {
            int pid = SummaryTable.hostPid(kv[0]);
            if (c.key == ClientRings.SYSTEM ? others.contains(pid) : pid != c.key) {
                continue;
            }
            if (rows.size() < Protocol.MAX_SUMMARY_ROWS) {
                rows.add(kv);
            } else {
                leftOut++;
            }
        }
        return Protocol.summaries(rows, leftOut);
    }

    private Protocol.Granted granted(Set<Hook> hooks) {
        Map<Hook, AttachMode> modes = new EnumMap<>(Hook.class);
        for (Engine.HookState s : engine.hooks()) {
            if (hooks.contains(s.hook())) {
                modes.put(s.hook(), s.mode());
            }
        }
        return new Protocol.Granted(rings.ringSize(), modes);
    }

    /** What every client wants, with {@code extra}. */
    private Set<Hook> union(Set<Hook> extra) {
        Set<Hook> all = EnumSet.noneOf(Hook.class);
        all.addAll(extra);
        clients.values().forEach(o -> all.addAll(o.hooks));
        return all;
    }

    /** An error for this client only, then its connection ends; the others go on. */
    private void refuse(Client c, String message) {
        try {
            c.socket.send(Protocol.error(message), -1);
        } catch (IOException e) {
            // it is going anyway
        }
        drop(c);
    }

    /** The client is gone: its routing and map entries go, and hooks nobody wants any more are detached later. */
    private void drop(Client c) {
        synchronized (this) {
            clients.remove(c.socket.fd());
        }
        if (c.key >= 0) {
            rings.remove(c.key);
            detachAt = System.nanoTime() + settings.detachAfter().toNanos();
        }
        c.socket.close();
    }

    /** A client's text as it goes back in an error line: 64 characters at most ({@link Protocol#error} makes it printable). */
    private static String shorten(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    /** Closes every connection, detaches everything and removes the socket. */
    @Override
    public void close() {
        for (Client c : new ArrayList<>(clients.values())) {
            drop(c);
        }
        listener.close();
        try {
            Files.deleteIfExists(settings.socket());
        } catch (IOException e) {
            // the next start removes it
        }
        engine.close();
    }
}
