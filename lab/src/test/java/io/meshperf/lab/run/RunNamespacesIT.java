package io.meshperf.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.lab.Main;
import io.meshperf.lab.network.LabNetwork;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The run in namespace mode on two nodes (skipped where namespaces cannot be built): every path
 * and test has OK results, the ClusterIP's split covers at least two backends, and no namespace of
 * the run is left afterwards.
 */
class RunNamespacesIT {

    private static final Logger LOG = LoggerFactory.getLogger(RunNamespacesIT.class);

    @Test
    @Timeout(240)
    void twoNodesMeasureEveryPathThroughTheClusterIp() throws Exception {
        Assumptions.assumeTrue(LabNetwork.whyNotSupported().isEmpty(),
                () -> "namespaces unavailable: " + LabNetwork.whyNotSupported().orElse(""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute("run", "--nodes", "2", "--duration", "1", "--json");
        LOG.info("progress:\n{}\nresult:\n{}", err, out);
        assertThat(status).isZero();
        Matcher prefix = Pattern.compile("names prefixed (mpl[0-9a-f]{4})").matcher(err.toString());
        assertThat(prefix.find()).as("the map names the run's prefix").isTrue();

        JsonObject json = new JsonObject(out.toString().trim());
        assertThat(json.getString("mode")).isEqualTo("namespaces");
        assertThat(json.getBoolean("complete")).isTrue();
        JsonArray rows = json.getJsonObject("summary").getJsonArray("rows");
        assertThat(rows).hasSize(12);
        int splitBackends = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.getJsonObject(i);
            assertThat(row.getJsonObject("figures").getLong("okCount")).as("OK results of %s %s",
                    row.getString("path"), row.getString("test")).isPositive();
            JsonArray splits = row.getJsonArray("loadBalancing");
            for (int s = 0; s < splits.size(); s++) {
                splitBackends = Math.max(splitBackends,
                        splits.getJsonObject(s).getJsonObject("split").getJsonArray("backends").size());
            }
        }
        assertThat(splitBackends).as("backends the ClusterIP spread tests over").isGreaterThanOrEqualTo(2);
        assertThat(namespaces()).as("namespaces left by the run").doesNotContain(prefix.group(1));
    }

    private static String namespaces() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return listing;
    }
}
