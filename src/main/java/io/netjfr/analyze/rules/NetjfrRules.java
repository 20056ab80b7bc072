package io.netjfr.analyze.rules;

import io.netjfr.analyze.Analysis.RuleResult;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.CouldNotLoadRecordingException;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.ResultProvider;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/** netjfr's JMC rules (also listed for JMC's ServiceLoader), and running them on a recording. */
public final class NetjfrRules {
    public static final List<IRule> ALL = List.of(new IcmpFromJvmRule(), new PlaintextHttpRule(),
            new ShortConnectionsRule(), new SendingCodeRule());
    /**
     * JMC's parser warns about every field it does not know of a newer JDK's types ("Could not
     * find field with name 'virtual' in reader for 'thread'" on JDK 25): not the user's concern.
     * A strong reference, or the level goes with a collected logger.
     */
    private static final Logger JMC_PARSER = Logger.getLogger("org.openjdk.jmc.flightrecorder.internal.parser");

    private NetjfrRules() {
    }

    /** Loads {@code file} with JMC's parser and evaluates every rule. */
    public static List<RuleResult> evaluate(Path file) throws IOException {
        IItemCollection items;
        JMC_PARSER.setLevel(Level.SEVERE);
        try {
            items = JfrLoaderToolkit.loadEvents(file.toFile());
        } catch (CouldNotLoadRecordingException e) {
            throw new IOException("JMC cannot read " + file + ": " + e.getMessage(), e);
        }
        List<RuleResult> results = new ArrayList<>();
        for (IRule rule : ALL) {
            RunnableFuture<IResult> evaluation = rule.createEvaluation(items,
                    IPreferenceValueProvider.DEFAULT_VALUES, new ResultProvider());
            evaluation.run();
            try {
                IResult r = evaluation.get();
                results.add(new RuleResult(rule.getName(), r.getSeverity().name(), r.getSummary(),
                        r.getExplanation()));
            } catch (InterruptedException | ExecutionException e) {
                results.add(new RuleResult(rule.getName(), "Error", String.valueOf(e.getCause()), ""));
            }
        }
        return results;
    }
}
