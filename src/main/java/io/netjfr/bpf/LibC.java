package io.netjfr.bpf;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import io.netjfr.jna.Jna;

/** The libc calls the ring buffer and libbpf's log callback need. */
interface LibC extends Library {
    LibC INSTANCE = Jna.load("c", LibC.class);

    int PROT_READ = 1;
    int PROT_WRITE = 2;
    int MAP_SHARED = 1;
    int EPOLLIN = 1;
    int EPOLL_CTL_ADD = 1;
    int EPOLL_CLOEXEC = 0x80000;
    int EFD_CLOEXEC = 0x80000;
    int EFD_NONBLOCK = 0x800;

    Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

    int munmap(Pointer addr, long length);

    int epoll_create1(int flags);

    int epoll_ctl(int epfd, int op, int fd, Pointer event);

    int epoll_wait(int epfd, Pointer events, int maxevents, int timeout);

    int eventfd(int initval, int flags);

    long write(int fd, Pointer buf, long count);

    int dup(int fd);

    int close(int fd);

    int vsnprintf(byte[] buf, long size, Pointer format, Pointer args);

    String strerror(int errnum);

    long sysconf(int name);
}
