package io.netjfr.recordfile;

import java.nio.ByteBuffer;

/** The few fields of a JFR chunk (format 2.0, compressed integers) that {@link JfrFileSink} touches. */
final class ChunkHeader {
    private static final int METADATA_OFFSET_FIELD = 24;

    private ChunkHeader() {
    }

    /**
     * Sets the metadata event's metadata id, a compressed long after its size, type id, start
     * and duration. Only a one-byte id is replaced (0-127), so the chunk keeps its size.
     */
    static void setMetadataId(byte[] chunk, int id) {
        if (id < 0 || id > 127 || chunk.length < 68 || chunk[0] != 'F' || chunk[1] != 'L' || chunk[2] != 'R'
                || chunk[3] != 0) {
            throw new IllegalArgumentException("not a JFR chunk, or id out of range");
        }
        long at = ByteBuffer.wrap(chunk).getLong(METADATA_OFFSET_FIELD);
        int p = (int) at;
        for (int field = 0; field < 4; field++) { // size, type id, start, duration
            p = skipVarLong(chunk, p);
        }
        if (p >= chunk.length || (chunk[p] & 0x80) != 0) {
            throw new IllegalStateException("unexpected metadata event at offset " + at);
        }
        chunk[p] = (byte) id;
    }

    /** The offset after the compressed long at {@code p} (LEB128, at most 9 bytes). */
    private static int skipVarLong(byte[] b, int p) {
        for (int i = 0; i < 8; i++) {
            if ((b[p++] & 0x80) == 0) {
                return p;
            }
        }
        return p + 1;
    }
}
