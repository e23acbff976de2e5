package io.meshperf.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualNetworkTest {

    @Test
    void buildsWithPrefixedNamesInsideNamespaces() {
        RecordingRunner runner = new RecordingRunner();
        try (VirtualNetwork net = VirtualNetwork.create("mpttest", runner)) {
            Namespace a = net.namespace("a");
            Namespace b = net.namespace("b");
            List<Link> ends = net.veth(a, "x", b, "y", 1450);
            net.address(ends.get(0), "10.1.0.1/24");
            net.sysctl(a, "net.ipv4.ip_forward", "1");
            net.shapeTbf(ends.get(0), "200mbit", "64kb", "50ms");
        }
        assertThat(runner.commands()).startsWith(
                "ip netns add mpttest-a",
                "ip -n mpttest-a link set lo up",
                "ip netns add mpttest-b",
                "ip -n mpttest-b link set lo up",
                "ip -n mpttest-a link add mpttestx mtu 1450 type veth peer name mpttesty netns mpttest-b mtu 1450",
                "ip -n mpttest-a link set mpttestx up",
                "ip -n mpttest-b link set mpttesty up",
                "ip -n mpttest-a addr add 10.1.0.1/24 dev mpttestx",
                "ip netns exec mpttest-a sysctl -qw net.ipv4.ip_forward=1",
                "tc -n mpttest-a qdisc add dev mpttestx root tbf rate 200mbit burst 64kb latency 50ms");
    }

    @Test
    void closeRemovesInReverseOrderProcessesFirst() {
        RecordingRunner runner = new RecordingRunner();
        VirtualNetwork net = VirtualNetwork.create("mpttest", runner);
        Namespace a = net.namespace("a");
        net.veth(Namespace.root(), "h", a, "a", 0);
        net.namespace("b");
        net.close();
        net.close();
        assertThat(runner.from("ip netns pids mpttest-b")).containsExactly(
                "ip netns pids mpttest-b",
                "ip netns del mpttest-b",
                "ip link show dev mpttesth",
                "ip link del mpttesth",
                "ip netns pids mpttest-a",
                "ip netns del mpttest-a");
    }

    @Test
    void failureHalfWayLeavesWhatWasBuiltRegisteredForClose() {
        RecordingRunner runner = new RecordingRunner(command -> command.contains("link add mpttestbr"));
        VirtualNetwork net = VirtualNetwork.create("mpttest", runner);
        Namespace sw = net.namespace("sw");
        assertThatThrownBy(() -> net.bridge(sw, "br"))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("exit 2")
                .hasMessageContaining("ip -n mpttest-sw link add mpttestbr type bridge")
                .hasMessageContaining("RTNETLINK answers: File exists");
        net.close();
        assertThat(runner.commands()).endsWith("ip netns pids mpttest-sw", "ip netns del mpttest-sw");
    }

    @Test
    void everyCleanupIsAttemptedWhenOneFails() {
        RecordingRunner runner = new RecordingRunner(command -> command.equals("ip netns del mpttest-b"));
        VirtualNetwork net = VirtualNetwork.create("mpttest", runner);
        net.namespace("a");
        net.namespace("b");
        assertThatThrownBy(net::close).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("ip netns del mpttest-b");
        assertThat(runner.commands()).endsWith("ip netns pids mpttest-a", "ip netns del mpttest-a");
    }

    @Test
    void refusesWhatWouldOutliveTheNetwork() {
        VirtualNetwork net = VirtualNetwork.create("mpttest", new RecordingRunner());
        Namespace foreign = new Namespace("someone-else");
        assertThatThrownBy(() -> net.sysctl(Namespace.root(), "net.ipv4.ip_forward", "1"))
                .hasMessageContaining("root namespace is refused");
        assertThatThrownBy(() -> net.iptables(Namespace.root(), "-L"))
                .hasMessageContaining("root namespace is refused");
        assertThatThrownBy(() -> net.up(new Link(Namespace.root(), "eth0")))
                .hasMessageContaining("eth0 was not created");
        assertThatThrownBy(() -> net.bridge(foreign, "br"))
                .hasMessageContaining("someone-else was not created");
        net.close();
        assertThatThrownBy(() -> net.namespace("late")).hasMessageContaining("closed");
    }

    @Test
    void rejectsBadNames() {
        VirtualNetwork net = VirtualNetwork.create("mpttest", new RecordingRunner());
        assertThatThrownBy(() -> net.linkName("toolong12"))
                .hasMessageContaining("'mpttesttoolong12' has 16")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> net.linkName("waytoolong"))
                .hasMessageContaining("at most 15");
        assertThatThrownBy(() -> net.namespace("bad name")).hasMessageContaining("invalid namespace name");
        assertThatThrownBy(() -> net.sysctl(net.namespace("a"), "net.ipv4.ip_forward", "1 2"))
                .hasMessageContaining("invalid value");
        assertThatThrownBy(() -> VirtualNetwork.create("Bad", new RecordingRunner()))
                .hasMessageContaining("invalid name prefix 'Bad'");
        net.close();
    }

    @Test
    void randomPrefixesFitInterfaceNames() {
        String prefix = VirtualNetwork.randomPrefix("mpt");
        assertThat(prefix).matches("mpt[0-9a-f]{5}");
        assertThat(Link.MAX_NAME_LENGTH - prefix.length()).isEqualTo(7);
    }
}
