package io.meshperf.coordinator.api;

import io.meshperf.coordinator.aggregation.PairWindowReader;
import io.meshperf.coordinator.aggregation.PeerWindowReader;
import io.meshperf.coordinator.query.http.AggregateRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica-to-replica HTTP server: only {@value PeerWindowReader#PATH}, which hands this
 * replica's own aggregation windows to the other replicas' {@link PeerWindowReader}s. It has no
 * authentication, so it listens on a port of its own (the peer port, advertised to Kafka Streams as
 * {@code application.server}) rather than the public API port: a NetworkPolicy can then admit only
 * coordinator pods to it, which it could not do for one path of a shared port. Anything else is a
 * JSON 404.
 *
 * <p>Runs on the event loop; window scans run on Vert.x's worker pool. {@code start()} completes
 * once the port is bound; a bind failure fails it naming the port.
 */
public final class PeerApiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(PeerApiVerticle.class);

    private final PairWindowReader local;
    private final int port;
    private HttpServer server;

    /** Serves {@code local} on {@code port} (0 picks a free one). */
    public PeerApiVerticle(PairWindowReader local, int port) {
        this.local = Objects.requireNonNull(local, "local");
        this.port = port;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        AggregateRoutes.mountPeerRoutes(router, local);
        router.route().last().handler(ctx -> ctx.response().setStatusCode(404)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", 404).put("message", "the peer port serves only GET "
                        + PeerWindowReader.PATH + "; the API is on the HTTP port").encode()));
        return vertx.createHttpServer().requestHandler(router).listen(port)
                .onSuccess(s -> {
                    server = s;
                    LOG.info("Replica-to-replica endpoint on port {}", s.actualPort());
                })
                .recover(t -> Future.failedFuture(new IllegalStateException("cannot listen for replicas on peer port "
                        + port + ": " + t.getMessage(), t)));
    }

    /** The port actually bound (after start). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
