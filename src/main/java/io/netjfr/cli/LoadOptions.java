package io.netjfr.cli;

import io.netjfr.bpf.AttachMode;
import io.netjfr.bpf.Engine;
import io.netjfr.bpf.PidNamespace;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How the programs load, the same for record, watch and daemon: attach mode, libbpf and BTF, verbose. */
final class LoadOptions {
    @Option(names = "--attach", paramLabel = "MODE", converter = AttachModeConverter.class,
            description = "force an attach mode where a hook has it: fentry, kprobe, tp_btf, raw_tp, tracepoint")
    AttachMode attachMode;

    @Mixin
    LibbpfOptions libbpf;

    @Option(names = {"-v", "--verbose"}, description = "print attach decisions, libbpf's log and stack traces of errors")
    boolean verbose;

    Engine.Options engineOptions(Engine.Filter filter) {
        return new Engine.Options(filter, attachMode, libbpf.library, libbpf.btf, verbose);
    }

    /** The daemon's: every process, each one's records routed to the ring of the client that wants them. */
    Engine.Options routedEngineOptions() {
        return new Engine.Options(Engine.Filter.NONE, attachMode, libbpf.library, libbpf.btf, verbose,
                PidNamespace.INITIAL, true);
    }

    static final class AttachModeConverter implements CommandLine.ITypeConverter<AttachMode> {
        @Override
        public AttachMode convert(String value) {
            try {
                return AttachMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
