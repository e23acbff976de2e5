package io.meshperf.coordinator.query.http;

import io.meshperf.coordinator.aggregation.PairWindowReader;
import io.meshperf.coordinator.aggregation.PeerWindowReader;
import io.meshperf.coordinator.query.AggregateQueries;
import io.meshperf.coordinator.query.QueryException;
import io.meshperf.coordinator.query.QueryParameters;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregation's HTTP API, JSON under {@code /api/v1}:
 * <ul>
 *   <li>{@code GET /api/v1/matrix?cluster&path&test[&window&at&figure&excludeBusy]}</li>
 *   <li>{@code GET /api/v1/summary?cluster[&window&at&excludeBusy]}</li>
 *   <li>{@code GET /api/v1/pairs/{src}/{dst}?cluster&path&test[&window&from&to&excludeBusy]} (dst may be a
 *       Service's {@code namespace/name})</li>
 *   <li>{@code GET /api/v1/compare?clusters=a,b[&window&at&excludeBusy]}</li>
 * </ul>
 * Errors are JSON too, {@code {"status":400,"parameter":"window","message":"..."}}: 400 for a bad
 * parameter, 404 for no data, 503 while the stores move, 500 otherwise.
 *
 * <p>Handlers run on the event loop only to parse and reply; the queries, which read state
 * stores, run on Vert.x's worker pool ({@code executeBlocking}), unordered so slow queries do not
 * queue behind each other.
 */
public final class AggregateRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(AggregateRoutes.class);
    /** Where the routes live. */
    public static final String PREFIX = "/api/v1";

    private AggregateRoutes() {
    }

    /** Adds the four routes to {@code router}; call once, before the server starts listening. */
    public static void mount(Router router, AggregateQueries queries) {
        Objects.requireNonNull(queries, "queries");
        router.get(PREFIX + "/matrix").handler(ctx ->
                answer(ctx, () -> queries.matrix(QueryParameters.matrix(params(ctx)))));
        router.get(PREFIX + "/summary").handler(ctx ->
                answer(ctx, () -> queries.summary(QueryParameters.summary(params(ctx)))));
        router.getWithRegex(PREFIX.replace("/", "\\/") + "\\/pairs\\/([^/]+)\\/(.+)").handler(ctx ->
                answer(ctx, () -> queries.pairHistory(QueryParameters.pair(ctx.pathParam("param0"),
                        ctx.pathParam("param1"), params(ctx)))));
        router.get(PREFIX + "/compare").handler(ctx ->
                answer(ctx, () -> queries.compare(QueryParameters.compare(params(ctx)))));
    }

    /**
     * Adds {@value PeerWindowReader#PATH}, which serves this replica's own windows to the other
     * replicas' {@link PeerWindowReader}s ({@code ?size=<seconds>&prefix=<key prefix>&from=<ms>&to=<ms>},
     * binary answer). Mount it on the address the replica gives Kafka Streams as {@code application.server}:
     * the peer port of its own, never the public API port, since it has no authentication.
     */
    public static void mountPeerRoutes(Router router, PairWindowReader local) {
        Objects.requireNonNull(local, "local");
        router.get(PeerWindowReader.PATH).handler(ctx -> {
            MultiMap q = ctx.queryParams();
            ctx.vertx().executeBlocking(() -> {
                Duration size = Duration.ofSeconds(longParam(q, "size"));
                if (!local.windowSizes().contains(size)) {
                    throw QueryException.badParameter("size", "no " + size + " windows are kept");
                }
                String prefix = q.get("prefix");
                if (prefix == null || prefix.isEmpty()) {
                    throw QueryException.badParameter("prefix", "prefix is required");
                }
                return Buffer.buffer(PeerWindowReader.encode(local, size, prefix,
                        Instant.ofEpochMilli(longParam(q, "from")), Instant.ofEpochMilli(longParam(q, "to"))));
            }, false).onSuccess(body -> {
                if (!ctx.response().ended() && !ctx.response().closed()) {
                    ctx.response().putHeader("content-type", "application/octet-stream").end(body);
                }
            }).onFailure(failure -> fail(ctx, failure instanceof IllegalStateException e
                    ? QueryException.unavailable(e.getMessage(), e) : failure));
        });
    }

    private static long longParam(MultiMap params, String name) {
        String value = params.get(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw QueryException.badParameter(name, name + " must be a whole number, got '" + value + "'");
        }
    }

    private static Map<String, List<String>> params(RoutingContext ctx) {
        MultiMap query = ctx.queryParams();
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String name : query.names()) {
            params.put(name, query.getAll(name));
        }
        return params;
    }

    private static void answer(RoutingContext ctx, Callable<? extends Record> query) {
        ctx.vertx().executeBlocking(() -> RecordJson.toJson(query.call()), false)
                .onSuccess(json -> reply(ctx, 200, json))
                .onFailure(failure -> fail(ctx, failure));
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        if (failure instanceof QueryException e) {
            if (e.status() == 503) {
                // The stores are starting or moving between replicas: expected for seconds at a time,
                // and a client asks again; not worth a warning each time.
                LOG.info("{} {} answered 503: {}", ctx.request().method(), ctx.request().uri(), e.getMessage());
            } else if (e.status() >= 500) {
                LOG.warn("{} {} answered {}: {}", ctx.request().method(), ctx.request().uri(), e.status(),
                        e.getMessage());
            }
            reply(ctx, e.status(), error(e.status(), e.parameter(), e.getMessage()));
            return;
        }
        LOG.error("{} {} failed", ctx.request().method(), ctx.request().uri(), failure);
        reply(ctx, 500, error(500, null, "internal error: " + failure));
    }

    private static JsonObject error(int status, String parameter, String message) {
        JsonObject error = new JsonObject().put("status", status);
        if (parameter != null) {
            error.put("parameter", parameter);
        }
        return error.put("message", message);
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(body.encode());
    }
}
