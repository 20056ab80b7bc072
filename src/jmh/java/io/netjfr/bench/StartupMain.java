package io.netjfr.bench;

/**
 * The trivial main of scripts/bench's startup section: the JVM's start and exit are all
 * there is to time, so what the agent adds to them shows in full.
 */
public final class StartupMain {
    private StartupMain() {
    }

    public static void main(String[] args) {
        System.out.println("started");
    }
}
