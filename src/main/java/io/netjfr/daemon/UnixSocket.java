package io.netjfr.daemon;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.netjfr.jna.Jna;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Unix stream socket through libc: what the JDK's own Unix domain channels cannot do,
 * the peer's credentials (SO_PEERCRED) and passing a file descriptor (SCM_RIGHTS). Lines
 * of text are the daemon's protocol; reads are bounded.
 */
final class UnixSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERCRED = 17;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int EINTR = 4;
    static final short POLLIN = 1;
    private static final int SUN_PATH_MAX = 108;
    /** struct msghdr on x86-64: name, namelen, iov, iovlen, control, controllen, flags. */
    private static final int MSGHDR_SIZE = 56;
    /** struct cmsghdr (len, level, type) and one int, padded: CMSG_SPACE(sizeof(int)). */
    private static final int CMSG_SPACE_INT = 24;
    private static final int CMSG_LEN_INT = 20;

    interface C extends Library {
        C INSTANCE = Jna.load("c", C.class);

        int socket(int domain, int type, int protocol);

        int bind(int fd, Pointer addr, int len);

        int listen(int fd, int backlog);

        int accept4(int fd, Pointer addr, Pointer len, int flags);

        int connect(int fd, Pointer addr, int len);

        long sendmsg(int fd, Pointer msg, int flags);

        long recvmsg(int fd, Pointer msg, int flags);

        int getsockopt(int fd, int level, int name, Pointer value, Pointer len);

        int poll(Pointer fds, long nfds, int timeout);

        int close(int fd);

        String strerror(int errnum);
    }

    /** The peer as the kernel saw it connect: pid (in this process's namespace), uid, gid. */
    record Credentials(int pid, int uid, int gid) {
    }

    private final int fd;
    private boolean closed;

    private UnixSocket(int fd) {
        this.fd = fd;
    }

    int fd() {
        return fd;
    }

    /** A listening socket at {@code path} (the caller removes a stale file first). */
    static UnixSocket listen(String path, int backlog) throws IOException {
        UnixSocket s = open();
        try (Memory addr = address(path)) {
            check(C.INSTANCE.bind(s.fd, addr, (int) addr.size()), "bind " + path);
            check(C.INSTANCE.listen(s.fd, backlog), "listen on " + path);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    static UnixSocket connect(String path) throws IOException {
        UnixSocket s = open();
        try (Memory addr = address(path)) {
            check(C.INSTANCE.connect(s.fd, addr, (int) addr.size()), "connect to " + path);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private static UnixSocket open() throws IOException {
        int fd = C.INSTANCE.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        check(fd, "create a Unix socket");
        return new UnixSocket(fd);
    }

    private static Memory address(String path) throws IOException {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= SUN_PATH_MAX) {
            throw new IOException("socket path too long (at most " + (SUN_PATH_MAX - 1) + " bytes): " + path);
        }
        Memory addr = new Memory(2 + SUN_PATH_MAX);
        addr.clear();
        addr.setShort(0, (short) AF_UNIX);
        addr.write(2, bytes, 0, bytes.length);
        return addr;
    }

    /** The next connection; null when interrupted by a signal. */
    UnixSocket accept() throws IOException {
        int client = C.INSTANCE.accept4(fd, null, null, SOCK_CLOEXEC);
        if (client < 0 && Native.getLastError() == EINTR) {
            return null;
        }
        check(client, "accept a connection");
        return new UnixSocket(client);
    }

    Credentials peer() throws IOException {
        try (Memory cred = new Memory(12); Memory len = new Memory(4)) {
            len.setInt(0, 12);
            check(C.INSTANCE.getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cred, len), "read the peer's credentials");
            return new Credentials(cred.getInt(0), cred.getInt(4), cred.getInt(8));
        }
    }

    /**
     * Sends {@code line} (a newline is added), with {@code passFd} attached when it is not
     * negative. Never blocks: a peer that does not read its answers (its buffer full) gets an
     * IOException here, so the daemon drops it instead of stalling every other client.
     */
    void send(String line, int passFd) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try (Memory data = new Memory(bytes.length); Memory iov = new Memory(16); Memory msg = new Memory(MSGHDR_SIZE);
                Memory control = new Memory(CMSG_SPACE_INT)) {
            data.write(0, bytes, 0, bytes.length);
            iov.setPointer(0, data);
            iov.setLong(8, bytes.length);
            msg.clear();
            msg.setPointer(16, iov);
            msg.setLong(24, 1);
            if (passFd >= 0) {
                control.clear();
                control.setLong(0, CMSG_LEN_INT);
                control.setInt(8, SOL_SOCKET);
                control.setInt(12, SCM_RIGHTS);
                control.setInt(16, passFd);
                msg.setPointer(32, control);
                msg.setLong(40, CMSG_SPACE_INT);
            }
            long n = C.INSTANCE.sendmsg(fd, msg, MSG_NOSIGNAL | MSG_DONTWAIT);
            check(n, "send to the socket");
            if (n != bytes.length) {
                throw new IOException("short send on the socket (" + n + " of " + bytes.length + " bytes)");
            }
        }
    }

    /** What {@link #receive} got: a line without its newline (null at end of stream) and a passed fd (-1: none). */
    record Message(String line, int fd) {
    }

    /**
     * Reads up to one line of at most {@code max} bytes, and an fd passed with it. Lines are
     * short and written whole, so one read returns one; more than {@code max} bytes without a
     * newline is an error.
     */
    Message receive(int max) throws IOException {
        try (Memory data = new Memory(max); Memory iov = new Memory(16); Memory msg = new Memory(MSGHDR_SIZE);
                Memory control = new Memory(CMSG_SPACE_INT)) {
            iov.setPointer(0, data);
            iov.setLong(8, max);
            msg.clear();
            control.clear();
            msg.setPointer(16, iov);
            msg.setLong(24, 1);
            msg.setPointer(32, control);
            msg.setLong(40, CMSG_SPACE_INT);
            long n = C.INSTANCE.recvmsg(fd, msg, MSG_CMSG_CLOEXEC);
            check(n, "read from the socket");
            int passed = -1;
            if (msg.getLong(40) >= CMSG_LEN_INT && control.getInt(8) == SOL_SOCKET && control.getInt(12) == SCM_RIGHTS) {
                passed = control.getInt(16);
            }
            if (n == 0) {
                return new Message(null, passed);
            }
            String text = new String(data.getByteArray(0, (int) n), StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            if (nl < 0) {
                throw new IOException("message without a newline in " + n + " bytes");
            }
            return new Message(text.substring(0, nl), passed);
        }
    }

    /**
     * Reads one line of at most {@code max} bytes that may take several reads (a long
     * answer the peer wrote at once); null at end of stream. Only where an answer is due:
     * it waits for the line's end.
     */
    String receiveLong(int max) throws IOException {
        try (Memory data = new Memory(max); Memory iov = new Memory(16); Memory msg = new Memory(MSGHDR_SIZE)) {
            int total = 0;
            while (total < max) {
                iov.setPointer(0, data.share(total));
                iov.setLong(8, max - total);
                msg.clear();
                msg.setPointer(16, iov);
                msg.setLong(24, 1);
                long n = C.INSTANCE.recvmsg(fd, msg, 0);
                if (n < 0 && Native.getLastError() == EINTR) {
                    continue;
                }
                check(n, "read from the socket");
                if (n == 0) {
                    return null;
                }
                int from = total;
                total += (int) n;
                for (int i = from; i < total; i++) {
                    if (data.getByte(i) == '\n') {
                        return new String(data.getByteArray(0, i), StandardCharsets.UTF_8);
                    }
                }
            }
            throw new IOException("message without a newline in " + max + " bytes");
        }
    }

    /** Waits until one of {@code sockets} can be read (or hung up); returns which, by index; empty on timeout. */
    static boolean[] poll(int[] fds, int timeoutMillis) throws IOException {
        try (Memory p = new Memory(8L * Math.max(1, fds.length))) {
            for (int i = 0; i < fds.length; i++) {
                p.setInt(8L * i, fds[i]);
                p.setShort(8L * i + 4, POLLIN);
                p.setShort(8L * i + 6, (short) 0);
            }
            int n = C.INSTANCE.poll(p, fds.length, timeoutMillis);
            boolean[] ready = new boolean[fds.length];
            if (n < 0 && Native.getLastError() == EINTR) {
                return ready;
            }
            check(n, "wait for the sockets");
            for (int i = 0; i < fds.length; i++) {
                ready[i] = p.getShort(8L * i + 6) != 0;
            }
            return ready;
        }
    }

    static void closeFd(int fd) {
        if (fd >= 0) {
            C.INSTANCE.close(fd);
        }
    }

    private static void check(long result, String what) throws IOException {
        if (result < 0) {
            throw new IOException("failed to " + what + ": " + C.INSTANCE.strerror(Native.getLastError()));
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            C.INSTANCE.close(fd);
        }
    }
}
