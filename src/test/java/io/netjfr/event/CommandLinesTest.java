package io.netjfr.event;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLinesTest {
    @Test
    void readsHowLongAStringThisJdkPools() {
        int pooled = CommandLines.pooledLength();
        if (Runtime.version().feature() == 17) {
            assertEquals(127, pooled); // StringPool.MAX_LIMIT 128, exclusive
        }
        assertTrue(pooled >= CommandLines.EVENT_LIMIT, "pools " + pooled);
    }

    @Test
    void cutsOnlyWhatWouldNotBePooled() {
        String shortLine = "ping -c 1 127.0.0.1";
        String longLine = "java -cp " + "lib/a.jar:".repeat(40) + " Main";
        assertSame(shortLine, CommandLines.cut(shortLine, 127));
        String cut = CommandLines.cut(longLine, 127);
        assertEquals(127, cut.length());
        assertEquals(longLine.substring(0, 126) + "\u2026", cut);
        assertSame(longLine, CommandLines.cut(longLine, 131_071));
    }
}
