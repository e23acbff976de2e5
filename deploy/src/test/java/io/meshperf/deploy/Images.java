package io.meshperf.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The container build files, read as lines of instructions (continuations joined). */
final class Images {

    /** The unprivileged user the images run as and the manifests require. */
    static final long USER = 10001;
    static final Path AGENT = Path.of("images/agent/Containerfile");
    static final Path COORDINATOR = Path.of("images/coordinator/Containerfile");

    private Images() {
    }

    /** Instructions of {@code file}: comments dropped, continued lines joined. */
    static List<String> instructions(Path file) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        try {
            for (String line : Files.readAllLines(file)) {
                String t = line.strip();
                if (t.startsWith("#") || (t.isEmpty() && current.isEmpty())) {
                    continue;
                }
                if (t.endsWith("\\")) {
                    current.append(t, 0, t.length() - 1).append(' ');
                } else {
                    current.append(t);
                    out.add(current.toString().replaceAll("\\s+", " "));
                    current.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Arguments of the only instruction {@code keyword} in {@code file}. */
    static String only(Path file, String keyword) {
        List<String> found = instructions(file).stream().filter(i -> i.startsWith(keyword + " "))
                .map(i -> i.substring(keyword.length() + 1)).toList();
        if (found.size() != 1) {
            throw new AssertionError(file + ": expected one " + keyword + ", found " + found);
        }
        return found.get(0);
    }

    /** Source paths of COPY instructions, relative to the repository root (the build context). */
    static List<String> copied(Path file) {
        List<String> out = new ArrayList<>();
        for (String i : instructions(file)) {
            if (i.startsWith("COPY ")) {
                String[] words = i.substring(5).split(" ");
                for (int w = 0; w < words.length - 1; w++) {
                    if (!words[w].startsWith("--")) {
                        out.add(words[w]);
                    }
                }
            }
        }
        return out;
    }

    /** Port and path of the HEALTHCHECK's URL. */
    static Matcher healthUrl(Path file) {
        Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)(/\\S*)").matcher(only(file, "HEALTHCHECK"));
        if (!m.find()) {
            throw new AssertionError(file + ": HEALTHCHECK has no local URL");
        }
        return m;
    }
}
