package io.netjfr.analyze.rules;

import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.AbstractRule;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IResultValueProvider;
import org.openjdk.jmc.flightrecorder.rules.ResultBuilder;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit.EventAvailability;

import java.util.List;
import java.util.Map;

/** A rule over netjfr events: JMC's AbstractRule with the topic and result plumbing in one place. */
abstract class NetjfrRule extends AbstractRule {
    static final String TOPIC = "netjfr";

    NetjfrRule(String id, String name, String requiredEvent) {
        super(id, name, TOPIC, List.of(), List.of(), Map.of(requiredEvent, EventAvailability.AVAILABLE));
    }

    /** The verdict over this recording's items. */
    abstract Verdict judge(IItemCollection items);

    record Verdict(Severity severity, String summary, String explanation) {
        static Verdict ok(String summary) {
            return new Verdict(Severity.OK, summary, "");
        }
    }

    @Override
    protected IResult getResult(IItemCollection items, IPreferenceValueProvider preferences,
            IResultValueProvider dependencies) {
        Verdict v = judge(items);
        return ResultBuilder.createFor(this, preferences).setSeverity(v.severity()).setSummary(v.summary())
                .setExplanation(v.explanation()).build();
    }
}
