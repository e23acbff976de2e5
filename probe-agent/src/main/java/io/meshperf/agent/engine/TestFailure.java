package io.meshperf.agent.engine;

import io.meshperf.schemas.Status;
import java.util.Objects;

/**
 * A test that could not produce figures, with the status and the reason a result will carry. Thrown
 * inside the engine and turned into a result at its edge; callers never see it.
 */
public final class TestFailure extends Exception {

    private static final long serialVersionUID = 1L;
    private final Status status;
    private final boolean fromPeer;

    public TestFailure(Status status, String reason) {
        this(status, reason, false);
    }

    private TestFailure(Status status, String reason, boolean fromPeer) {
        super(reason);
        this.status = Objects.requireNonNull(status, "status");
        this.fromPeer = fromPeer;
    }

    /**
     * The peer reported an error through qperf's error path. Texts starting with "refused:" are a
     * meshperf server's limits; everything else is an error.
     */
    public static TestFailure fromPeer(String text) {
        Status s = text.startsWith(ServerMessages.REFUSED_PREFIX) ? Status.REFUSED : Status.ERROR;
        return new TestFailure(s, text, true);
    }

    public Status status() {
        return status;
    }

    /** Whether the text came from the peer (qperf prints those as "server: TEXT" on stderr). */
    public boolean fromPeer() {
        return fromPeer;
    }
}
