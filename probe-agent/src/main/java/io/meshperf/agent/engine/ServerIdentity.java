package io.meshperf.agent.engine;

import io.meshperf.schemas.Backend;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a meshperf server names itself to a meshperf client: agent id, node and pod. The address is
 * added per connection (the local address the peer actually reached).
 */
public record ServerIdentity(String agentId, String node, String pod) {

    public ServerIdentity {
        Objects.requireNonNull(node, "node");
    }

    /** The key/value form sent on the wire, with the address this connection reached. */
    public Map<String, String> toWire(String address, String version) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("agentId", agentId);
        m.put("node", node);
        m.put("pod", pod);
        m.put("address", address);
        m.put("version", version);
        return m;
    }

    /** The Avro backend a client reports from the key/value form, or null if it names no address. */
    public static Backend fromWire(Map<String, String> kv) {
        String address = kv.get("address");
        if (address == null) {
            return null;
        }
        return Backend.newBuilder().setAgentId(kv.get("agentId")).setNode(kv.get("node")).setPod(kv.get("pod"))
                .setAddress(address).build();
    }
}
