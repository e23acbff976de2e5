package io.meshperf.agent.netns;

import java.util.List;

/**
 * Runs one command to completion. The role exists so that the bookkeeping of {@link VirtualNetwork}
 * (what was created, in which order it is removed) can be tested without root; the real
 * implementation is {@link ProcessCommandRunner}.
 *
 * <p>Implementations block the calling thread until the command has exited or timed out, and
 * never go through a shell: the arguments reach the program exactly as given.
 */
public interface CommandRunner {

    /**
     * Runs {@code command} (program first) with {@code stdin} as its standard input (null for
     * none) and returns how it exited; a non-zero exit status is returned, not thrown.
     *
     * @throws CommandFailedException if the program cannot be started or does not finish in time
     */
    CommandResult run(List<String> command, String stdin);

    /** Runs {@code command} with no standard input. */
    default CommandResult run(List<String> command) {
        return run(command, null);
    }

    /**
     * Runs {@code command} and insists on exit status 0.
     *
     * @throws CommandFailedException naming the command and its stderr when it fails
     */
    default CommandResult check(List<String> command) {
        return run(command, null).requireSuccess();
    }
}
