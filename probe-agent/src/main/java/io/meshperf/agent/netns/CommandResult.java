package io.meshperf.agent.netns;

import java.util.List;

/**
 * What one finished command printed and how it exited. Immutable.
 *
 * @param command the argument list that was run, program first
 * @param exitCode the process's exit status
 * @param stdout everything it wrote to standard output
 * @param stderr everything it wrote to standard error
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    /** True when the command exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * Returns this result when the command succeeded.
     *
     * @throws CommandFailedException naming the command, its exit status and its stderr otherwise
     */
    public CommandResult requireSuccess() {
        if (!succeeded()) {
            throw new CommandFailedException(this);
        }
        return this;
    }
}
