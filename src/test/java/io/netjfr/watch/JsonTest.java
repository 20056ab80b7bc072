package io.netjfr.watch;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest {
    @Test
    void flatObject() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "x");
        m.put("i", 42);
        m.put("l", -7L);
        m.put("b", true);
        m.put("n", null);
        assertEquals("{\"s\":\"x\",\"i\":42,\"l\":-7,\"b\":true,\"n\":null}", Json.object(m));
        assertEquals("{}", Json.object(Map.of()));
    }

    @Test
    void escapes() {
        assertEquals("{\"k\\\"\":\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u007fj\\u00e9k\\u20ac\"}",
                Json.object(Map.of("k\"", "a\"b\\c\nd\re\tf\bg\fh\u0001i\u007fj\u00e9k\u20ac")));
        assertEquals("{\"s\":\"\\ud83d\\ude00\"}", Json.object(Map.of("s", "\ud83d\ude00")), "surrogate pairs stay pairs");
        assertEquals("{\"s\":\"</script>\"}", Json.object(Map.of("s", "</script>")));
    }
}
