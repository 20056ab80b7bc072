package io.netjfr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar netjfr.jar <command>}: exit 0 on success, 1 on failure, 2 on bad usage. */
@Command(name = "netjfr", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Kernel network events (eBPF) as JDK Flight Recorder events.",
        subcommands = {DoctorCommand.class, AnalyzeCommand.class},
        footer = {"", "As a Java agent: java -javaagent:netjfr.jar[=scope=system,...] "
                + "-XX:StartFlightRecording:settings=netjfr.jfc ..."})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("netjfr: " + e.getMessage());
            return 1;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"netjfr " + (v != null ? v : "(development build)")};
        }
    }
}
