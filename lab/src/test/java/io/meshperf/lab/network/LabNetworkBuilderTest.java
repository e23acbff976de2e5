package io.meshperf.lab.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.agent.netns.CommandFailedException;
import io.meshperf.agent.netns.CommandResult;
import io.meshperf.agent.netns.CommandRunner;
import io.meshperf.agent.netns.VirtualNetwork;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The commands a build issues and the order teardown removes things in, without root. */
class LabNetworkBuilderTest {

    private static final String P = "mpl0abc";

    /** Records commands; answers the VXLAN MAC query; fails commands containing {@code failOn}. */
    private static final class Recorder implements CommandRunner {
        final List<String> commands = new ArrayList<>();
        private final String failOn;
        private String underlayAddresses = "";

        Recorder(String failOn) {
            this.failOn = failOn;
        }

        @Override
        public CommandResult run(List<String> command, String stdin) {
            String line = String.join(" ", command);
            commands.add(line);
            if (failOn != null && line.contains(failOn)) {
                return new CommandResult(command, 2, "", "RTNETLINK answers: File exists");
            }
            if (line.startsWith("ip -4 -o addr show to ")) {
                return new CommandResult(command, 0, underlayAddresses, "");
            }
            if (line.contains("-br link show dev " + P + "vxlan.1")) {
                String node = command.get(2).substring(P.length() + 2);
                return new CommandResult(command, 0, P + "vxlan.1 UNKNOWN 0a:00:00:00:00:0" + node + " <UP>\n", "");
            }
            return new CommandResult(command, 0, "", "");
        }

        List<String> from(String marker) {
            for (int i = 0; i < commands.size(); i++) {
                if (commands.get(i).contains(marker)) {
                    return commands.subList(i, commands.size());
                }
            }
            throw new AssertionError("no command containing '" + marker + "' in " + commands);
        }
    }

    @Test
    void buildsFlannelsOverlayAndKubeProxysRulesOnEveryNode() {
        Recorder runner = new Recorder(null);
        VirtualNetwork net = VirtualNetwork.create(P, runner);
        LabMap plan = AddressPlan.plan(LabNetworkSpec.defaults().withNodes(2), P, 5);
        LabMap built = new LabNetworkBuilder(net, runner, LabNetworkSpec.defaults().withNodes(2)).build(plan, "tag");

        assertThat(built.node(1).vtepMac()).isEqualTo("0a:00:00:00:00:01");
        assertThat(runner.commands).contains(
                "ip link add " + P + "host mtu 1500 type veth peer name " + P + "swhost netns " + P + "-sw mtu 1500",
                "ip addr add 10.99.5.1/24 dev " + P + "host",
                "ip -n " + P + "-sw link set " + P + "br0 alias tag",
                "ip netns exec " + P + "-n1 sysctl -qw net.ipv4.ip_forward=1",
                "ip -n " + P + "-n1 route add 10.96.0.0/12 dev " + P + "eth0",
                "ip -n " + P + "-n1 link add " + P + "veth1 mtu 1450 type veth peer name " + P + "eth0 netns " + P
                        + "-n1-p1 mtu 1450",
                "bridge -n " + P + "-n1 link set dev " + P + "veth1 hairpin on",
                "ip -n " + P + "-n1-p1 route add default via 10.244.1.1 dev " + P + "eth0",
                "ip -n " + P + "-n2 link add " + P + "vxlan.1 type vxlan id 1 local 10.99.5.12 dev " + P
                        + "eth0 dstport 8472 nolearning",
                "ip -n " + P + "-n2 link set " + P + "vxlan.1 mtu 1450",
                "ip -n " + P + "-n2 addr add 10.244.2.0/32 dev " + P + "vxlan.1",
                "ip -n " + P + "-n1 route add 10.244.2.0/24 via 10.244.2.0 dev " + P + "vxlan.1 onlink",
                "ip -n " + P + "-n1 neigh replace 10.244.2.0 lladdr 0a:00:00:00:00:02 dev " + P
                        + "vxlan.1 nud permanent",
                "bridge -n " + P + "-n1 fdb replace 0a:00:00:00:00:02 dev " + P + "vxlan.1 dst 10.99.5.12 self permanent",
                "bridge -n " + P + "-n2 fdb replace 0a:00:00:00:00:01 dev " + P + "vxlan.1 dst 10.99.5.11 self permanent");
        assertThat(runner.commands).filteredOn(c -> c.contains("iptables-restore --noflush")).hasSize(4);
        // Nothing but the leg is created, addressed or changed in the root namespace.
        assertThat(runner.commands).filteredOn(c -> c.startsWith("ip link") || c.startsWith("ip addr")
                || c.startsWith("ip route")).allMatch(c -> c.contains(P + "host"));
    }

    @Test
    void teardownRemovesPodsBeforeTheirNodeAndTheRootLegBeforeTheSwitch() {
        Recorder runner = new Recorder(null);
        VirtualNetwork net = VirtualNetwork.create(P, runner);
        LabMap plan = AddressPlan.plan(LabNetworkSpec.defaults().withNodes(2), P, 5);
        new LabNetworkBuilder(net, runner, LabNetworkSpec.defaults().withNodes(2)).build(plan, "tag");
        int built = runner.commands.size();
        net.close();
        List<String> deletions = runner.commands.subList(built, runner.commands.size()).stream()
                .filter(c -> c.startsWith("ip netns del") || c.startsWith("ip link del")).toList();
        assertThat(deletions).containsExactly("ip netns del " + P + "-n2-p1", "ip netns del " + P + "-n2",
                "ip netns del " + P + "-n1-p1", "ip netns del " + P + "-n1", "ip link del " + P + "host",
                "ip netns del " + P + "-sw");
    }

    @Test
    void aFailedStepLeavesEverythingBuiltSoFarRegisteredForRemoval() {
        Recorder runner = new Recorder("ip netns add " + P + "-n2");
        VirtualNetwork net = VirtualNetwork.create(P, runner);
        LabMap plan = AddressPlan.plan(LabNetworkSpec.defaults(), P, 5);
        LabNetworkBuilder builder = new LabNetworkBuilder(net, runner, LabNetworkSpec.defaults());
        assertThatThrownBy(() -> builder.build(plan, "tag")).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("ip netns add " + P + "-n2");
        net.close();
        assertThat(runner.from("ip netns add " + P + "-n2")).filteredOn(c -> c.contains(" del "))
                .containsExactly("ip netns del " + P + "-n1-p1", "ip netns del " + P + "-n1", "ip link del " + P + "host",
                        "ip netns del " + P + "-sw");
    }

    @Test
    void anUnderlayTakenByAnotherInterfaceMeanwhileFailsTheBuild() {
        Recorder runner = new Recorder(null);
        runner.underlayAddresses = "7: " + P + "host    inet 10.99.5.1/24 scope global " + P + "host\n"
                + "9: mplffffhost@if2    inet 10.99.5.1/24 scope global mplffffhost\n";
        VirtualNetwork net = VirtualNetwork.create(P, runner);
        LabMap plan = AddressPlan.plan(LabNetworkSpec.defaults(), P, 5);
        assertThatThrownBy(() -> new LabNetworkBuilder(net, runner, LabNetworkSpec.defaults()).build(plan, "tag"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("taken by [mplffffhost]");
    }
}
