package io.netjfr.cli;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.netjfr.jna.Jna;
import sun.misc.Signal;

/**
 * A shell without job control starts background jobs with SIGINT ignored, and HotSpot then
 * installs no SIGINT handler at all: {@code record &} followed by {@code kill -INT} would do
 * nothing. As tcpdump does, netjfr takes SIGINT back: the disposition is reset to the
 * default with sigaction, then a handler ends the JVM as HotSpot's own would (exit status
 * 130, shutdown hooks run).
 */
final class SigintDisposition {
    private static final int SIGINT = 2;
    private static final long SIG_IGN = 1;
    /** struct sigaction on x86-64 glibc: handler, 128-byte mask, flags, restorer. */
    private static final int SIGACTION_SIZE = 152;

    private interface Sigaction extends Library {
        int sigaction(int signum, Pointer act, Pointer oldact);
    }

    private SigintDisposition() {
    }

    /** Makes SIGINT stop this JVM if it was started with SIGINT ignored; otherwise leaves the JVM's handler. */
    static void restoreIfIgnored() {
        try (Memory current = new Memory(SIGACTION_SIZE); Memory dfl = new Memory(SIGACTION_SIZE)) {
            Sigaction libc = Jna.load("c", Sigaction.class);
            if (libc.sigaction(SIGINT, null, current) != 0 || current.getLong(0) != SIG_IGN) {
                return;
            }
            dfl.clear(); // SIG_DFL, empty mask, no flags
            if (libc.sigaction(SIGINT, dfl, null) == 0) {
                Signal.handle(new Signal("INT"), signal -> System.exit(128 + SIGINT));
            }
        } catch (LinkageError | IllegalArgumentException e) {
            // no libc through JNA, or the JVM keeps SIGINT (-Xrs): SIGTERM still stops the capture
        }
    }
}
