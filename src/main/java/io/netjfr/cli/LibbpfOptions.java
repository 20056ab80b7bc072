package io.netjfr.cli;

import picocli.CommandLine.Option;

/** Which libbpf and kernel BTF to load: doctor checks the same ones record and watch use. */
final class LibbpfOptions {
    @Option(names = "--libbpf", paramLabel = "PATH", description = "libbpf shared library (default: libbpf.so.1)")
    String library;

    @Option(names = "--btf", paramLabel = "PATH", description = "kernel BTF file (default: /sys/kernel/btf/vmlinux)")
    String btf;
}
