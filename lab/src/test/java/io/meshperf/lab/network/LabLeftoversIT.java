package io.meshperf.lab.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshperf.agent.netns.CommandFailedException;
import io.meshperf.agent.netns.NamespacedProcess;
import io.meshperf.lab.Main;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cleanup when things go wrong (root only; skipped elsewhere): a build that fails halfway removes
 * what it built and nothing else, and {@code clean} removes what a killed lab left while leaving a
 * running lab alone.
 */
class LabLeftoversIT {

    private static final Pattern HOLDING = Pattern.compile("holding lab (mpl[0-9a-f]{4})");
    private static final Duration GONE = Duration.ofSeconds(10);

    @BeforeEach
    void requireRoot() {
        assumeTrue(LabNetwork.whyNotSupported().isEmpty(), () -> "namespace labs not supported here: "
                + LabNetwork.whyNotSupported().orElse(""));
    }

    @Test
    void aBuildFailingHalfwayRemovesWhatItBuiltAndNothingElse() {
        String prefix = LabNetwork.randomPrefix();
        String squatter = prefix + "-n2";
        // Node 2's namespace already exists, so the build fails after the switch, the root leg and node 1.
        HostSnapshot.runner().check(List.of("ip", "netns", "add", squatter));
        try {
            assertThatThrownBy(() -> LabNetwork.build(LabNetworkSpec.defaults(), prefix))
                    .isInstanceOf(CommandFailedException.class)
                    .hasMessageContaining("ip netns add " + squatter);
            await().atMost(GONE).untilAsserted(() -> assertThat(HostSnapshot.take().named(prefix))
                    .containsExactly(squatter));
        } finally {
            HostSnapshot.runner().check(List.of("ip", "netns", "del", squatter));
        }
    }

    @Test
    void cleanRemovesWhatAKilledLabLeftAndLeavesARunningLabAlone() throws Exception {
        List<String> command = new ArrayList<>(NetworkCheck.javaCommand());
        // The same JVM and class path, running the lab's own command line instead of the probe.
        command.set(command.size() - 1, Main.class.getName());
        command.addAll(List.of("network", "--nodes", "2", "--no-check", "--hold", "600"));
        NamespacedProcess child = NamespacedProcess.startHere("lab-to-kill", command);
        String killed;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> holding(child).isPresent() || !child.isAlive());
            killed = holding(child).orElseThrow(() -> new AssertionError("the lab did not come up: " + child.stdout()
                    + child.stderr()));
        } finally {
            // SIGKILL: neither close() nor the shutdown hook runs, as when a JVM dies.
            ProcessHandle.of(child.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        await().atMost(GONE).until(() -> !child.isAlive());
        assertThat(HostSnapshot.take().named(killed)).contains(killed + "-sw", killed + "-n1", killed + "-n2-p1",
                killed + "host");

        try (LabNetwork running = LabNetwork.build(LabNetworkSpec.defaults().withNodes(1))) {
            LabLeftovers.Result result = LabLeftovers.cleanAll(HostSnapshot.runner());
            assertThat(result.removed()).contains(killed + "-sw", killed + "-n1", killed + "-n2", killed + "-n1-p1");
            assertThat(result.running()).contains(running.prefix());
            assertThat(HostSnapshot.take().named(running.prefix())).contains(running.prefix() + "-sw",
                    running.prefix() + "-n1");
            // Named explicitly, a running lab is still refused without force.
            assertThat(LabLeftovers.clean(HostSnapshot.runner(), running.prefix(), false).removed()).isEmpty();
        }
        await().atMost(GONE).untilAsserted(() -> assertThat(HostSnapshot.take().named(killed)).isEmpty());
    }

    private static Optional<String> holding(NamespacedProcess process) {
        for (String line : process.stdoutLines()) {
            Matcher m = HOLDING.matcher(line);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
