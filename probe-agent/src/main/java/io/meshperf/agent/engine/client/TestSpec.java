package io.meshperf.agent.engine.client;

import io.meshperf.agent.engine.wire.Request;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.schemas.ProtocolMode;
import java.util.Objects;

/**
 * One test to run against one peer, with qperf's options (section 2.2 of the protocol notes).
 * Immutable; build with {@link #builder(TestKind, String)}, which fills qperf's defaults.
 */
public record TestSpec(TestKind kind, String host, int port, ProtocolMode mode, int timeSec, int msgSize,
                       int timeoutSec, int waitServerSec, int dataPort, int remoteSockBuf, int accessRecv,
                       int remoteAffinity, int flip, int noMsgs, boolean askIdentity) {

    public TestSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(mode, "mode");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        if (dataPort < 0 || dataPort > 65535) {
            throw new IllegalArgumentException("data port must be 0..65535, got " + dataPort);
        }
        if (timeSec < 0 || msgSize < 0 || timeoutSec <= 0 || waitServerSec < 0) {
            throw new IllegalArgumentException("time, message size and wait must be >= 0 and timeout > 0");
        }
    }

    /** The REQ a stock client would send for this spec, marked for meshperf peers when asked. */
    public Request request() {
        String id = mode == ProtocolMode.SINGLE_FLOW ? Request.Marker.SINGLE_FLOW
                : askIdentity ? Request.Marker.IDENT : "";
        return new Request(Request.VER_MAJ, Request.VER_MIN, Request.VER_INC, kind.index(), accessRecv,
                remoteAffinity, flip, msgSize, noMsgs, dataPort, remoteSockBuf, timeSec, timeoutSec, id);
    }

    public static Builder builder(TestKind kind, String host) {
        return new Builder(kind, host);
    }

    /** Builder with qperf's defaults: port 19765, 2 s, the test's message size, 5 s timeouts. */
    public static final class Builder {
        private final TestKind kind;
        private final String host;
        private int port = 19765;
        private ProtocolMode mode = ProtocolMode.QPERF;
        private int timeSec = 2;
        private int msgSize = -1;
        private int timeoutSec = 5;
        private int waitServerSec = 5;
        private int dataPort;
        private int remoteSockBuf;
        private int accessRecv;
        private int remoteAffinity;
        private int flip;
        private int noMsgs;
        private boolean askIdentity = true;

        private Builder(TestKind kind, String host) {
            this.kind = kind;
            this.host = host;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder mode(ProtocolMode v) {
            mode = v;
            return this;
        }

        public Builder timeSec(int v) {
            timeSec = v;
            return this;
        }

        /** Message size in bytes; when never set, the test's default (conf and quit: 0). */
        public Builder msgSize(int v) {
            msgSize = v;
            return this;
        }

        public Builder timeoutSec(int v) {
            timeoutSec = v;
            return this;
        }

        public Builder waitServerSec(int v) {
            waitServerSec = v;
            return this;
        }

        public Builder dataPort(int v) {
            dataPort = v;
            return this;
        }

        public Builder remoteSockBuf(int v) {
            remoteSockBuf = v;
            return this;
        }

        public Builder accessRecv(int v) {
            accessRecv = v;
            return this;
        }

        public Builder remoteAffinity(int v) {
            remoteAffinity = v;
            return this;
        }

        public Builder flip(int v) {
            flip = v;
            return this;
        }

        public Builder noMsgs(int v) {
            noMsgs = v;
            return this;
        }

        public Builder askIdentity(boolean v) {
            askIdentity = v;
            return this;
        }

        public TestSpec build() {
            return new TestSpec(kind, host, port, mode, timeSec, msgSize < 0 ? kind.defaultMsgSize() : msgSize,
                    timeoutSec, waitServerSec, dataPort, remoteSockBuf, accessRecv, remoteAffinity, flip, noMsgs,
                    askIdentity);
        }
    }
}
