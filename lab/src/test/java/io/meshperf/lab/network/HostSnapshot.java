package io.meshperf.lab.network;

import io.meshperf.agent.netns.CommandRunner;
import io.meshperf.agent.netns.Leftovers;
import io.meshperf.agent.netns.ProcessCommandRunner;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the root namespace holds that a lab could leave behind: namespaces, root interfaces and the
 * root's iptables rules in every table, for IPv4 and, where {@code ip6tables} is installed, IPv6.
 * Used by the integration tests to compare before and after.
 *
 * @param namespaces every namespace name
 * @param rootLinks every root-namespace interface name
 * @param rootRules {@code iptables -S} (and {@code ip6tables -S}) of the filter, nat, mangle and raw tables
 */
public record HostSnapshot(List<String> namespaces, List<String> rootLinks, List<String> rootRules) {

    private static final CommandRunner RUNNER = new ProcessCommandRunner();
    private static final List<String> TABLES = List.of("filter", "nat", "mangle", "raw");

    public static HostSnapshot take() {
        List<String> rules = new ArrayList<>();
        List<String> tools = new ArrayList<>(List.of("iptables"));
        if (onPath("ip6tables")) {
            tools.add("ip6tables");
        }
        for (String tool : tools) {
            for (String table : TABLES) {
                rules.addAll(RUNNER.check(List.of(tool, "-w", "-t", table, "-S")).stdout().lines()
                        .map(l -> tool + " " + table + ": " + l).toList());
            }
        }
        return new HostSnapshot(Leftovers.namespaces(RUNNER), Leftovers.rootLinks(RUNNER), rules);
    }

    /** The namespaces and root interfaces whose names start with {@code prefix}. */
    public List<String> named(String prefix) {
        List<String> found = new ArrayList<>();
        namespaces.stream().filter(n -> n.startsWith(prefix)).forEach(found::add);
        rootLinks.stream().filter(n -> n.startsWith(prefix)).forEach(found::add);
        return found;
    }

    static CommandRunner runner() {
        return RUNNER;
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
