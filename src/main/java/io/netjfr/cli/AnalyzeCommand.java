package io.netjfr.cli;

import io.netjfr.analyze.Analysis;
import io.netjfr.analyze.HtmlReport;
import io.netjfr.analyze.RecordingAnalyzer;
import io.netjfr.analyze.TextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Reports what a recording says about the network: who sent what, from which code, and what looks wrong. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Report top processes and Java threads by packets, the code behind each request "
                + "(joined with jdk.SocketWrite), ICMP senders, kernel hook statistics and rule results.",
        footer = {"", "Example: java -jar netjfr.jar analyze app.jfr --html report.html",
                "", "Exit status: 0 done (also for a recording without netjfr events), 1 failure (not a readable "
                        + "recording, an unwritable --html file), 2 bad usage."})
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RECORDING", description = "a .jfr file from the agent or from 'record'")
    Path recording;

    @Option(names = "--html", paramLabel = "FILE", description = "also write the report as a self-contained HTML page")
    Path html;

    @Override
    public Integer call() throws IOException, Failure {
        if (!Files.isReadable(recording)) {
            throw new IOException("cannot read " + recording);
        }
        Analysis analysis;
        try {
            analysis = RecordingAnalyzer.analyze(recording);
        } catch (IOException e) {
            throw new IOException(recording + " is not a readable JFR recording: " + e.getMessage(), e);
        }
        TextReport.print(analysis, System.out);
        if (html != null) {
            try {
                HtmlReport.write(analysis, html);
            } catch (IOException e) {
                throw Failure.io("failed to write " + html, e);
            }
            System.out.println();
            System.out.println("HTML report: " + html);
        }
        return 0;
    }
}
