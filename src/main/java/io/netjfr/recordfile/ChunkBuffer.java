package io.netjfr.recordfile;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bytes of a chunk being built, in JFR's encoding with compressed integers: a long is
 * LEB128, seven bits a byte, and after eight such bytes a ninth with the last eight bits;
 * an int is the same over its 32 unsigned bits. Grows as needed and is reused from chunk to
 * chunk; the sink bounds it by rotating chunks.
 */
final class ChunkBuffer {
    /** String encodings: null, "", a constant pool reference, UTF-8 bytes. */
    static final int STRING_NULL = 0;
    static final int STRING_EMPTY = 1;
    static final int STRING_CONSTANT = 2;
    static final int STRING_UTF8 = 3;

    private byte[] bytes;
    private int size;

    ChunkBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** The bytes so far, for one write. */
    ByteBuffer contents() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    void putByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void putInt(int v) {
        putLong(v & 0xffffffffL);
    }

    void putLong(long v) {
        byte[] b = bytes;
        int p = size;
        if ((v & ~0x7fL) == 0 && p < b.length) { // most values: one byte
            b[p] = (byte) v;
            size = p + 1;
            return;
        }
        ensure(9);
        b = bytes;
        for (int i = 0; i < 8; i++) {
            if ((v & ~0x7fL) == 0) {
                b[p++] = (byte) v;
                size = p;
                return;
            }
            b[p++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        size = p;
    }

    /**
     * Reserves the four bytes of an event's size, to be set by {@link #endEvent} once the
     * event is written: a compressed int padded to four bytes, as the JVM writes it.
     */
    int beginEvent() {
        ensure(4);
        int at = size;
        size += 4;
        return at;
    }

    void endEvent(int at) {
        int length = size - at;
        if (length >= 1 << 28) {
            throw new IllegalStateException("event of " + length + " bytes");
        }
        bytes[at] = (byte) (length | 0x80);
        bytes[at + 1] = (byte) ((length >>> 7) | 0x80);
        bytes[at + 2] = (byte) ((length >>> 14) | 0x80);
        bytes[at + 3] = (byte) (length >>> 21);
    }

    /** A string written out in full (null and "" by their own encodings). */
    void putString(String s) {
        if (s == null) {
            putByte(STRING_NULL);
        } else if (s.isEmpty()) {
            putByte(STRING_EMPTY);
        } else {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            putByte(STRING_UTF8);
            putInt(utf8.length);
            putBytes(utf8, 0, utf8.length);
        }
    }

    /** A reference to constant {@code id} of the string pool. */
    void putStringConstant(long id) {
        putByte(STRING_CONSTANT);
        putLong(id);
    }

    void putBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    void putBytes(ChunkBuffer other) {
        putBytes(other.bytes, 0, other.size);
    }

    private void ensure(int n) {
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
        }
    }
}
