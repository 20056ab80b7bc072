package io.netjfr.correlate;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/** Maps Linux tids of this JVM to platform Threads via HotSpot's thread dump; thread-safe for any number of callers (synchronized). */
public final class JavaThreads {

    private static final long MIN_REFRESH_INTERVAL_NANOS = 200_000_000L;

    // Header line of one Java thread. JDK 17: "n" #1 [daemon ]prio=5 .. nid=0x3f2a ..
    // JDK 21+: "n" #1 [16170] [daemon ]prio=5 .. nid=16170 .. (decimal). Greedy name: names may contain quotes.
    private static final Pattern LINE = Pattern.compile(
            "^\"(?s:.*)\" #(\\d+) (?:\\[(\\d+)\\] )?(?:daemon )?prio=\\d+(?:.*? nid=(?:0x([0-9a-fA-F]+)|(\\d+))\\b)?.*$");

    private final Map<Integer, WeakReference<Thread>> byTid = new HashMap<>();
    private final Set<Integer> notJava = new HashSet<>();
    private long lastRefreshNanos;
    private boolean refreshedOnce;

    /** Returns the live platform Thread whose OS thread id is {@code tid}, or null if none is known. */
    public synchronized Thread byOsThreadId(int tid) {
        Thread t = cached(tid);
        if (t != null || notJava.contains(tid)) {
            return t;
        }
        long now = System.nanoTime();
        if (refreshedOnce && now - lastRefreshNanos < MIN_REFRESH_INTERVAL_NANOS) {
            return null;
        }
        refresh(now);
        t = cached(tid);
        if (t == null) {
            notJava.add(tid);
        }
        return t;
    }

    /**
     * Takes a thread dump now: the first one initializes the platform MBean server (100+ ms),
     * which would otherwise delay the first lookup until short-lived senders have ended.
     */
    public synchronized void prime() {
        if (!refreshedOnce) {
            refresh(System.nanoTime());
            lastRefreshNanos = System.nanoTime() - MIN_REFRESH_INTERVAL_NANOS; // the next miss may refresh at once
        }
    }

    private Thread cached(int tid) {
        WeakReference<Thread> ref = byTid.get(tid);
        if (ref == null) {
            return null;
        }
        Thread t = ref.get();
        if (t == null || !t.isAlive()) {
            byTid.remove(tid);
            return null;
        }
        return t;
    }

    @SuppressWarnings("deprecation") // Thread.getId(): threadId() needs JDK 19
    private void refresh(long now) {
        refreshedOnce = true;
        lastRefreshNanos = now;
        Map<Integer, Long> tidToJavaId = parseThreadDump(threadDump());
        Map<Long, Thread> live = new HashMap<>();
        for (Thread t : liveThreads()) {
            live.put(t.getId(), t);
        }
        byTid.clear();
        notJava.clear();
        for (Map.Entry<Integer, Long> e : tidToJavaId.entrySet()) {
            Thread t = live.get(e.getValue());
            if (t != null) {
                byTid.put(e.getKey(), new WeakReference<>(t));
            }
        }
    }

    private static String threadDump() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "threadPrint",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return out instanceof String ? (String) out : "";
        } catch (Exception | LinkageError e) {
            return "";
        }
    }

    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[Math.max(16, root.activeCount() * 2)];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        Thread[] result = new Thread[n];
        System.arraycopy(threads, 0, result, 0, n);
        return result;
    }

    /** Parses thread-dump text into OS tid -> Java thread id; lines without {@code #id} (VM/GC threads) are skipped. */
    static Map<Integer, Long> parseThreadDump(String dump) {
        Map<Integer, Long> result = new HashMap<>();
        for (String line : dump.split("\r?\n")) {
            if (line.isEmpty() || line.charAt(0) != '"') {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            try {
                long javaId = Long.parseLong(m.group(1));
                int tid;
                if (m.group(2) != null) {
                    tid = Integer.parseInt(m.group(2));
                } else if (m.group(3) != null) {
                    tid = Integer.parseInt(m.group(3), 16);
                } else if (m.group(4) != null) {
                    tid = Integer.parseInt(m.group(4));
                } else {
                    continue;
                }
                result.put(tid, javaId);
            } catch (NumberFormatException e) {
                // out-of-range number: not a line we understand
            }
        }
        return result;
    }
}
