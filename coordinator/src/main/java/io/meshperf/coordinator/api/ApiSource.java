package io.meshperf.coordinator.api;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP endpoints show, answered from memory. Called on the Vert.x event loop: every
 * method must return at once and never block.
 */
public interface ApiSource {

    /** Why the service is broken, or empty when it is healthy. */
    Optional<String> problem();

    /** Named readiness checks; ready when all are true. */
    Map<String, Boolean> readiness();

    /** The metrics in the Prometheus text format. */
    String scrape();

    /** The current plan: targets, round, slot, coverage, leader or not. */
    JsonObject plan();
}
