package io.netjfr.agent;

/**
 * Whether the JVM is exiting. A background load that the exit cuts short is no failure to
 * report: JNA's first use, for one, registers a file to delete on exit, which the JVM refuses
 * once its shutdown began, and a short-lived application must not end with netjfr's error.
 */
final class JvmExit {
    private JvmExit() {
    }

    /** The JDK's own test: shutdown hooks can no longer be added once the exit began. */
    static boolean inProgress() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
