package io.meshperf.schemas.keys;

import io.meshperf.schemas.Endpoint;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;
import java.util.Objects;

/**
 * Key of {@code meshperf.results}: {@code cluster/path/srcNode/dstNode}, e.g.
 * {@code prod/POD_TO_SERVICE/node-a/meshperf/meshperf-agent}. All tests of one ordered node pair on one
 * path share a key, hence a partition, so they stay in order. The destination is the last part and
 * may contain '/' (a Service's {@code namespace/name}). Immutable; validated on construction.
 *
 * @param cluster cluster name, no '/'
 * @param path the path symbol
 * @param srcNode source node, no '/'
 * @param dstNode target node, or the Service for a Service target
 */
public record ResultKey(String cluster, Path path, String srcNode, String dstNode) {

    /** Validates every part. */
    public ResultKey {
        Names.segment("cluster", cluster);
        Objects.requireNonNull(path, "path");
        Names.segment("srcNode", srcNode);
        Names.tail("dstNode", dstNode);
    }

    /** The key a result is published under. */
    public static ResultKey of(MeasurementResult result) {
        return new ResultKey(result.getCluster(), result.getPath(), result.getSource().getNode(),
                destination(result.getTarget()));
    }

    /**
     * What a target is called in keys: its node when known, else its Service ({@code namespace/name}),
     * else its host (an external server's address or name).
     */
    public static String destination(Endpoint target) {
        if (target.getNode() != null) {
            return target.getNode();
        }
        return target.getService() != null ? target.getService() : target.getHost();
    }

    /**
     * Parses {@code cluster/path/srcNode/dstNode}.
     *
     * @throws IllegalArgumentException saying which part is wrong
     */
    public static ResultKey parse(String key) {
        String[] parts = Names.split("result key", key, 4, "cluster/path/srcNode/dstNode");
        return new ResultKey(parts[0], Names.symbol("path", Path.class, parts[1]), parts[2], parts[3]);
    }

    /** The aggregate key of this pair's results of {@code test}. */
    public AggregateKey forTest(TestType test) {
        return new AggregateKey(cluster, path, test, srcNode, dstNode);
    }

    @Override
    public String toString() {
        return cluster + "/" + path + "/" + srcNode + "/" + dstNode;
    }
}
