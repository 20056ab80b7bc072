package io.netjfr.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * netjfr's way into JNA: {@link Native#load} and {@link NativeLibrary#getInstance}, after
 * JNA's NativeLibrary was initialized without the {@code ldconfig -p} it runs otherwise to
 * learn the library directories (a fork and exec of this JVM: ~45 ms of a start with the
 * agent). netjfr loads only libc, libbpf and libjvm, by soname or full path, which the
 * dynamic loader finds itself.
 */
public final class Jna {
    private static final String SEARCH_PATH = "jna.platform.library.path";

    static {
        // Set only while netjfr's own copy of JNA initializes, then cleared: an application's JNA
        // (its own classes: netjfr's are isolated) computes its search path later as it would without netjfr.
        if (System.getProperty(SEARCH_PATH) == null) {
            System.setProperty(SEARCH_PATH, "");
            try {
                NativeLibrary.getProcess();
            } finally {
                System.clearProperty(SEARCH_PATH);
            }
        }
    }

    private Jna() {
    }

    /** {@link Native#load(String, Class)}. */
    public static <T extends Library> T load(String name, Class<T> type) {
        return Native.load(name, type);
    }

    /** {@link NativeLibrary#getInstance(String)}. */
    public static NativeLibrary library(String name) {
        return NativeLibrary.getInstance(name);
    }
}
