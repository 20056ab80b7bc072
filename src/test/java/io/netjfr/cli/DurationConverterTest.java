package io.netjfr.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationConverterTest {
    private final DurationConverter c = new DurationConverter();

    @Test
    void units() {
        assertEquals(Duration.ofSeconds(30), c.convert("30s"));
        assertEquals(Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(Duration.ofMinutes(2), c.convert("2m"));
        assertEquals(Duration.ofHours(1), c.convert("1H"));
        assertEquals(Duration.ofSeconds(90), c.convert("1m30s"));
        assertEquals(Duration.ofSeconds(30), c.convert("30"));
        assertEquals(Duration.ofSeconds(30), c.convert("PT30S"));
    }

    @Test
    void badValuesNamed() {
        for (String bad : new String[] {"abc", "", "0s", "-5s", "5x", "s", "1.5s", "30 s", "PT-1S", "99999999999999999999h"}) {
            CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                    () -> c.convert(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
