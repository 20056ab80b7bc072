package io.netjfr.jna;

import com.sun.jna.Library;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JnaTest {
    interface Getpid extends Library {
        int getpid();
    }

    @Test
    void loadsLibcAndLeavesNoSearchPathForTheApplicationsJna() {
        assertNull(System.getProperty("jna.platform.library.path"), "set before the test: nothing to check");
        int pid = Jna.load("c", Getpid.class).getpid();
        assertTrue(pid == ProcessHandle.current().pid(), "getpid through JNA: " + pid);
        // JNA itself would have left the directories it found (through ldconfig) in this property
        assertNull(System.getProperty("jna.platform.library.path"));
    }
}
