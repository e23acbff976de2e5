package io.meshperf.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VirtualNetworkIT {

    private static final CommandRunner RUNNER = new ProcessCommandRunner();

    private List<String> namespacesBefore;
    private List<String> linksBefore;

    @BeforeEach
    void requireRoot() {
        assumeTrue(HostSupport.isSupported(), () -> "virtual networks not supported here: "
                + HostSupport.missing().orElse(""));
        namespacesBefore = Leftovers.namespaces(RUNNER);
        linksBefore = Leftovers.rootLinks(RUNNER);
    }

    @Test
    void twoNamespacesOnAVethReachEachOtherAndLeaveNothing() throws Exception {
        String prefix;
        try (VirtualNetwork net = VirtualNetwork.create()) {
            prefix = net.prefix();
            Namespace a = net.namespace("a");
            Namespace b = net.namespace("b");
            List<Link> ends = net.veth(a, "a0", b, "b0", 0);
            net.address(ends.get(0), "10.251.0.1/24");
            net.address(ends.get(1), "10.251.0.2/24");
            assertThat(Leftovers.namespaces(RUNNER)).contains(a.name(), b.name());

            NamespacedProcess server = net.start(b, "echo-server", java("listen", "7007"));
            await().atMost(Duration.ofSeconds(30)).until(() -> server.stdoutLines().contains("listening 7007"));

            CommandResult ping = net.exec(a, java("ping", "10.251.0.2"));
            assertThat(ping.stdout()).as(ping.stderr()).contains("reachable").doesNotContain("unreachable");
            CommandResult tcp = net.exec(a, java("tcp", "10.251.0.2", "7007"));
            assertThat(tcp.stdout()).as(tcp.stderr()).contains("echo:hello");
            assertThat(ping.exitCode()).isZero();
            assertThat(tcp.exitCode()).isZero();

            long pid = server.pid();
            net.close();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        }
        assertNothingLeft(prefix);
    }

    @Test
    void failureHalfWayThroughABuildStillCleansUp() {
        String prefix;
        try (VirtualNetwork net = VirtualNetwork.create()) {
            prefix = net.prefix();
            Namespace a = net.namespace("a");
            List<Link> ends = net.veth(Namespace.root(), "h", a, "a0", 0);
            net.start(a, "sleeper", List.of("sleep", "600"));
            assertThat(Leftovers.rootLinks(RUNNER)).contains(ends.get(0).name());
            assertThatThrownBy(() -> net.address(ends.get(1), "10.251.0.300/24"))
                    .isInstanceOf(CommandFailedException.class)
                    .hasMessageContaining("ip -n " + a.name() + " addr add 10.251.0.300/24 dev " + ends.get(1).name())
                    .hasMessageContaining("exit 1");
        }
        assertNothingLeft(prefix);
    }

    @Test
    void cleanLeftoversRemovesAnInterruptedRunByPrefix() {
        // A network whose close() never runs, as after SIGKILL: no shutdown hook, never closed.
        VirtualNetwork abandoned = VirtualNetwork.create(VirtualNetwork.randomPrefix("mpt"), RUNNER);
        Namespace a = abandoned.namespace("a");
        abandoned.veth(Namespace.root(), "h", a, "a0", 0);
        abandoned.bridge(a, "br0");
        Namespace b = abandoned.namespace("b");
        NamespacedProcess sleeper = abandoned.start(b, "sleeper", List.of("sleep", "600"));

        List<String> removed = VirtualNetwork.cleanLeftovers(abandoned.prefix());

        assertThat(removed).contains(a.name(), b.name());
        await().atMost(Duration.ofSeconds(10)).until(() -> !sleeper.isAlive());
        assertNothingLeft(abandoned.prefix());
    }

    private void assertNothingLeft(String prefix) {
        // The kernel removes a deleted namespace's devices asynchronously.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<String> namespaces = Leftovers.namespaces(RUNNER);
            List<String> links = Leftovers.rootLinks(RUNNER);
            assertThat(namespaces).noneMatch(n -> n.startsWith(prefix));
            assertThat(links).noneMatch(n -> n.startsWith(prefix));
            // Nothing else was touched (other programs may add their own entries meanwhile).
            assertThat(namespaces).containsAll(namespacesBefore);
            assertThat(links).containsAll(linksBefore);
        });
    }

    static List<String> java(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                NetProbe.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
