package io.meshperf.agent.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The two programs compared: the stock {@code qperf} binary and meshperf's {@code qperf} command. */
public enum Implementation {
    QPERF("qperf"),
    MESHPERF("meshperf");

    private final String label;

    Implementation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The command that starts a server listening for control connections on {@code port}. */
    public List<String> serverCommand(int port) {
        List<String> command = program();
        command.addAll(List.of("-lp", Integer.toString(port)));
        return command;
    }

    /**
     * The client command running {@code tests} against {@code host:port}, each for {@code seconds},
     * verbose ({@code -v}) so that the CPU figures are printed.
     */
    public List<String> clientCommand(String host, int port, int seconds, List<String> tests) {
        List<String> command = program();
        command.addAll(List.of("-lp", Integer.toString(port), "-v", "-t", Integer.toString(seconds), host));
        command.addAll(tests);
        return command;
    }

    private List<String> program() {
        if (this == QPERF) {
            return new ArrayList<>(List.of("qperf"));
        }
        // The same classes this JVM runs, so the benchmark measures the build it belongs to.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.meshperf.agent.Main", "qperf"));
    }
}
