package io.meshperf.coordinator.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's HTTP face (Vert.x web): {@code /healthz} (200 unless broken), {@code /readyz}
 * (200 when discovery has synced and the replica either leads and publishes or follows; 503 naming
 * the failing check), {@code /metrics} (Prometheus text) and {@code /api/v1/plan} (JSON). Every
 * error, including unknown paths and methods, is JSON with {@code status} and {@code message}.
 *
 * <p>Runs on the event loop and answers from memory only ({@link ApiSource}). {@code start()}
 * completes once the port is bound; a bind failure fails it naming the port.
 */
public final class HttpApiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiVerticle.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ApiSource source;
    private final int port;
    private HttpServer server;

    public HttpApiVerticle(ApiSource source, int port) {
        this.source = Objects.requireNonNull(source, "source");
        this.port = port;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/healthz").handler(this::health);
        router.get("/readyz").handler(this::ready);
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT)
                .end(source.scrape()));
        router.get("/api/v1/plan").handler(ctx -> json(ctx, 200, source.plan()));
        router.route().last().handler(ctx -> error(ctx, 404, "no such endpoint: " + ctx.request().method() + " "
                + ctx.request().path() + "; try GET /healthz, /readyz, /metrics or /api/v1/plan"));
        router.errorHandler(500, ctx -> {
            LOG.error("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            error(ctx, 500, "internal error: " + (ctx.failure() == null ? "unknown" : ctx.failure().getMessage()));
        });
        return vertx.createHttpServer().requestHandler(router).listen(port)
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

    private void health(RoutingContext ctx) {
        Optional<String> problem = source.problem();
        if (problem.isPresent()) {
            error(ctx, 503, problem.get());
        } else {
            json(ctx, 200, new JsonObject().put("status", "ok"));
        }
    }

    private void ready(RoutingContext ctx) {
        Map<String, Boolean> checks = source.readiness();
        boolean ready = checks.values().stream().allMatch(Boolean::booleanValue);
        JsonObject body = new JsonObject().put("ready", ready);
        checks.forEach(body::put);
        json(ctx, ready ? 200 : 503, body);
    }

    private static void error(RoutingContext ctx, int status, String message) {
        json(ctx, status, new JsonObject().put("status", status).put("message", message));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
