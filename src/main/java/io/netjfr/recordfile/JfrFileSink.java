package io.netjfr.recordfile;

import io.netjfr.event.EventValues;
import io.netjfr.event.EventValuesSink;
import io.netjfr.event.HttpRequestEvent;
import io.netjfr.event.HttpResponseEvent;
import io.netjfr.event.IcmpPacketEvent;
import io.netjfr.event.StatisticsEvent;
import io.netjfr.event.TlsClientHelloEvent;
import io.netjfr.record.HookStatistics;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;
import jdk.jfr.Event;
import org.openjdk.jmc.flightrecorder.writer.api.Recording;
import org.openjdk.jmc.flightrecorder.writer.api.Recordings;
import org.openjdk.jmc.flightrecorder.writer.api.Type;
import org.openjdk.jmc.flightrecorder.writer.api.TypedField;
import org.openjdk.jmc.flightrecorder.writer.api.TypedValue;
import org.openjdk.jmc.flightrecorder.writer.api.TypedValueBuilder;
import org.openjdk.jmc.flightrecorder.writer.api.Types;

import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Writes netjfr's events to a .jfr file with JDK Mission Control's writer, for the
 * stand-alone {@code record}: the event types of the agent (netjfr.IcmpPacket,
 * netjfr.HttpRequest, netjfr.Statistics), each event at the time the kernel saw it, on a
 * synthetic thread per OS thread named {@code comm [pid/tid]}.
 * <p>
 * JMC's writer holds a whole chunk in memory until it is closed. So the file is a sequence
 * of complete chunks, like the JVM's own recordings: a chunk is closed and appended once it
 * holds about {@link #CHUNK_BYTES} or is {@link #CHUNK_AGE_NANOS} old, which keeps memory
 * bounded and puts the events on disk as the recording runs. Each chunk ends with the
 * hooks' statistics. Called on the engine's drain thread; {@link #close()} after the engine
 * has closed.
 */
public final class JfrFileSink extends EventValuesSink implements AutoCloseable {
    /** Estimated bytes of events after which a chunk is written out. */
    static final long CHUNK_BYTES = 4L * 1024 * 1024;
    /** Age after which a chunk holding events is written out. */
    static final long CHUNK_AGE_NANOS = 30_000_000_000L;
    private static final int THREAD_CACHE = 4096;
    private static final List<Class<? extends Event>> EVENT_CLASSES = List.of(IcmpPacketEvent.class,
            HttpRequestEvent.class, HttpResponseEvent.class, TlsClientHelloEvent.class, StatisticsEvent.class);
    private static final String STATISTICS = EventTypes.name(StatisticsEvent.class);

    private final Path path;
    private final ChunkStream file;
    private final Supplier<List<HookStatistics>> statistics;
    private final long chunkBytes;
    private final long chunkAgeNanos;
    private final Map<String, Long> counts = new TreeMap<>();
    private final String ownThreadName;
    private Chunk chunk;
    private final AtomicInteger chunksWritten = new AtomicInteger();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "netjfr-chunk-writer");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Future<?>> writes = new ArrayDeque<>();
    private volatile IOException failure;

    /** One chunk being written: the writer's recording and the types registered in it. */
    private final class Chunk {
        final Recording recording;
        final Map<String, Type> types = new HashMap<>();
        final Type thread;
        final long startTicks = System.nanoTime();
        final Map<String, TypedValue> threads = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TypedValue> eldest) {
                return size() > THREAD_CACHE;
            }
        };
        long bytes;
        long events;

        Chunk() {
            recording = Recordings.newRecording(file, settings -> settings
                    .withTimestamp(clock.epochNanos(startTicks)).withStartTicks(startTicks)
                    .withJdkTypeInitialization());
            for (Class<? extends Event> c : EVENT_CLASSES) {
                types.put(EventTypes.name(c), EventTypes.register(recording, c));
            }
            thread = recording.getType(Types.JDK.THREAD);
        }

        TypedValue thread(String name, long tid) {
            return threads.computeIfAbsent(name, n -> thread.asValue(t -> t.putField("osName", n)
                    .putField("osThreadId", tid).putField("javaName", n)));
        }
    }

    private JfrFileSink(Path path, ChunkStream file, KernelClock clock, Supplier<List<HookStatistics>> statistics,
            long chunkBytes, long chunkAgeNanos) {
        super(clock);
        this.path = path;
        this.file = file;
        this.statistics = statistics;
        this.chunkBytes = chunkBytes;
        this.chunkAgeNanos = chunkAgeNanos;
        long pid = ProcessHandle.current().pid();
        this.ownThreadName = "netjfr [" + pid + "/" + pid + "]";
        this.chunk = new Chunk();
    }

    /**
     * Creates (or truncates) {@code path} and starts the first chunk. {@code statistics} is
     * asked for the hooks' numbers at the end of each chunk.
     */
    public static JfrFileSink create(Path path, KernelClock clock, Supplier<List<HookStatistics>> statistics)
            throws IOException {
        return create(path, clock, statistics, CHUNK_BYTES, CHUNK_AGE_NANOS);
    }

    static JfrFileSink create(Path path, KernelClock clock, Supplier<List<HookStatistics>> statistics,
            long chunkBytes, long chunkAgeNanos) throws IOException {
        return new JfrFileSink(path, new ChunkStream(new FileOutputStream(path.toFile())), clock, statistics,
                chunkBytes, chunkAgeNanos);
    }

    @Override
    public void drained() {
        while (!writes.isEmpty() && writes.peekFirst().isDone()) {
            awaitWrite(writes.removeFirst()); // a write error stops the recording early
        }
        if (chunk != null && chunk.events > 0 && System.nanoTime() - chunk.startTicks >= chunkAgeNanos) {
            rotate();
        }
    }

    @Override
    protected void write(String name, Origin o, Map<String, Object> values) {
        Chunk c = chunk;
        if (c == null) {
            return; // failed before
        }
        String threadName = o.threadName() + " [" + o.pid() + "/" + o.tid() + "]"; // the sending thread's comm
        TypedValue thread = c.thread(threadName, o.tid());
        c.recording.writeEvent(event(c.types.get(name), o.kernelTimeNanos(), thread, values));
        c.events++;
        c.bytes += 64 + threadName.length() + estimate(values);
        counts.merge(name, 1L, Long::sum);
        if (c.bytes >= chunkBytes) {
            rotate();
        }
    }

    private void writeStatistics(Chunk c) {
        TypedValue thread = c.thread(ownThreadName, ProcessHandle.current().pid());
        long now = System.nanoTime();
        for (HookStatistics s : statistics.get()) {
            c.recording.writeEvent(event(c.types.get(STATISTICS), now, thread, EventValues.statistics(s)));
            counts.merge(STATISTICS, 1L, Long::sum);
        }
    }

    /** Ends the current chunk (its statistics, then the chunk itself on disk) and starts the next. */
    private void rotate() {
        try {
            finish(chunk, false);
            chunk = new Chunk();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /**
     * Ends {@code c} with the statistics and hands it to the writer thread: encoding a chunk
     * and writing it out takes a while (the writer's close waits for its merge thread), and
     * the drain thread must not stall. At most one more chunk waits behind the one being written.
     * <p>
     * Between two chunks goes a chunk without events. JMC's writer numbers each chunk's
     * constants from 1, while the JDK's parser takes a constant whose id the previous chunk
     * also had from that chunk (the JVM never reuses ids within a recording). The empty chunk
     * holds only the constants every chunk starts with, the same in each, so the next chunk's
     * own constants are read from that chunk.
     */
    private void finish(Chunk c, boolean last) {
        writeStatistics(c);
        while (writes.size() > 1) {
            awaitWrite(writes.removeFirst());
        }
        writes.addLast(writer.submit(() -> {
            c.recording.close();
            chunksWritten.incrementAndGet();
            if (!last) {
                new Chunk().recording.close();
            }
            return null;
        }));
    }

    private void awaitWrite(Future<?> write) {
        try {
            write.get();
        } catch (ExecutionException e) {
            fail(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
    }

    private void fail(Throwable e) {
        if (failure == null) {
            failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        chunk = null;
    }

    /** Writes the last chunk with the final statistics and closes the file; throws what went wrong while writing. */
    @Override
    public void close() throws IOException {
        try {
            if (chunk != null && failure == null) {
                finish(chunk, true);
                chunk = null;
            }
            while (!writes.isEmpty()) {
                awaitWrite(writes.removeFirst());
            }
        } catch (RuntimeException e) {
            fail(e);
        } finally {
            writer.shutdown();
            file.closeFile();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The first write error, or null: after one the sink drops everything. */
    public IOException failure() {
        return failure;
    }

    /** Events written so far, by event name. */
    public Map<String, Long> counts() {
        return new TreeMap<>(counts);
    }

    /** Complete chunks on disk so far. */
    public int chunks() {
        return chunksWritten.get();
    }

    public Path path() {
        return path;
    }

    /**
     * An event of {@code type}: the implicit fields, then every field of the type, those
     * {@code values} has no value for (javaThread, stackTrace) null. Every field is set:
     * the writer does not encode a field left unset correctly.
     */
    private static TypedValue event(Type type, long startTicks, TypedValue thread, Map<String, Object> values) {
        return type.asValue(v -> {
            for (TypedField f : type.getFields()) {
                String name = f.getName();
                switch (name) {
                    case "startTime" -> v.putField(name, startTicks);
                    case "duration" -> v.putField(name, 0L);
                    case "eventThread" -> v.putField(name, thread);
                    default -> put(v, f, values.get(name));
                }
            }
        });
    }

    private static void put(TypedValueBuilder v, TypedField f, Object value) {
        String name = f.getName();
        if (value instanceof String s) {
            v.putField(name, s);
        } else if (value instanceof Integer i) {
            v.putField(name, (int) i);
        } else if (value instanceof Long l) {
            v.putField(name, (long) l);
        } else if (value instanceof Boolean b) {
            v.putField(name, (boolean) b);
        } else if (value != null) {
            throw new IllegalArgumentException("field " + name + ": no JFR type for " + value.getClass());
        } else if (f.getType().isBuiltin()) {
            switch (Types.Builtin.ofType(f.getType())) {
                case STRING -> v.putField(name, (String) null);
                case INT -> v.putField(name, 0);
                case LONG -> v.putField(name, 0L);
                case BOOLEAN -> v.putField(name, false);
                default -> throw new IllegalArgumentException("field " + name + " has no value");
            }
        } else {
            v.putField(name, f.getType().nullValue());
        }
    }

    private static long estimate(Map<String, Object> values) {
        long n = 0;
        for (Object v : values.values()) {
            n += v instanceof String s ? s.length() + 2 : 5;
        }
        return n;
    }

    /**
     * The file under the writer, which writes a whole chunk with one write and closes its
     * stream after it (the file stays open for the next). Each chunk gets a metadata id
     * different from the one before: JMC's writer gives every chunk id 0, and the JDK's
     * parser keeps its field parsers, with the last constant each one read, for as long as
     * the id stays the same, which would show one chunk's thread in the next.
     */
    private static final class ChunkStream extends FilterOutputStream {
        private long chunks;

        ChunkStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            byte[] chunk = Arrays.copyOfRange(b, off, off + len);
            ChunkHeader.setMetadataId(chunk, (int) (chunks++ % 2));
            out.write(chunk);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }

        void closeFile() throws IOException {
            out.close();
        }
    }
}
