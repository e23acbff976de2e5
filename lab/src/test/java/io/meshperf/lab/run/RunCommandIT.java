package io.meshperf.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.lab.Main;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The run in loopback mode end to end: the in-process broker, four agent JVMs (host and pod agent of
 * two nodes) on 127.0.0.1, the coordinator with a Service address in front of node 1's pod agent,
 * one-second tests. Once as text (the table, taxes, split and conclusions), once as JSON.
 */
class RunCommandIT {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommandIT.class);

    @Test
    @Timeout(180)
    void loopbackRunPrintsTheTableAndConclusions() {
        StringWriter out = new StringWriter();
        int status = run(out, "run", "--loopback", "--nodes", "2", "--duration", "1");
        LOG.info("run output:\n{}", out);
        assertThat(status).as("every path and test measured").isZero();
        assertThat(out.toString()).contains("is the loopback interface", "--loopback was given").contains("1. node-node", "2. pod-pod",
                "3. pod-service-pod", "tcp_bw bw", "tcp_lat p50 / p99", "udp_bw send_bw / recv_bw", "udp_lat latency",
                "overlay tax", "Service tax", "Conclusions:", "The overlay ")
                .contains("Service 127.0.0.1:").contains("no chi-square test (1 backend served")
                .doesNotContain("incomplete");
        assertThat(out.toString().lines().filter(l -> l.startsWith("- ")).count()).isBetween(3L, 5L);
    }

    @Test
    @Timeout(180)
    void jsonIsOneParsableObjectWithEveryRow() {
        StringWriter out = new StringWriter();
        int status = run(out, "run", "--loopback", "--nodes", "2", "--duration", "1", "--json");
        assertThat(status).isZero();
        JsonObject json = new JsonObject(out.toString().trim());
        assertThat(json.getBoolean("complete")).isTrue();
        assertThat(json.getString("mode")).isEqualTo("loopback");
        assertThat(json.getJsonArray("conclusions")).isNotEmpty();
        JsonArray rows = json.getJsonObject("summary").getJsonArray("rows");
        assertThat(rows).hasSize(12);
        for (int i = 0; i < rows.size(); i++) {
            JsonObject figures = rows.getJsonObject(i).getJsonObject("figures");
            assertThat(figures.getLong("okCount")).as("OK results of %s", rows.getJsonObject(i).getString("path"))
                    .isPositive();
        }
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        LOG.info("stderr:\n{}", err);
        return status;
    }
}
