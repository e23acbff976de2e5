package io.meshperf.schemas.keys;

import io.meshperf.schemas.PairAggregate;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;
import java.util.Objects;

/**
 * Key of {@code meshperf.aggregates}: {@code cluster/path/test/srcNode/dstNode}, e.g.
 * {@code prod/POD_TO_POD/TCP_LAT/node-a/node-b}. The destination is the last part and may contain
 * '/' (a Service's {@code namespace/name}). Immutable; validated on construction.
 *
 * @param cluster cluster name, no '/'
 * @param path the path symbol
 * @param test the test symbol
 * @param srcNode source node, no '/'
 * @param dstNode target node, or the Service for a Service target
 */
public record AggregateKey(String cluster, Path path, TestType test, String srcNode, String dstNode) {

    /** Validates every part. */
    public AggregateKey {
        Names.segment("cluster", cluster);
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(test, "test");
        Names.segment("srcNode", srcNode);
        Names.tail("dstNode", dstNode);
    }

    /** The key an aggregate is published under. */
    public static AggregateKey of(PairAggregate aggregate) {
        return new AggregateKey(aggregate.getCluster(), aggregate.getPath(), aggregate.getTest(),
                aggregate.getSrcNode(), aggregate.getDstNode());
    }

    /**
     * Parses {@code cluster/path/test/srcNode/dstNode}.
     *
     * @throws IllegalArgumentException saying which part is wrong
     */
    public static AggregateKey parse(String key) {
        String[] parts = Names.split("aggregate key", key, 5, "cluster/path/test/srcNode/dstNode");
        return new AggregateKey(parts[0], Names.symbol("path", Path.class, parts[1]),
                Names.symbol("test", TestType.class, parts[2]), parts[3], parts[4]);
    }

    @Override
    public String toString() {
        return cluster + "/" + path + "/" + test + "/" + srcNode + "/" + dstNode;
    }
}
