package io.meshperf.agent.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP face: {@code /healthz} (200 unless broken), {@code /readyz} (200 when serving,
 * registered and consuming, else 503 naming what is missing), {@code /metrics} (Prometheus text) and
 * {@code /api/status} (JSON). Runs on the event loop and answers from memory only. {@code start()}
 * completes once the port is bound; a bind failure fails it with the port in the message.
 */
public final class StatusHttpVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(StatusHttpVerticle.class);
    /** Content type of the Prometheus text format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final StatusSource source;
    private final int port;
    private HttpServer server;

    public StatusHttpVerticle(StatusSource source, int port) {
        this.source = Objects.requireNonNull(source, "source");
        this.port = port;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer().requestHandler(this::handle).listen(port)
                .onSuccess(s -> {
                    server = s;
                    LOG.info("HTTP endpoints on port {}", s.actualPort());
                })
                .recover(t -> Future.failedFuture(new IllegalStateException("cannot listen for HTTP on port " + port
                        + ": " + t.getMessage(), t)));
    }

    /** The port actually bound (after start). */
    public int actualPort() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            req.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
            return;
        }
        switch (req.path()) {
            case "/healthz" -> health(req);
            case "/readyz" -> ready(req);
            case "/metrics" -> req.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(source.scrape());
            case "/api/status" -> json(req, 200, source.status());
            default -> json(req, 404, new JsonObject().put("error", "no such endpoint: " + req.path())
                    .put("endpoints", java.util.List.of("/healthz", "/readyz", "/metrics", "/api/status")));
        }
    }

    private void health(HttpServerRequest req) {
        Optional<String> problem = source.problem();
        json(req, problem.isPresent() ? 503 : 200, problem.map(p -> new JsonObject().put("status", "failing")
                .put("problem", p)).orElse(new JsonObject().put("status", "ok")));
    }

    private void ready(HttpServerRequest req) {
        Map<String, Boolean> checks = source.readiness();
        boolean ready = checks.values().stream().allMatch(Boolean::booleanValue);
        JsonObject body = new JsonObject().put("ready", ready);
        checks.forEach(body::put);
        json(req, ready ? 200 : 503, body);
    }

    private static void json(HttpServerRequest req, int status, JsonObject body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
