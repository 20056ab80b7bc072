package io.netjfr.daemon;

import io.netjfr.bpf.AttachMode;
import io.netjfr.bpf.Engine;
import io.netjfr.bpf.Hook;
import io.netjfr.bpf.LiveSettings;
import io.netjfr.bpf.PidNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProtocolTest {
    @Test
    void helloRoundTrip() {
        Protocol.Hello hello = new Protocol.Hello(true, EnumSet.of(Hook.HTTP, Hook.RECV),
                new PidNamespace(4, 4026532290L), new LiveSettings(20_000_000, Set.of(LiveSettings.Event.ICMP),
                        Map.of(LiveSettings.Event.HTTP_RESPONSE, 100), Set.of(), Map.of()));
        assertEquals("hello 2 scope=system hooks=http,recv pidns=4:4026532290 settings=20000000/1/0,0,100,0",
                hello.line());
        assertEquals(hello, Protocol.Hello.parse(hello.line()));
    }

    @Test
    void summariesAndFiltersRoundTrip() throws Exception {
        LiveSettings s = new LiveSettings(0, Set.of(), Map.of(), Set.of(LiveSettings.Summary.ICMP),
                Map.of(LiveSettings.Event.HTTP_RESPONSE, new LiveSettings.Filter(
                        List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")), List.of(80, 443)),
                        LiveSettings.Event.ICMP, new LiveSettings.Filter(List.of(InetAddress.getByName("10.0.0.1")),
                                List.of())));
        assertEquals("0/0/0,0,0,0/2/0=10.0.0.1~,2=127.0.0.1+0:0:0:0:0:0:0:1~80+443", Protocol.format(s));
        assertEquals(s, Protocol.parseSettings(Protocol.format(s)));
        LiveSettings summariesOnly = new LiveSettings(0, Set.of(), Map.of(), Set.of(LiveSettings.Summary.HTTP), Map.of());
        assertEquals("0/0/0,0,0,0/1", Protocol.format(summariesOnly));
        assertEquals(summariesOnly, Protocol.parseSettings("0/0/0,0,0,0/1"));
    }

    @Test
    void summaryRowsRoundTrip() {
        byte[] key = {7, 0, 0, 0, 2, 8, 0, 0, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] value = new byte[24];
        value[0] = 5;
        value[16] = 84;
        List<byte[][]> sent = new ArrayList<>();
        sent.add(new byte[][] {key, value});
        String line = Protocol.summaries(sent, 3);
        assertEquals("summaries 1 3 07000000020800007f000001000000000000000000000000:"
                + "05000000000000000000000000000000" + "54", line, "the value without its trailing zeros");
        List<byte[][]> rows = Protocol.parseSummaries(line, 24, 24);
        assertArrayEquals(key, rows.get(0)[0]);
        assertArrayEquals(value, rows.get(0)[1]);
        assertEquals(3, Protocol.leftOut(line));
        assertThrows(IllegalArgumentException.class, () -> Protocol.parseSummaries("summaries 2 0 00:00", 24, 24));
    }

    @Test
    void filtersNameNoHostsToResolve() {
        assertThrows(IllegalArgumentException.class, () -> Protocol.parseSettings("0/0/0,0,0,0/0/2=example.org~"));
    }

    @Test
    void helloWithoutSettingsGetsEveryRecord() {
        assertEquals(LiveSettings.ALL, Protocol.Hello.parse("hello 2 scope=jvm hooks=http pidns=1:2").settings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1/2", "1/0/1,2,3", "x/0/0,0,0,0", "-1/0/0,0,0,0", "0/0/0,0,-5,0", "0/0/0,0,0,0,0"})
    void badSettingsAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Protocol.parseSettings(text));
    }

    @Test
    void grantedRoundTrip() {
        Map<Hook, AttachMode> modes = new EnumMap<>(Hook.class);
        modes.put(Hook.ICMP, AttachMode.TP_BTF);
        modes.put(Hook.HTTP, null);
        Protocol.Granted granted = new Protocol.Granted(2097152, modes);
        assertEquals("ok ring=2097152 modes=icmp:tp_btf,http:-", granted.line());
        assertEquals(granted, Protocol.Granted.parse(granted.line()));
    }

    @Test
    void statsRoundTrip() {
        Map<Hook, Engine.Counters> counters = new EnumMap<>(Hook.class);
        counters.put(Hook.PROCESS, new Engine.Counters(1, 0));
        counters.put(Hook.HTTP, new Engine.Counters(500, 7));
        assertEquals(counters, Protocol.parseStats(Protocol.stats(counters)));
    }

    /** What a hostile or broken client may send: each is refused with a reason, nothing else happens. */
    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "hello 1 scope=jvm hooks=http pidns=1:2", "hello 3 scope=jvm hooks=http pidns=1:2",
            "hello 2 scope=all hooks=http pidns=1:2",
            "hello 2 scope=jvm hooks=process pidns=1:2", "hello 2 scope=jvm hooks=http,bogus pidns=1:2",
            "hello 2 scope=jvm hooks= pidns=1:2", "hello 2 scope=jvm hooks=http pidns=x:y",
            "hello 2 scope=jvm hooks=http pidns=1", "hello 2 scope=jvm hooks=http pidns=1:2 extra",
            "hello 2 scope=jvm hooks=http pidns=-1:99999999999999999999999"})
    void badHellosAreRefused(String line) {
        assertThrows(IllegalArgumentException.class, () -> Protocol.Hello.parse(line));
    }

    @Test
    void errors() {
        assertEquals("error two lines", Protocol.error("two\nlines"));
        IllegalArgumentException hostile = assertThrows(IllegalArgumentException.class,
                () -> Protocol.Hello.parse("hello 2 scope=\u001b[2J\u00e9 hooks=http pidns=1:2"));
        assertEquals("error invalid scope '?[2J?'", Protocol.error(hostile.getMessage()), "a client's text echoed");
        assertEquals("uid 5 is not allowed", Protocol.errorMessage("error uid 5 is not allowed"));
        assertNull(Protocol.errorMessage("ok ring=1 modes=icmp:tp_btf"));
    }
}
