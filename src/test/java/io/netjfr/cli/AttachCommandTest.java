package io.netjfr.cli;

import org.junit.jupiter.api.Test;

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
}
