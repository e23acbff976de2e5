package io.meshperf.agent.http;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP endpoints show. Called on the event loop, so every method must answer from memory at
 * once, never block.
 */
public interface StatusSource {

    /** Why the agent is broken (it should be restarted), or empty when healthy. */
    Optional<String> problem();

    /** Each readiness condition and whether it holds; ready when all do. */
    Map<String, Boolean> readiness();

    /** The {@code /api/status} document. */
    JsonObject status();

    /** Prometheus text exposition of the agent's meters. */
    String scrape();
}
