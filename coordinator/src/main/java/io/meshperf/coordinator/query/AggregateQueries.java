package io.meshperf.coordinator.query;

/**
 * The read side of aggregation, what the HTTP API and the metrics call. Every method blocks while
 * it reads state stores (RocksDB), so call it from a worker thread, never an event loop.
 * Implementations are thread-safe.
 *
 * <p>Every method fails only with {@link QueryException}: 400 naming the bad parameter, 404 when
 * nothing is known for it, 503 when the stores are being moved.
 */
public interface AggregateQueries {

    /** A node-by-node matrix of one figure. */
    MatrixView matrix(MatrixQuery query);

    /** A cluster's figures per path and test. */
    SummaryView summary(SummaryQuery query);

    /** One pair's history. */
    PairHistoryView pairHistory(PairQuery query);

    /** Several clusters side by side. */
    CompareView compare(CompareQuery query);
}
