package io.netjfr.correlate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * cgroup v2 id -> its path under the cgroup2 mount, as this process sees it (a container
 * sees its own cgroup namespace). The id is the inode of the cgroup's directory, so the
 * mount is walked once and again on a miss, at most once per second; an id that stays
 * unknown (a cgroup outside this process's view, or gone) has an empty path.
 */
public final class Cgroups {
    private static final long RESCAN_NANOS = 1_000_000_000L;
    private static final int MAX_DEPTH = 16;

    private final Path root;
    private final Map<Long, String> byId = new HashMap<>();
    private long lastScan = System.nanoTime() - RESCAN_NANOS;
    /** The last id resolved, read without the lock: every event asks, on the drain thread. */
    private volatile Resolved last = new Resolved(0, "");

    private record Resolved(long id, String path) {
    }

    public Cgroups() {
        this(cgroup2Mount());
    }

    /** Where cgroup2 is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid systems); null: nowhere. */
    static Path cgroup2Mount() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("cgroup2")) {
                    return Path.of(f[1]);
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to resolve against
        }
        return null;
    }

    Cgroups(Path root) {
        this.root = root;
    }

    /** The path of cgroup {@code id} ("/system.slice/ssh.service", "/" for the root), or "" when unknown. */
    public String path(long id) {
        Resolved r = last;
        if (id == r.id()) { // senders come in runs: no lock, no boxing, no map lookup
            return r.path();
        }
        return id == 0 ? "" : lookUp(id);
    }

    private synchronized String lookUp(long id) {
        String path = byId.get(id);
        if (path == null && System.nanoTime() - lastScan >= RESCAN_NANOS) {
            scan();
            path = byId.get(id);
        }
        if (path == null) {
            return ""; // not remembered: a later scan may find it
        }
        last = new Resolved(id, path);
        return path;
    }

    private void scan() {
        lastScan = System.nanoTime();
        byId.clear();
        last = new Resolved(0, "");
        if (root == null) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(root, MAX_DEPTH)) {
            dirs.filter(Files::isDirectory).forEach(d -> {
                try {
                    long ino = ((Number) Files.getAttribute(d, "unix:ino")).longValue();
                    byId.put(ino, "/" + root.relativize(d));
                } catch (IOException | UnsupportedOperationException e) {
                    // a cgroup that went away while walking
                }
            });
        } catch (IOException | RuntimeException e) {
            // no cgroup2 mount here: every path stays unknown
        }
    }
}
