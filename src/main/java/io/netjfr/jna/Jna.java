package io.netjfr.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

/**
 * netjfr's way into JNA: {@link Native#load} and {@link NativeLibrary#getInstance}, after
 * JNA's NativeLibrary was initialized without the {@code ldconfig -p} it runs otherwise to
 * learn the library directories (a fork and exec of this JVM: ~45 ms of a start with the
 * agent). netjfr loads only libc, libbpf and libjvm, by soname or full path, which the
 * dynamic loader finds itself, so the standard directories are all it needs.
 */
public final class Jna {
    private static final String SEARCH_PATH = "jna.platform.library.path";
    /** The directories JNA itself takes before it adds ldconfig's (those that exist are kept). */
    private static final String[] STANDARD_DIRS = {"/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib"};

    static {
        // Set only while netjfr's own copy of JNA initializes (netjfr's classes are isolated), then
        // cleared unless someone else changed it meanwhile: an application's JNA initializing later
        // computes its own path as without netjfr; one initializing in that window still gets the
        // standard directories, only not those of /etc/ld.so.conf.d.
        if (System.getProperty(SEARCH_PATH) == null) {
            StringJoiner existing = new StringJoiner(File.pathSeparator);
            for (String dir : STANDARD_DIRS) {
                if (Files.isDirectory(Path.of(dir))) {
                    existing.add(dir);
                }
            }
            String dirs = existing.toString();
            System.setProperty(SEARCH_PATH, dirs);
            try {
                NativeLibrary.getProcess();
            } finally {
                if (dirs.equals(System.getProperty(SEARCH_PATH))) {
                    System.clearProperty(SEARCH_PATH);
                }
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
