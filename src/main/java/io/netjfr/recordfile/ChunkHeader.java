package io.netjfr.recordfile;

import java.nio.ByteBuffer;

/**
 * The 68-byte header of a JFR chunk, format 2.0: magic, version, the chunk's size, where
 * its constant pool and metadata events are, when it starts and how long it lasts (wall
 * clock and ticks), the tick rate, and a flags word saying integers are compressed.
 */
final class ChunkHeader {
    static final int SIZE = 68;
    private static final long TICKS_PER_SECOND = 1_000_000_000L; // ticks are System.nanoTime / bpf_ktime_get_ns
    private static final int COMPRESSED_INTEGERS = 1;

    private ChunkHeader() {
    }

    static ByteBuffer of(long chunkSize, long constantPoolOffset, long metadataOffset, long startEpochNanos,
            long durationNanos, long startTicks) {
        ByteBuffer h = ByteBuffer.allocate(SIZE); // big-endian, as the format wants
        h.put((byte) 'F').put((byte) 'L').put((byte) 'R').put((byte) 0);
        h.putShort((short) 2).putShort((short) 0);
        h.putLong(chunkSize).putLong(constantPoolOffset).putLong(metadataOffset);
        h.putLong(startEpochNanos).putLong(durationNanos).putLong(startTicks).putLong(TICKS_PER_SECOND);
        h.putInt(COMPRESSED_INTEGERS);
        return h.flip();
    }
}
