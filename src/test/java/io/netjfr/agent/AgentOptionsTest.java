package io.netjfr.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netjfr.bpf.AttachMode;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    private static final AgentOptions DEFAULTS = new AgentOptions(false, null, null, null, false);

    @Test
    void nullAndEmptyAreDefaults() {
        assertEquals(DEFAULTS, AgentOptions.parse(null));
        assertEquals(DEFAULTS, AgentOptions.parse(""));
        assertEquals(DEFAULTS, AgentOptions.parse("  "));
    }

    @Test
    void scope() {
        assertTrue(AgentOptions.parse("scope=system").systemScope());
        assertFalse(AgentOptions.parse("scope=jvm").systemScope());
    }

    @Test
    void attach() {
        assertEquals(AttachMode.KPROBE, AgentOptions.parse("attach=kprobe").attachMode());
        assertEquals(AttachMode.TP_BTF, AgentOptions.parse("attach=tp_btf").attachMode());
        assertEquals(AttachMode.TP_BTF, AgentOptions.parse("attach=tp-btf").attachMode());
    }

    @Test
    void verbose() {
        assertTrue(AgentOptions.parse("verbose").verbose());
        assertTrue(AgentOptions.parse("verbose=true").verbose());
        assertFalse(AgentOptions.parse("verbose=false").verbose());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("verbose=maybe"));
        assertEquals("invalid verbose 'maybe' (expected true or false)", e.getMessage());
    }

    @Test
    void longValuesAreCutWhereTheyAreRepeated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("scope=" + "x".repeat(100_000)));
        assertEquals("invalid scope '" + "x".repeat(AgentOptions.ECHO_MAX) + "'... (100000 characters) "
                + "(expected jvm or system)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("fr\nob=1"));
        assertTrue(e.getMessage().startsWith("unknown agent option 'fr?ob'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("btf=/" + "d".repeat(5000)));
        assertTrue(e.getMessage().contains("path too long (5001 characters"), e.getMessage());
    }

    @Test
    void combined() {
        AgentOptions o = AgentOptions.parse("scope=system, attach=raw_tp,libbpf=/opt/libbpf.so,btf=/tmp/vmlinux,verbose");
        assertEquals(new AgentOptions(true, AttachMode.RAW_TP, "/opt/libbpf.so", "/tmp/vmlinux", true), o);
    }

    @Test
    void asyncIsAFlag() {
        assertTrue(AgentOptions.parse("async").async());
        assertTrue(AgentOptions.parse("verbose,async=true").async());
        assertEquals(DEFAULTS, AgentOptions.parse("async=false"));
    }

    @Test
    void unknownOptionNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("scope=system,frobnicate=1"));
        assertTrue(e.getMessage().contains("frobnicate"), e.getMessage());
    }

    @Test
    void badScope() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("scope=bogus"));
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("scope"));
    }

    @Test
    void badAttach() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("attach=bogus"));
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("attach="));
    }

    @Test
    void emptyLibbpf() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("libbpf="));
        assertTrue(e.getMessage().contains("libbpf"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("libbpf"));
        assertNull(AgentOptions.parse("verbose").libbpfPath());
    }

    @Test
    void payload() {
        assertEquals(0, AgentOptions.parse("").payload());
        assertEquals(256, AgentOptions.parse("payload=256").payload());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("payload=lots"));
        assertTrue(e.getMessage().contains("lots"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("payload=-1"));
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("payload=100000"));
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("payload=\u0661\u0662"));
        assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("payload=+12"));
    }
}
