package io.netjfr.threads;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The calls go where they should in the thread classes of JDK 17 and 25 (the JVMs the ITs run). */
class ThreadInstrumenterTest {
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @Test
    void threadOfThisJdk() throws Exception {
        ThreadInstrumenter i = new ThreadInstrumenter();
        byte[] in = Files.readAllBytes(Path.of(URI.create("jrt:/java.base/java/lang/Thread.class")));
        byte[] out = i.instrument(ThreadInstrumenter.THREAD, in);
        assertEquals(1, i.startHooks); // JDK 17: start() only
        assertEquals(1, i.startingHooks);
        assertEquals(1, i.exitHooks);
        assertTrue(out.length > in.length);
    }

    @Test
    void threadAndVirtualThreadOfJdk25() throws Exception {
        if (!Files.isDirectory(JDK25)) {
            return; // the ITs fail without it
        }
        try (FileSystem jrt = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", JDK25.toString()))) {
            ThreadInstrumenter i = new ThreadInstrumenter();
            i.instrument(ThreadInstrumenter.THREAD, Files.readAllBytes(jrt.getPath("modules/java.base/java/lang/Thread.class")));
            i.instrument(ThreadInstrumenter.VIRTUAL_THREAD,
                    Files.readAllBytes(jrt.getPath("modules/java.base/java/lang/VirtualThread.class")));
            assertEquals(2, i.startHooks, "start() and start(ThreadContainer) each call start0");
            assertEquals(2, i.startingHooks);
            assertEquals(1, i.exitHooks);
            assertEquals(1, i.mountHooks);
            assertEquals(1, i.unmountHooks);
        }
    }
}
