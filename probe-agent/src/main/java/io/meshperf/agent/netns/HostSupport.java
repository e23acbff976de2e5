package io.meshperf.agent.netns;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Says whether this machine can build virtual networks: the process runs as root (effective UID
 * 0) and {@code ip}, {@code iptables}, {@code iptables-restore} and {@code tc} are on the PATH.
 * Tests use it in JUnit assumptions, so they are skipped, not failed, elsewhere. Stateless, cheap,
 * never throws.
 */
public final class HostSupport {

    private static final List<String> PROGRAMS = List.of("ip", "iptables", "iptables-restore", "tc");

    private HostSupport() {
    }

    /** True when {@link #missing()} is empty. */
    public static boolean isSupported() {
        return missing().isEmpty();
    }

    /** Why virtual networks cannot be built here, or empty when they can. */
    public static Optional<String> missing() {
        if (!isRoot()) {
            return Optional.of("not running as root (effective UID is not 0)");
        }
        for (String program : PROGRAMS) {
            if (findOnPath(program).isEmpty()) {
                return Optional.of(program + " not found on the PATH");
            }
        }
        return Optional.empty();
    }

    /** True when the effective UID of this process is 0, read from {@code /proc/self/status}. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).strip().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
            return false;
        } catch (IOException e) {
            // No /proc: not Linux, so no network namespaces either.
            return false;
        }
    }

    /** The executable {@code program} as the PATH resolves it. */
    public static Optional<Path> findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
