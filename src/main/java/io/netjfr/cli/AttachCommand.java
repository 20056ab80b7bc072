package io.netjfr.cli;

import io.netjfr.agent.AgentOptions;
import io.netjfr.watch.TextLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Loads this jar as an agent into a running JVM through the Attach API. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Load the netjfr agent into a running JVM. It then works as with -javaagent: netjfr "
                + "events go into that JVM's recordings that enable them (the netjfr.jfc template does)."},
        footer = {"", "Examples:",
                "  java -jar netjfr.jar attach 4242",
                "  java -jar netjfr.jar attach 4242 scope=system verbose",
                "  jcmd 4242 JFR.start settings=/path/to/netjfr.jfc filename=app.jfr",
                "",
                "A JVM 21 or later prints a warning about a dynamically loaded agent unless it was started with "
                        + "-XX:+EnableDynamicAgentLoading. A JVM that already runs the agent keeps it and its "
                        + "options: attach then loads nothing and says so.",
                "", "Exit status: 0 loaded (or already running with the same options), 1 failure (no such process, "
                        + "not a JVM, attach refused, the agent already running with other options), 2 bad usage."})
final class AttachCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "process id of the JVM")
    long pid;

    @Parameters(index = "1..*", paramLabel = "OPTION",
            description = "agent options, as after -javaagent:netjfr.jar= (" + AgentOptions.USAGE + ")")
    List<String> agentOptions = List.of();

    @Option(names = {"-v", "--verbose"}, description = "print stack traces of errors")
    boolean verbose;

    @Override
    public Integer call() throws Failure {
        String args = String.join(",", agentOptions);
        try {
            AgentOptions.parse(args);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (pid <= 0) {
            throw new ParameterException(spec.commandLine(), "invalid pid " + pid + " (expected a process id)");
        }
        String target = describeTarget(pid);
        Path jar = ownJar();
        String running;
        try {
            running = AgentLoader.load(pid, jar, args, target);
        } catch (NoClassDefFoundError e) {
            throw new Failure("attach needs the jdk.attach module: run netjfr with a full JDK, not a JRE", e);
        }
        if (running != null && !sameOptions(running, args)) {
            // echoed as the agent echoes options: the property is the target JVM's owner's to set
            throw new Failure("the agent already runs in " + target + " with options " + AgentOptions.echo(running)
                    + ", which stay until that JVM ends: nothing loaded");
        }
        if (running != null) {
            System.out.println("netjfr: the agent already runs in " + target + " with these options: nothing to do.");
            return 0;
        }
        System.out.println("netjfr: agent loaded into " + target + ".");
        System.out.println("It reports problems on that JVM's stderr, and records while a recording enables netjfr "
                + "events, e.g.: jcmd " + pid + " JFR.start settings=<path>/netjfr.jfc");
        return 0;
    }

    /**
     * Whether the agent's options {@code running} are those asked for, in whatever order and
     * spelling ({@code verbose,scope=system} is {@code scope=system,verbose=true}); a value the
     * agent here cannot read is other options.
     */
    static boolean sameOptions(String running, String asked) {
        try {
            return AgentOptions.parse(running).equals(AgentOptions.parse(asked));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** "JVM 4242 (java -jar app.jar)"; a failure when there is no such process or it is not a HotSpot JVM. */
    static String describeTarget(long pid) throws Failure {
        Path proc = Path.of("/proc", Long.toString(pid));
        if (!Files.isDirectory(proc)) {
            throw new Failure("no process with pid " + pid);
        }
        String command = commandLine(proc);
        // the attach mechanism signals SIGQUIT to a process it has not attached before: fatal to one that is not a JVM
        boolean jvm;
        try (var lines = Files.lines(proc.resolve("maps"))) {
            jvm = lines.anyMatch(l -> l.endsWith("/libjvm.so"));
        } catch (IOException e) {
            throw Failure.io("cannot inspect process " + pid, e);
        } catch (UncheckedIOException e) {
            throw Failure.io("cannot inspect process " + pid, e.getCause());
        }
        if (!jvm) {
            throw new Failure("process " + pid + " (" + command + ") is not a Java virtual machine");
        }
        return "JVM " + pid + " (" + command + ")";
    }

    private static String commandLine(Path proc) {
        try {
            return shortCommandLine(Files.readAllBytes(proc.resolve("cmdline")));
        } catch (IOException e) {
            return "?";
        }
    }

    /** A process's argv for a message: 80 characters at most, control characters (its owner's to choose) as '?'. */
    static String shortCommandLine(byte[] raw) {
        String line = io.netjfr.correlate.Processes.commandLine(raw, raw.length, false);
        return TextLines.printable(line.length() > 80 ? line.substring(0, 77) + "..." : line);
    }

    /** The netjfr.jar this class was loaded from (by the isolated loader: jar:file:...!/NETJFR-INF/classes/). */
    static Path ownJar() throws Failure {
        URL location = AttachCommand.class.getProtectionDomain().getCodeSource().getLocation();
        String s = location.toString();
        if (s.startsWith("jar:")) {
            s = s.substring(4, s.indexOf("!/") > 0 ? s.indexOf("!/") : s.length());
        }
        try {
            Path p = Path.of(new URI(s));
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                return p;
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // not a file
        }
        throw new Failure("attach works only from netjfr.jar (java -jar netjfr.jar attach ...); classes come from "
                + location);
    }
}
