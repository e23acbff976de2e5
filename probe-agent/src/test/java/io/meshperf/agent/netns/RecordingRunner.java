package io.meshperf.agent.netns;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A {@link CommandRunner} that records every command and succeeds, except those a predicate fails. */
final class RecordingRunner implements CommandRunner {

    private final List<String> commands = new ArrayList<>();
    private final Predicate<String> fails;

    RecordingRunner(Predicate<String> fails) {
        this.fails = fails;
    }

    RecordingRunner() {
        this(command -> false);
    }

    @Override
    public CommandResult run(List<String> command, String stdin) {
        String line = String.join(" ", command);
        commands.add(line);
        if (fails.test(line)) {
            return new CommandResult(command, 2, "", "RTNETLINK answers: File exists");
        }
        return new CommandResult(command, 0, "", "");
    }

    List<String> commands() {
        return List.copyOf(commands);
    }

    /** The commands recorded after the first one that starts with {@code marker}, inclusive. */
    List<String> from(String marker) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith(marker)) {
                return List.copyOf(commands.subList(i, commands.size()));
            }
        }
        throw new AssertionError("no command starting with '" + marker + "' in " + commands);
    }
}
