package io.netjfr.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Consumer of a BPF_MAP_TYPE_RINGBUF read directly from its mmap'ed pages: no native call
 * per record. Layout (kernel/bpf/ringbuf.c): page 0 holds consumer_pos (ours to write),
 * page 1 producer_pos, then the data area, which the kernel offers twice in a row so a
 * record that wraps is contiguous. It is mapped once here: the kernel fills the page tables
 * at mmap, so a second mapping would count the whole ring again in the process's RSS (16 MiB
 * for the default ring); the rare record that wraps is copied instead. Each record has an
 * 8-byte header (never split: records are 8-byte aligned) whose length word carries BUSY while the
 * producer writes it; the acquire loads and the release store below pair with the
 * kernel's smp_store_release / smp_load_acquire.
 */
final class RingBuffer implements AutoCloseable {
    private static final int BUSY_BIT = 1 << 31;
    private static final int DISCARD_BIT = 1 << 30;
    private static final int HEADER_SIZE = 8;
    /**
     * Records between two stores of consumer_pos. The kernel reads it on every reserve and
     * commit; storing it after every record would pull its cache line over to this CPU
     * and back once per record while both run.
     */
    private static final int PUBLISH_EVERY = 64;
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final int pageSize;
    private final long mask;
    private long consumerPos; // the next record; consumer_pos in the shared page may trail it by one
    private final Pointer consumerPage;
    private final Pointer producerArea;
    private final long producerAreaSize;
    private final ByteBuffer consumer;
    private final ByteBuffer data;
    private final int dataEnd; // the offset in data just past the ring's last byte
    /** A record that wraps, put together: direct like data, so the handlers' compiled code sees one buffer class. */
    private ByteBuffer wrapped = ByteBuffer.allocateDirect(0);
    private final int epollFd;
    private final int wakeFd; // an eventfd in the same epoll set: close() ends a wait at once
    private final Memory epollEvent = new Memory(16);

    RingBuffer(int mapFd, int size) throws BpfException {
        LibC libc = LibC.INSTANCE;
        pageSize = (int) libc.sysconf(30); // _SC_PAGESIZE
        mask = size - 1L;
        consumerPage = libc.mmap(null, pageSize, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, mapFd, 0);
        if (Pointer.nativeValue(consumerPage) == -1L) {
            throw new BpfException("failed to map ring buffer: " + BpfRuntime.strerror(Native.getLastError()));
        }
        producerAreaSize = pageSize + (long) size;
        dataEnd = pageSize + size;
        producerArea = libc.mmap(null, producerAreaSize, LibC.PROT_READ, LibC.MAP_SHARED, mapFd, pageSize);
        if (Pointer.nativeValue(producerArea) == -1L) {
            libc.munmap(consumerPage, pageSize);
            throw new BpfException("failed to map ring buffer: " + BpfRuntime.strerror(Native.getLastError()));
        }
        consumer = consumerPage.getByteBuffer(0, pageSize).order(ByteOrder.nativeOrder());
        consumerPos = (long) LONG.getAcquire(consumer, 0);
        data = producerArea.getByteBuffer(0, producerAreaSize).order(ByteOrder.nativeOrder());
        epollFd = libc.epoll_create1(LibC.EPOLL_CLOEXEC);
        wakeFd = libc.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        epollEvent.clear();
        epollEvent.setInt(0, LibC.EPOLLIN);
        if (epollFd < 0 || wakeFd < 0 || libc.epoll_ctl(epollFd, LibC.EPOLL_CTL_ADD, mapFd, epollEvent) < 0
                || libc.epoll_ctl(epollFd, LibC.EPOLL_CTL_ADD, wakeFd, epollEvent) < 0) {
            int errno = Native.getLastError();
            close();
            throw new BpfException("failed to poll ring buffer: " + BpfRuntime.strerror(errno));
        }
    }

    /**
     * Blocks until the kernel signals a record or the timeout passes; true when it signalled.
     * The kernel signals the first record committed after the consumer caught up (its default
     * notification), so call this only when {@link #empty()} said the ring was empty.
     */
    boolean await(int timeoutMillis) {
        return LibC.INSTANCE.epoll_wait(epollFd, epollEvent, 1, timeoutMillis) > 0;
    }

    /** Ends the current and every later {@link #await} at once (the eventfd stays readable). */
    void wakeUp() {
        try (Memory one = new Memory(8)) {
            one.setLong(0, 1);
            LibC.INSTANCE.write(wakeFd, one, 8);
        }
    }

    /**
     * Stores consumer_pos up to date, then tells whether every record the kernel reserved has
     * been consumed. The full fence orders that store before the producer_pos load, as the
     * kernel's xchg on commit orders its header store before its consumer_pos load: either
     * this sees the new record, or the kernel sees that we caught up and signals it.
     */
    boolean empty() {
        LONG.setRelease(consumer, 0, consumerPos); // caught up: the next commit signals
        VarHandle.fullFence();
        return (long) LONG.getAcquire(data, 0) == consumerPos;
    }

    /**
     * Hands committed records to {@code handler}, at most {@code max}; returns how many.
     * With {@code holdBack} consumer_pos trails by the last record afterwards: the kernel
     * signals a commit only where the reader caught up, so while the drain thread is busy
     * (it drains on a timer) no commit costs the kernel a wake-up; {@link #empty()} catches
     * up before it waits. Other callers must not hold back: the drain thread may be waiting
     * in epoll for exactly that signal.
     */
    int drain(RecordHandler handler, int max, boolean holdBack) {
        long pos = consumerPos;
        long producerPos = (long) LONG.getAcquire(data, 0);
        long lastStart = -1;
        int records = 0;
        while (pos < producerPos && records < max) {
            int offset = pageSize + (int) (pos & mask);
            int header = (int) INT.getAcquire(data, offset);
            if ((header & BUSY_BIT) != 0) {
                break; // reserved, not yet committed; records after it wait for it
            }
            int length = header & ~(BUSY_BIT | DISCARD_BIT);
            if ((header & DISCARD_BIT) == 0) {
                deliver(handler, offset + HEADER_SIZE, length);
                records++;
            }
            lastStart = pos;
            pos += (length + HEADER_SIZE + 7) & ~7;
            if ((records & (PUBLISH_EVERY - 1)) == 0) {
                LONG.setRelease(consumer, 0, lastStart);
            }
            if (pos >= producerPos) {
                producerPos = (long) LONG.getAcquire(data, 0);
            }
        }
        consumerPos = pos;
        if (lastStart >= 0) {
            LONG.setRelease(consumer, 0, holdBack ? lastStart : pos);
        }
        return records;
    }

    /** Hands the record whose body starts at {@code start} (maybe past the ring's end, where it wraps) to the handler. */
    private void deliver(RecordHandler handler, int start, int length) {
        if (start >= dataEnd) {
            start -= dataEnd - pageSize;
        }
        int first = dataEnd - start;
        if (length <= first) {
            handler.onRecord(data, start, length);
            return;
        }
        if (wrapped.capacity() < length) {
            wrapped = ByteBuffer.allocateDirect(Math.max(length, 2 * wrapped.capacity())).order(ByteOrder.nativeOrder());
        }
        wrapped.put(0, data, start, first).put(first, data, pageSize, length - first);
        handler.onRecord(wrapped, 0, length);
    }

    @Override
    public void close() {
        LibC libc = LibC.INSTANCE;
        if (epollFd >= 0) {
            libc.close(epollFd);
        }
        if (wakeFd >= 0) {
            libc.close(wakeFd);
        }
        libc.munmap(consumerPage, pageSize);
        libc.munmap(producerArea, producerAreaSize);
    }
}
