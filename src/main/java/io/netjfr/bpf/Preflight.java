package io.netjfr.bpf;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/** What must hold before any BPF object can load, each with the fix in its message. */
public final class Preflight {
    public static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    /**
     * Ambient capabilities, not file capabilities: setcap on the java binary makes the loader
     * ignore its $ORIGIN library path (java then fails to start for everyone: libjli.so) and
     * would hand BPF to every user of that binary.
     */
    public static final String PRIVILEGES_ADVICE = "loading eBPF programs needs root or the capabilities CAP_BPF "
            + "and CAP_PERFMON: run as root, or give them to this java only, as ambient capabilities "
            + "(setpriv --inh-caps=+bpf,+perfmon --ambient-caps=+bpf,+perfmon java ...; systemd: "
            + "AmbientCapabilities=CAP_BPF CAP_PERFMON), or use the node daemon (see README 'Running without root'); "
            + "not setcap on java, which breaks it";

    private Preflight() {
    }

    /** Throws with one line saying what is missing and how to fix it. */
    public static void check(String btfPath) throws BpfException {
        checkBtf(btfPath);
        checkPrivileges();
    }

    public static void checkBtf(String btfPath) throws BpfException {
        if (btfPath != null) {
            Path btf = Path.of(btfPath);
            if (!Files.isReadable(btf)) {
                // notExists, not !exists: a file behind a directory we may not search is unreadable, not missing
                throw new BpfException("cannot read BTF file " + btfPath + (Files.notExists(btf) ? " (no such file)"
                        : " (not readable)"));
            }
            if (!looksLikeBtf(btf)) {
                throw new BpfException(btfPath + " is not a BTF file (expected raw BTF, as in " + KERNEL_BTF
                        + ", or an ELF file with a .BTF section)");
            }
        } else if (!Files.isReadable(KERNEL_BTF)) {
            throw new BpfException("the kernel has no BTF (" + KERNEL_BTF + " is missing): use a kernel built with "
                    + "CONFIG_DEBUG_INFO_BTF=y, or pass btf=<path to the kernel's BTF file>");
        }
    }

    /** Starts with the BTF magic (0xeB9F, either byte order) or ELF's; libbpf reads both. */
    static boolean looksLikeBtf(Path file) {
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) < 4) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        boolean btf = (head[0] == (byte) 0x9f && head[1] == (byte) 0xeb) || (head[0] == (byte) 0xeb && head[1] == (byte) 0x9f);
        boolean elf = head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
        return btf || elf;
    }

    public static void checkPrivileges() throws BpfException {
        if (!hasBpfPrivileges()) {
            throw new BpfException(PRIVILEGES_ADVICE, 1);
        }
    }

    /** CAP_SYS_ADMIN, or CAP_BPF together with CAP_PERFMON, in this process's effective set. */
    public static boolean hasBpfPrivileges() {
        BigInteger caps = effectiveCapabilities();
        return caps.testBit(CAP_SYS_ADMIN) || (caps.testBit(CAP_BPF) && caps.testBit(CAP_PERFMON));
    }

    /** Effective uid 0. */
    public static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    static BigInteger effectiveCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return new BigInteger(line.substring(7).strip(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // treated as no capabilities: the load itself will say more
        }
        return BigInteger.ZERO;
    }
}
