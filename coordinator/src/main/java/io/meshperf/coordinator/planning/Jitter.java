package io.meshperf.coordinator.planning;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic pseudo-random offsets: the same (cluster, round, node) always gives the same value,
 * on any JVM, so a restarted coordinator replans a round identically. FNV-1a hashes the names and a
 * SplitMix64 finaliser mixes the bits; {@code java.util.Random} is avoided because its sequence is
 * tied to call order, not to the node.
 */
final class Jitter {

    private final long seed;

    private Jitter(long seed) {
        this.seed = seed;
    }

    /** The jitter of one latency round. */
    static Jitter forRound(String cluster, long round) {
        return new Jitter(mix(fnv1a(cluster) ^ mix(round)));
    }

    /** A value in [0, bound) for this node; bound must be positive. */
    long offset(String node, long bound) {
        return Long.remainderUnsigned(mix(seed ^ fnv1a(node)), bound);
    }

    static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    static long mix(long value) {
        long z = value + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
