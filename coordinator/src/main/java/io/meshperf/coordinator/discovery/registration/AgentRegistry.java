package io.meshperf.coordinator.discovery.registration;

import io.meshperf.schemas.AgentInfo;
import io.meshperf.schemas.Network;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The live agents of one cluster as read from the compacted {@code meshperf.agents} topic:
 * the latest registration per agent id, minus agents that stopped (tombstone) or went silent
 * (last heartbeat older than the expiry).
 *
 * <p>Pure and not thread-safe: the registration reader thread owns it. Nothing here reads a clock;
 * the caller passes the current instant, so tests drive time directly.
 */
public final class AgentRegistry {

    private final String clusterName;
    private final Duration expiry;
    private final Map<String, AgentInfo> byId = new TreeMap<>();

    /**
     * @param clusterName only registrations of this cluster are kept; the topic may be shared
     * @param expiry      an agent whose last heartbeat is older than this is dropped
     */
    public AgentRegistry(String clusterName, Duration expiry) {
        this.clusterName = Objects.requireNonNull(clusterName, "clusterName");
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        if (expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("expiry must be positive, got " + expiry);
        }
    }

    /**
     * Applies one record of the topic.
     *
     * @param key   the record key, the agent id
     * @param value the registration or heartbeat, or {@code null} for a tombstone (clean stop)
     * @return {@code true} if the record was for this cluster and applied, {@code false} if it
     *         belongs to another cluster and was ignored
     * @throws IllegalArgumentException if the key is missing or disagrees with the value's agent id,
     *                                  or the registration lacks what a target needs (node, network
     *                                  POD or HOST, port, an address); the record is not applied
     */
    public boolean apply(String key, AgentInfo value) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("record has no key; the key must be the agent id");
        }
        if (value == null) {
            if (!key.startsWith(clusterName + "/")) {
                return false;
            }
            byId.remove(key);
            return true;
        }
        if (!key.equals(value.getAgentId())) {
            throw new IllegalArgumentException("record key '" + key + "' differs from its agentId '"
                    + value.getAgentId() + "'");
        }
        if (!clusterName.equals(value.getCluster())) {
            return false;
        }
        check(value);
        byId.put(key, value);
        return true;
    }

    /**
     * Rejects what a target could not be built from, so one bad registration is skipped alone.
     */
    private void check(AgentInfo value) {
        String id = value.getAgentId();
        String node = value.getNode();
        if (node == null || node.isBlank() || node.contains("/") || node.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("agent " + id + " has node '" + node
                    + "'; a node name must be non-blank without '/' or whitespace");
        }
        if (!id.startsWith(clusterName + "/" + node + "/")) {
            throw new IllegalArgumentException("agentId '" + id + "' does not start with <cluster>/<node>/ ('"
                    + clusterName + "/" + node + "/')");
        }
        if (value.getNetwork() != Network.POD && value.getNetwork() != Network.HOST) {
            throw new IllegalArgumentException("agent " + id + " has network " + value.getNetwork()
                    + "; it must be POD or HOST");
        }
        if (value.getQperfPort() < 1 || value.getQperfPort() > 65_535) {
            throw new IllegalArgumentException("agent " + id + " has qperfPort " + value.getQperfPort()
                    + "; it must be 1 to 65535");
        }
        if (value.getPod() != null && value.getPod().isBlank()) {
            throw new IllegalArgumentException("agent " + id + " has a blank pod; it must be namespace/name or null");
        }
        if (address(value) == null) {
            throw new IllegalArgumentException("agent " + id + " has neither podIp nor nodeIp");
        }
    }

    /**
     * The address peers reach an agent on: its pod IP in the pod network, its node IP in the host
     * network, whichever it has if it gave only one; null if it gave none.
     */
    static String address(AgentInfo info) {
        String preferred = info.getNetwork() == Network.HOST ? info.getNodeIp() : info.getPodIp();
        String other = info.getNetwork() == Network.HOST ? info.getPodIp() : info.getNodeIp();
        if (preferred != null && !preferred.isBlank()) {
            return preferred;
        }
        return other != null && !other.isBlank() ? other : null;
    }

    /**
     * Drops every agent whose last heartbeat is more than the expiry before {@code now}.
     *
     * @return the ids dropped, in order
     */
    public List<String> expire(Instant now) {
        Instant oldestAlive = now.minus(expiry);
        List<String> expired = byId.values().stream()
                .filter(info -> info.getLastHeartbeat().isBefore(oldestAlive))
                .map(AgentInfo::getAgentId)
                .toList();
        expired.forEach(byId::remove);
        return expired;
    }

    /** The live registrations, ordered by agent id; an immutable copy. */
    public List<AgentInfo> agents() {
        return List.copyOf(byId.values());
    }
}
