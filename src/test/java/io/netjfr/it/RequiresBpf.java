package io.netjfr.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class needs root (or CAP_BPF and CAP_PERFMON) to load BPF programs: without,
 * its tests are skipped, or fail with CI=true. Checked before the class's own @BeforeAll
 * methods, which may start servers or recordings.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresBpf.Check.class)
@interface RequiresBpf {
    final class Check implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            boolean privileged = io.netjfr.bpf.Preflight.hasBpfPrivileges();
            if (Jvm.Ci.required()) {
                if (!privileged) {
                    throw new AssertionError("CI=true: the integration tests need root to load BPF programs");
                }
            } else {
                Assumptions.assumeTrue(privileged, "needs root to load BPF programs");
            }
        }
    }
}
