package io.netjfr.recordfile;

import io.netjfr.event.EventFields;
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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Writes netjfr's events to a .jfr file for the stand-alone {@code record}: the event
 * types of the agent (netjfr.IcmpPacket, netjfr.HttpRequest, ...), each event at the time
 * the kernel saw it, on a synthetic thread per OS thread named {@code comm [pid/tid]}.
 * <p>
 * The file is a sequence of complete chunks, like the JVM's own recordings. A chunk is
 * built in memory — events encoded as they come, strings and threads as constants — and
 * written at the end of the drain in which it reached {@link #CHUNK_BYTES} or became
 * {@link #CHUNK_AGE_NANOS} old, ending with the hooks' statistics; so memory stays
 * bounded and what is on disk is readable at any time. The metadata, the part of the format that describes types, comes
 * from JDK Mission Control's writer ({@link ChunkMetadata}); events and constants are
 * encoded here, without a value object per event. If a write fails (disk full), the file
 * is cut back to its last complete chunk and the sink drops everything after.
 * <p>
 * The file is created readable by its owner only: it holds other users' command lines and
 * URLs. Called on the engine's drain thread; {@link #close()} after the engine has closed.
 */
public final class JfrFileSink extends EventValuesSink implements AutoCloseable {
    /** Bytes of events and constants after which a chunk is written out. */
    static final long CHUNK_BYTES = 4L * 1024 * 1024;
    /**
     * A chunk is written out at the end of the drain that took it past {@link #CHUNK_BYTES}
     * (the check is then no branch of the per-event code the JIT compiles first, so the
     * first chunk does not throw that code back to the interpreter), or within a drain at
     * this many times that: the engine's last drain takes the whole ring.
     */
    private static final long MID_DRAIN_FACTOR = 4;
    /** Age after which a chunk holding events is written out. */
    static final long CHUNK_AGE_NANOS = 30_000_000_000L;
    private static final int WRITE_SLICE = 256 * 1024;
    private static final List<Class<? extends Event>> EVENT_CLASSES = List.of(IcmpPacketEvent.class,
            HttpRequestEvent.class, HttpResponseEvent.class, TlsClientHelloEvent.class, StatisticsEvent.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path path;
    private final FileChannel file;
    private final Supplier<List<HookStatistics>> statistics;
    private final long chunkBytes;
    private final long midDrainChunkBytes;
    private final long chunkAgeNanos;
    private final ChunkMetadata metadata;
    private final Map<String, EventLayout> layouts = new HashMap<>();
    private final EventLayout statisticsLayout;
    private final ConstantPools pools;
    private final ChunkBuffer events = new ChunkBuffer(1024 * 1024);
    private final ChunkBuffer constants = new ChunkBuffer(64 * 1024);
    private final int ownPid = (int) ProcessHandle.current().pid();
    private long chunkStartTicks;
    private long chunkEvents;
    private EventLayout current;
    private int currentStart;
    /** Where the last complete chunk ends. */
    private long written;
    private int chunks;
    private long eventsOnDisk;
    private IOException failure;

    private JfrFileSink(Path path, FileChannel file, KernelClock clock, Supplier<List<HookStatistics>> statistics,
            long chunkBytes, long chunkAgeNanos) {
        super(clock);
        this.path = path;
        this.file = file;
        this.statistics = statistics;
        this.chunkBytes = chunkBytes;
        this.midDrainChunkBytes = chunkBytes > Long.MAX_VALUE / MID_DRAIN_FACTOR ? Long.MAX_VALUE
                : chunkBytes * MID_DRAIN_FACTOR;
        this.chunkAgeNanos = chunkAgeNanos;
        this.metadata = ChunkMetadata.of(EVENT_CLASSES);
        metadata.layouts.values().forEach(l -> layouts.put(l.name, l));
        this.statisticsLayout = metadata.layouts.get(StatisticsEvent.class);
        this.pools = new ConstantPools(metadata);
        this.chunkStartTicks = System.nanoTime();
    }

    /**
     * Creates (or truncates) {@code path}, readable by its owner only. {@code statistics} is
     * asked for the hooks' numbers at the end of each chunk.
     */
    public static JfrFileSink create(Path path, KernelClock clock, Supplier<List<HookStatistics>> statistics)
            throws IOException {
        return create(path, clock, statistics, CHUNK_BYTES, CHUNK_AGE_NANOS);
    }

    static JfrFileSink create(Path path, KernelClock clock, Supplier<List<HookStatistics>> statistics,
            long chunkBytes, long chunkAgeNanos) throws IOException {
        FileChannel file = FileChannel.open(path, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            if (Files.isRegularFile(path) && !Files.getPosixFilePermissions(path).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(path, OWNER_ONLY); // it existed: it keeps its mode otherwise
            }
            return new JfrFileSink(path, file, clock, statistics, chunkBytes, chunkAgeNanos);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    protected EventFields begin(String event, Origin o) {
        EventLayout layout = layouts.get(event);
        begin(layout, o.kernelTimeNanos(), pools.thread(o.pid(), o.tid(), o.threadName()));
        return layout;
    }

    private void begin(EventLayout layout, long startTicks, long thread) {
        current = layout;
        currentStart = events.beginEvent();
        events.putLong(layout.typeId);
        events.putLong(startTicks);
        events.putLong(0); // duration
        events.putLong(thread);
        events.putLong(0); // stack trace: none
    }

    @Override
    protected void end() {
        finishEvent();
        if (events.size() + pools.bytes() >= midDrainChunkBytes) {
            endChunk();
        }
    }

    @Override
    public void drained() {
        if (chunkEvents > 0 && (events.size() + pools.bytes() >= chunkBytes
                || System.nanoTime() - chunkStartTicks >= chunkAgeNanos)) {
            endChunk();
        }
    }

    /** The chunk's statistics, then the chunk onto the disk; the next chunk starts empty. */
    private void endChunk() {
        long thread = pools.thread(ownPid, ownPid, "netjfr");
        long now = System.nanoTime();
        for (HookStatistics s : statistics.get()) {
            begin(statisticsLayout, now, thread);
            EventValues.statistics(s, statisticsLayout);
            finishEvent();
        }
        if (failure == null) {
            writeChunk(now);
        }
        events.clear();
        pools.clear();
        metadata.layouts.values().forEach(EventLayout::newChunk);
        chunkEvents = 0;
        chunkStartTicks = now;
    }

    private void finishEvent() {
        current.writeFields(events, pools);
        events.endEvent(currentStart);
        current.count++;
        chunkEvents++;
    }

    /** Header, events, constants, metadata: one chunk, or on failure none (the file is cut back). */
    private void writeChunk(long endTicks) {
        constants.clear();
        pools.writeEvent(constants, chunkStartTicks);
        long constantsAt = ChunkHeader.SIZE + events.size();
        long metadataAt = constantsAt + constants.size();
        long size = metadataAt + metadata.event.length;
        ByteBuffer[] chunk = {ChunkHeader.of(size, constantsAt, metadataAt, clock.epochNanos(chunkStartTicks),
                endTicks - chunkStartTicks, chunkStartTicks), events.contents(), constants.contents(),
                ByteBuffer.wrap(metadata.event)};
        try {
            for (ByteBuffer part : chunk) {
                write(part);
            }
            written += size;
            chunks++;
            eventsOnDisk += chunkEvents;
        } catch (IOException e) {
            failure = failed(e);
        }
    }

    /**
     * {@code b} onto the disk {@value #WRITE_SLICE} bytes at a time: the JDK copies a heap
     * buffer into a temporary direct one of the same size before the system call, and
     * slices of that size stay in the CPU's cache between that copy and the kernel's.
     */
    private void write(ByteBuffer b) throws IOException {
        int end = b.limit();
        while (b.position() < end) {
            b.limit(Math.min(end, b.position() + WRITE_SLICE));
            while (b.hasRemaining()) {
                file.write(b);
            }
        }
    }

    /** The write error, after cutting the file back to its last complete chunk. */
    private IOException failed(IOException e) {
        String kept = "; the file ends with its last complete chunk (" + chunks + (chunks == 1 ? " chunk, " : " chunks, ")
                + eventsOnDisk + " events)";
        try {
            file.truncate(written);
            file.position(written);
        } catch (IOException truncate) {
            kept = "; could not cut the file back to its last complete chunk: " + truncate.getMessage();
        }
        return new IOException(e.getMessage() + kept, e);
    }

    /** Writes the last chunk with the final statistics and closes the file; throws what went wrong while writing. */
    @Override
    public void close() throws IOException {
        try {
            if (failure == null) {
                endChunk();
            }
        } finally {
            file.close();
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
        Map<String, Long> counts = new TreeMap<>();
        metadata.layouts.values().stream().filter(l -> l.count > 0).forEach(l -> counts.put(l.name, l.count));
        return counts;
    }

    /** Complete chunks on disk so far. */
    public int chunks() {
        return chunks;
    }

    public Path path() {
        return path;
    }
}
