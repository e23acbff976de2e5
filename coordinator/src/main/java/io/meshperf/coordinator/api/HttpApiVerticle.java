package io.meshperf.coordinator.api;

import io.meshperf.coordinator.query.AggregateQueries;
import io.meshperf.coordinator.query.http.AggregateRoutes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's HTTP face (Vert.x web): {@code /healthz} (200 unless broken), {@code /readyz}
 * (200 when every check of {@link ApiSource#readiness()} passes; 503 naming the failing check),
 * {@code /metrics} (Prometheus text) and {@code /api/v1/plan} (JSON). With an {@link AggregateApi}
 * also the aggregate queries ({@link AggregateRoutes}: {@code /api/v1/matrix}, {@code /summary},
 * {@code /pairs/...}, {@code /compare}) and the heatmap page at {@code /} and {@code /heatmap}; the
 * replicas' peer endpoint is not here but on its own port ({@link PeerApiVerticle}). Every error, including unknown paths and methods, is JSON with
 * {@code status} and {@code message}.
 *
 * <p>Runs on the event loop; the own endpoints answer from memory ({@link ApiSource}), the aggregate
 * queries run on Vert.x's worker pool. The heatmap page is read from the class path when the
 * verticle is built. {@code start()} completes once the port is bound; a bind failure fails it
 * naming the port.
 */
public final class HttpApiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiVerticle.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    static final String HEATMAP_RESOURCE = "heatmap.html";
    /** Where the per-pair heatmap page is served (also at {@code /}); the Grafana dashboard links here. */
    public static final String HEATMAP_PATH = "/heatmap";

    private final ApiSource source;
    private final int port;
    private final Optional<AggregateApi> aggregates;
    private final Buffer heatmap;
    private HttpServer server;

    /** The endpoints without the aggregate API. */
    public HttpApiVerticle(ApiSource source, int port) {
        this(source, port, Optional.empty());
    }

    /**
     * The endpoints, with the aggregate API and heatmap page when {@code aggregates} is present.
     *
     * @throws IllegalStateException if the heatmap page is missing from the class path
     */
    public HttpApiVerticle(ApiSource source, int port, Optional<AggregateApi> aggregates) {
        this.source = Objects.requireNonNull(source, "source");
        this.port = port;
        this.aggregates = Objects.requireNonNull(aggregates, "aggregates");
        this.heatmap = aggregates.isPresent() ? heatmapPage() : null;
    }

    /** What the aggregate endpoints read: cluster-wide queries. */
    public record AggregateApi(AggregateQueries queries) {
        public AggregateApi {
            Objects.requireNonNull(queries, "queries");
        }
    }

    private static Buffer heatmapPage() {
        try (InputStream in = HttpApiVerticle.class.getResourceAsStream(HEATMAP_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the heatmap page " + HEATMAP_RESOURCE + " is missing from the jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the heatmap page: " + e.getMessage(), e);
        }
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/healthz").handler(this::health);
        router.get("/readyz").handler(this::ready);
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT)
                .end(source.scrape()));
        router.get("/api/v1/plan").handler(ctx -> json(ctx, 200, source.plan()));
        aggregates.ifPresent(api -> {
            AggregateRoutes.mount(router, api.queries());
            for (String page : new String[] {"/", HEATMAP_PATH}) {
                router.get(page).handler(ctx -> ctx.response()
                        .putHeader("Content-Type", "text/html; charset=utf-8").end(heatmap));
            }
        });
        String known = aggregates.isPresent()
                ? "/, /healthz, /readyz, /metrics, /api/v1/plan, /api/v1/matrix, /api/v1/summary, /api/v1/pairs/..."
                        + " or /api/v1/compare"
                : "/healthz, /readyz, /metrics or /api/v1/plan";
        router.route().last().handler(ctx -> error(ctx, 404, "no such endpoint: " + ctx.request().method() + " "
                + ctx.request().path() + "; try GET " + known));
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
