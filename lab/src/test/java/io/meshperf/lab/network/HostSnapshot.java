package io.meshperf.lab.network;

import io.meshperf.agent.netns.CommandRunner;
import io.meshperf.agent.netns.Leftovers;
import io.meshperf.agent.netns.ProcessCommandRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * What the root namespace holds that a lab could leave behind: namespaces, root interfaces and the
 * root's iptables rules in every table. Used by the integration tests to compare before and after.
 *
 * @param namespaces every namespace name
 * @param rootLinks every root-namespace interface name
 * @param rootRules {@code iptables -S} of the filter, nat, mangle and raw tables
 */
record HostSnapshot(List<String> namespaces, List<String> rootLinks, List<String> rootRules) {

    private static final CommandRunner RUNNER = new ProcessCommandRunner();

    static HostSnapshot take() {
        List<String> rules = new ArrayList<>();
        for (String table : List.of("filter", "nat", "mangle", "raw")) {
            rules.addAll(RUNNER.check(List.of("iptables", "-w", "-t", table, "-S")).stdout().lines()
                    .map(l -> table + ": " + l).toList());
        }
        return new HostSnapshot(Leftovers.namespaces(RUNNER), Leftovers.rootLinks(RUNNER), rules);
    }

    /** The namespaces and root interfaces whose names start with {@code prefix}. */
    List<String> named(String prefix) {
        List<String> found = new ArrayList<>();
        namespaces.stream().filter(n -> n.startsWith(prefix)).forEach(found::add);
        rootLinks.stream().filter(n -> n.startsWith(prefix)).forEach(found::add);
        return found;
    }

    static CommandRunner runner() {
        return RUNNER;
    }
}
