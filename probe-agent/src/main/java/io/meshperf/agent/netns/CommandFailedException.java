package io.meshperf.agent.netns;

import java.util.List;

/**
 * A command that builds or tears down a virtual network failed: it exited with a non-zero status,
 * timed out, or could not be started. The message names the whole command line and what it printed
 * on standard error, so the failure can be reproduced by hand.
 */
public final class CommandFailedException extends RuntimeException {

    private final transient CommandResult result;

    CommandFailedException(CommandResult result) {
        super("command failed (exit " + result.exitCode() + "): " + String.join(" ", result.command())
                + describe(result.stderr()));
        this.result = result;
    }

    CommandFailedException(List<String> command, String reason, Throwable cause) {
        super("command failed: " + String.join(" ", command) + ": " + reason, cause);
        this.result = null;
    }

    /** The finished command, or null when it could not be started or did not finish in time. */
    public CommandResult result() {
        return result;
    }

    private static String describe(String stderr) {
        String trimmed = stderr == null ? "" : stderr.strip();
        return trimmed.isEmpty() ? " (no stderr)" : ": " + trimmed;
    }
}
