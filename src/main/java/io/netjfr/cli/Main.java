package io.netjfr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar netjfr.jar <command>}: exit 0 on success, 1 on failure, 2 on bad usage.
 * Errors are one line on stderr; a stack trace only with --verbose.
 */
@Command(name = "java -jar netjfr.jar", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Kernel network events (eBPF) as JDK Flight Recorder events.",
        subcommands = {RecordCommand.class, WatchCommand.class, AttachCommand.class, DoctorCommand.class,
                AnalyzeCommand.class, DaemonCommand.class},
        footer = {"", "As a Java agent:", "  java -javaagent:netjfr.jar[=scope=system,...] \\",
                "       -XX:StartFlightRecording:settings=netjfr.jfc ..."})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        LauncherOptions.relaunchIfUnset(args);
        System.exit(commandLine().execute(args));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command (record, watch, attach, doctor, analyze or daemon)");
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("netjfr: " + e.getMessage());
            if (verbose(parseResult)) {
                e.printStackTrace(commandLine.getErr());
            }
            return CommandLine.ExitCode.SOFTWARE;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("netjfr: " + e.getMessage() + " (see: " + c.getCommandSpec().qualifiedName()
                    + " --help)");
            return CommandLine.ExitCode.USAGE;
        });
        return cl;
    }

    private static boolean verbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"netjfr " + (v != null ? v : "(development build)")};
        }
    }
}
