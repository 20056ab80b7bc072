package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Reading recordings back with jdk.jfr.consumer. */
final class Events {
    private Events() {
    }

    static List<RecordedEvent> read(Path recording, String eventName) throws IOException {
        return RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals(eventName))
                .collect(Collectors.toList());
    }

    static List<RecordedEvent> where(List<RecordedEvent> events, Predicate<RecordedEvent> p) {
        return events.stream().filter(p).collect(Collectors.toList());
    }

    static String javaThreadName(RecordedEvent e) {
        RecordedThread t = e.getThread("javaThread");
        return t == null ? null : t.getJavaName();
    }

    static String describe(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::toString).collect(Collectors.joining("\n"));
    }
}
