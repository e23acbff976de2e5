package io.meshperf.agent.cli;

import io.meshperf.agent.cli.Units.Formatted;
import io.meshperf.agent.cli.Units.Kind;
import io.meshperf.agent.engine.stats.Figures;
import io.meshperf.agent.engine.stats.NodeFigures;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.stats.Traffic;
import io.meshperf.agent.engine.wire.Conf;
import io.meshperf.agent.engine.wire.TestKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The table qperf prints after a test (sections 10.2 to 10.4 of the protocol notes): which lines at
 * which verbosity, in which order, and the column layout. Pure; returns the lines without the test
 * name line.
 */
public final class QperfTable {

    private record Row(String name, String value, String unit, String alt) {
    }

    private final QperfArgs args;
    private final Units units;
    private final List<Row> rows = new ArrayList<>();

    public QperfTable(QperfArgs args) {
        this.args = args;
        this.units = new Units(args.precision, args.unify, args.bits);
    }

    /** Lines for a finished socket test. */
    public List<String> socketTest(TestKind kind, NodeRecord local, NodeRecord remote, Figures f, int msgSize) {
        rows.clear();
        switch (kind) {
            case TCP_BW -> always("bw", f.recvBw(), Kind.BANDWIDTH);
            case UDP_BW -> {
                always("send_bw", f.sendBw(), Kind.BANDWIDTH);
                always("recv_bw", f.recvBw(), Kind.BANDWIDTH);
            }
            default -> always("latency", f.latency(), Kind.TIME);
        }
        shown(args.stat >= 1, "msg_rate", f.msgRate(), Kind.RATE);
        parameters(kind, msgSize);
        shown(args.time >= 1, "send_cost", f.sendCost(), Kind.COST);
        shown(args.time >= 1, "recv_cost", f.recvCost(), Kind.COST);
        if (f.sendRecvBlock() && !args.forceLocRem) {
            boolean localSends = f.localIsSender();
            NodeRecord sender = localSends ? local : remote;
            NodeRecord receiver = localSends ? remote : local;
            sendRecvBlock("send_", localSends ? f.local() : f.remote(), sender.sent());
            sendRecvBlock("recv_", localSends ? f.remote() : f.local(), receiver.received());
        } else {
            locRemBlock("loc_", f.local(), local);
            locRemBlock("rem_", f.remote(), remote);
        }
        return render();
    }

    /** Lines for conf: local then remote, without units. */
    public List<String> conf(Conf local, Conf remote) {
        rows.clear();
        for (String side : new String[] {"loc_", "rem_"}) {
            Conf c = side.equals("loc_") ? local : remote;
            rows.add(new Row(side + "node", c.node(), null, null));
            rows.add(new Row(side + "cpu", c.cpu(), null, null));
            rows.add(new Row(side + "os", c.os(), null, null));
            rows.add(new Row(side + "qperf", c.qperf(), null, null));
        }
        return render();
    }

    private void parameters(TestKind kind, int msgSize) {
        if (!kind.isLatency()) {
            param("access_recv", args.accessRecv, args.accessRecv, Kind.COUNT);
        }
        param("affinity", args.locAffinity, args.remAffinity, Kind.COUNT);
        param("msg_size", msgSize, msgSize, Kind.SIZE);
        param("port", args.dataPort, args.dataPort, Kind.COUNT);
        param("sock_buf_size", args.locSockBuf, args.remSockBuf, Kind.SIZE);
        param("time", args.timeSec, args.timeSec, Kind.TIME);
        param("timeout", args.locTimeout, args.remTimeout, Kind.TIME);
    }

    private void param(String name, double loc, double rem, Kind kind) {
        boolean show = args.used >= 2 || (args.used >= 1 && args.userSet.contains(name));
        if (!show) {
            return;
        }
        if (loc == rem) {
            shown(true, name, loc, kind);
        } else {
            shown(true, "loc_" + name, loc, kind);
            shown(true, "rem_" + name, rem, kind);
        }
    }

    private void sendRecvBlock(String p, NodeFigures n, Traffic t) {
        cpuLines(p, n);
        shown(args.stat >= 2, p + "errors", t.errs(), Kind.COUNT);
        shown(args.stat >= 2, p + "bytes", t.bytes(), Kind.SIZE);
        shown(args.stat >= 2, p + "msgs", t.msgs(), Kind.COUNT);
    }

    private void locRemBlock(String p, NodeFigures n, NodeRecord r) {
        cpuLines(p, n);
        shown(args.stat >= 2, p + "send_errors", r.sent().errs(), Kind.COUNT);
        shown(args.stat >= 2, p + "recv_errors", r.received().errs(), Kind.COUNT);
        shown(args.stat >= 2, p + "send_bytes", r.sent().bytes(), Kind.SIZE);
        shown(args.stat >= 2, p + "recv_bytes", r.received().bytes(), Kind.SIZE);
        shown(args.stat >= 2, p + "send_msgs", r.sent().msgs(), Kind.COUNT);
        shown(args.stat >= 2, p + "recv_msgs", r.received().msgs(), Kind.COUNT);
    }

    private void cpuLines(String p, NodeFigures n) {
        shown(args.time >= 1, p + "cpus_used", n.cpuTotal(), Kind.CPUS);
        shown(args.time >= 2, p + "cpus_user", n.cpuUser(), Kind.CPUS);
        shown(args.time >= 2, p + "cpus_intr", n.cpuIntr(), Kind.CPUS);
        shown(args.time >= 2, p + "cpus_kernel", n.cpuKernel(), Kind.CPUS);
        shown(args.time >= 2, p + "cpus_iowait", n.cpuIowait(), Kind.CPUS);
        shown(args.time >= 2, p + "real_time", n.timeReal(), Kind.TIME);
        shown(args.time >= 2, p + "cpu_time", n.timeCpu(), Kind.TIME);
    }

    private void always(String name, double v, Kind kind) {
        add(name, units.format(v, kind));
    }

    /** Every class but "always" shows only positive values (section 10.2). */
    private void shown(boolean level, String name, double v, Kind kind) {
        if (level && v > 0) {
            add(name, units.format(v, kind));
        }
    }

    private void add(String name, Formatted f) {
        rows.add(new Row(name, f.value(), f.unit(), f.alt()));
    }

    private List<String> render() {
        int nameWidth = 0;
        int valueWidth = 0;
        for (Row r : rows) {
            nameWidth = Math.max(nameWidth, r.name().length());
            if (r.unit() != null) {
                valueWidth = Math.max(valueWidth, r.value().length());
            }
        }
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            StringBuilder sb = new StringBuilder("    ").append(r.name());
            sb.append(" ".repeat(nameWidth - r.name().length())).append("  =  ");
            if (r.unit() == null) {
                sb.append(r.value());
            } else {
                sb.append(" ".repeat(valueWidth - r.value().length())).append(r.value()).append(' ').append(r.unit());
            }
            if (r.alt() != null) {
                sb.append(" (").append(r.alt()).append(')');
            }
            out.add(sb.toString());
        }
        return out;
    }
}
