package io.netjfr.settings;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A settings problem is one line, said once while it lasts, whatever the number of recording changes. */
class AgentSettingsTest {
    private static final String NINE_PORTS = "1,2,3,4,5,6,7,8,9";

    @Test
    void aBadFilterIsOneLineSaidOnce() {
        String first = stderrOf(() -> {
            try (Recording r = recordingWithPorts(NINE_PORTS)) {
                r.start();
                AgentSettings.INSTANCE.follow(null);
                AgentSettings.INSTANCE.follow(null); // another recording's start or stop
                AgentSettings.INSTANCE.follow(null);
            }
            AgentSettings.INSTANCE.follow(null); // gone with its recording
        });
        assertEquals(List.of("netjfr: netjfr.HttpRequest, netjfr.HttpResponse, netjfr.TlsClientHello not filtered "
                + "by host or port: at most 8 ports, got 9 ('1,2,3,4,5,6,7,8,9')"), first.lines().toList());
        String again = stderrOf(() -> {
            try (Recording r = recordingWithPorts(NINE_PORTS)) {
                r.start();
                AgentSettings.INSTANCE.follow(null);
            }
            AgentSettings.INSTANCE.follow(null);
        });
        assertEquals(first, again, "said again when it comes back");
    }

    private static Recording recordingWithPorts(String ports) {
        Recording r = new Recording();
        r.setSettings(Map.of(
                "netjfr.HttpRequest#enabled", "true", "netjfr.HttpRequest#ports", ports,
                "netjfr.HttpResponse#enabled", "true", "netjfr.HttpResponse#ports", ports,
                "netjfr.TlsClientHello#enabled", "true", "netjfr.TlsClientHello#ports", ports));
        return r;
    }

    private static String stderrOf(Runnable task) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            task.run();
        } finally {
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
