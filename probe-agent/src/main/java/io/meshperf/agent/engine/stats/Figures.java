package io.meshperf.agent.engine.stats;

/**
 * The combined figures a qperf client prints, computed from its own record (L) and the server's
 * STAT (R) exactly as section 8.3 of the protocol notes says. Pure.
 *
 * @param latency   seconds (half a round trip for the latency tests)
 * @param msgRate   messages per second
 * @param sendBw    bytes per second
 * @param recvBw    bytes per second
 * @param sendCost  seconds of machine CPU per 10^9 bytes
 * @param recvCost  seconds of machine CPU per 10^9 bytes
 * @param sendRecvBlock whether qperf shows its send_/recv_ CPU block (otherwise loc_/rem_)
 */
public record Figures(double latency, double msgRate, double sendBw, double recvBw, double sendCost,
                      double recvCost, NodeFigures local, NodeFigures remote, boolean sendRecvBlock,
                      boolean localIsSender) {

    public static Figures compute(NodeRecord l, NodeRecord r) {
        NodeFigures lf = NodeFigures.of(l);
        NodeFigures rf = NodeFigures.of(r);
        Traffic ls = l.sent();
        Traffic lr = l.received();
        Traffic rs = r.sent();
        Traffic rr = r.received();
        double lt = lf.timeReal();
        double rt = rf.timeReal();
        double mt = (lt + rt) / 2;
        long recvMsgs = lr.msgs() + rr.msgs();
        double latency = recvMsgs == 0 ? 0 : lt / recvMsgs;
        boolean localSends = ls.bytes() > 0 && lr.bytes() == 0 && rs.bytes() == 0 && rr.bytes() > 0;
        boolean remoteSends = rs.bytes() > 0 && rr.bytes() == 0 && ls.bytes() == 0 && lr.bytes() > 0;
        boolean block = localSends || remoteSends;
        if (lt == 0 || rt == 0) {
            return new Figures(latency, 0, 0, 0, 0, 0, lf, rf, block, !remoteSends);
        }
        double msgRate;
        if (rr.msgs() == 0) {
            msgRate = lr.msgs() / rt;
        } else if (lr.msgs() == 0) {
            msgRate = rr.msgs() / lt;
        } else {
            msgRate = (lr.msgs() + rr.msgs()) / mt;
        }
        double sendBw = combine(ls.bytes(), lt, rs.bytes(), rt, mt);
        double recvBw = combine(lr.bytes(), lt, rr.bytes(), rt, mt);
        double sendCost = 0;
        if (ls.bytes() > 0 && lr.bytes() == 0 && rs.bytes() == 0) {
            sendCost = lf.timeCpu() * 1e9 / ls.bytes();
        } else if (rs.bytes() > 0 && rr.bytes() == 0 && ls.bytes() == 0) {
            sendCost = rf.timeCpu() * 1e9 / rs.bytes();
        }
        double recvCost = 0;
        if (rr.bytes() > 0 && rs.bytes() == 0 && lr.bytes() == 0) {
            recvCost = rf.timeCpu() * 1e9 / rr.bytes();
        } else if (lr.bytes() > 0 && ls.bytes() == 0 && rr.bytes() == 0) {
            recvCost = lf.timeCpu() * 1e9 / lr.bytes();
        }
        return new Figures(latency, msgRate, sendBw, recvBw, sendCost, recvCost, lf, rf, block, !remoteSends);
    }

    private static double combine(long local, double lt, long remote, double rt, double mt) {
        if (remote == 0) {
            return local / lt;
        }
        if (local == 0) {
            return remote / rt;
        }
        return (local + remote) / mt;
    }
}
