package io.netjfr.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A second attach compares the options the agent runs with to those asked for as options, not as text. */
class AttachCommandTest {
    @Test
    void theSameOptionsInAnotherOrderOrSpellingAreTheSame() {
        assertTrue(AttachCommand.sameOptions("scope=system,verbose", "verbose,scope=system"));
        assertTrue(AttachCommand.sameOptions("", "scope=jvm"));
        assertTrue(AttachCommand.sameOptions("verbose", "verbose=true"));
        assertTrue(AttachCommand.sameOptions("scope=system", "scope=system"));
    }

    @Test
    void otherOptionsDiffer() {
        assertFalse(AttachCommand.sameOptions("", "verbose"));
        assertFalse(AttachCommand.sameOptions("scope=system", "scope=system,async"));
        assertFalse(AttachCommand.sameOptions("bogus=1", "bogus=1"), "options this agent cannot read");
    }

    @Test
    void theTargetsCommandLineCannotReachTheTerminalRaw() {
        byte[] raw = "java\0-Dx=\u001b[2J\u009b\0App\0".getBytes(StandardCharsets.UTF_8);
        assertEquals("java -Dx=?[2J? App", AttachCommand.shortCommandLine(raw));
        assertEquals(80, AttachCommand.shortCommandLine("j".repeat(200).getBytes(StandardCharsets.UTF_8)).length());
    }
}
