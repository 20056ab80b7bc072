package io.netjfr.boot;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * The only classes of netjfr.jar on the application's class path. Everything else,
 * JNA and picocli included, lives under {@code NETJFR-INF/classes} and is loaded by an
 * isolated class loader whose parent is the platform loader, so an application that
 * ships its own JNA (or picocli) keeps its version and netjfr keeps its own.
 */
public final class Boot {
    private static final String ISOLATED_ROOT = "NETJFR-INF/classes/";
    private static ClassLoader isolated;

    private Boot() {
    }

    /** {@code -javaagent:netjfr.jar[=options]}. */
    public static void premain(String options, Instrumentation inst) {
        start("io.netjfr.agent.Agent", "premain", options, inst);
    }

    /** Loaded into a running JVM through the Attach API. */
    public static void agentmain(String options, Instrumentation inst) {
        start("io.netjfr.agent.Agent", "agentmain", options, inst);
    }

    /** {@code java -jar netjfr.jar <command>}. */
    public static void main(String[] args) throws Throwable {
        try {
            Class<?> main = loader().loadClass("io.netjfr.cli.Main");
            main.getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void start(String className, String method, String options, Instrumentation inst) {
        try {
            Class<?> agent = loader().loadClass(className);
            agent.getMethod(method, String.class, Instrumentation.class).invoke(null, options, inst);
        } catch (Throwable t) {
            // the application must start whatever happens to the agent
            Throwable cause = t instanceof InvocationTargetException ? t.getCause() : t;
            System.err.println("netjfr: disabled: failed to start the agent: " + cause);
        }
    }

    private static synchronized ClassLoader loader() throws Exception {
        if (isolated == null) {
            URL jar = Boot.class.getProtectionDomain().getCodeSource().getLocation();
            URL root = new URL("jar:" + jar + "!/" + ISOLATED_ROOT);
            isolated = new URLClassLoader("netjfr", new URL[] {root}, ClassLoader.getPlatformClassLoader());
        }
        return isolated;
    }
}
