package io.netjfr.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.netjfr.agent.AgentOptions;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The Attach API calls of {@code attach}, apart from the command so that the other commands
 * still run on a runtime without the jdk.attach module (a jlink'd image, a JRE).
 */
final class AgentLoader {
    private AgentLoader() {
    }

    /**
     * Loads the agent with {@code options} unless the JVM already runs it (it says so in the
     * system property {@link AgentOptions#LOADED_PROPERTY}): then nothing is loaded, and the
     * result is the options it runs with. Null when this call loaded it.
     */
    static String load(long pid, Path jar, String options, String target) throws Failure {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                String loaded = vm.getSystemProperties().getProperty(AgentOptions.LOADED_PROPERTY);
                if (loaded == null) {
                    vm.loadAgent(jar.toString(), options.isEmpty() ? null : options);
                }
                return loaded;
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException e) {
            throw new Failure("failed to attach to " + target + ": " + e.getMessage(), e);
        } catch (AgentLoadException | AgentInitializationException e) {
            throw new Failure("the agent failed to start in " + target + ": " + e.getMessage(), e);
        }
    }
}
