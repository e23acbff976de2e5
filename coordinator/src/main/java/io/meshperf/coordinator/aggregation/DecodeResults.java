package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.codec.AvroCodec;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.codec.RecordDecodeException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and checks each raw result, so one bad record goes to the dead-letter topic instead of
 * stopping the topology (a deserializer failing inside Kafka Streams would stop it or, with the
 * "continue" handler, drop the record without a trace).
 *
 * <p>An accepted result is forwarded with the time its test started as the record timestamp,
 * which is what windows are cut by. A rejected one keeps its bytes and gains headers saying where
 * it came from and why: {@value #TOPIC}, {@value #PARTITION}, {@value #OFFSET}, {@value #REASON},
 * {@value #ERROR}. Runs on a stream thread; never blocks.
 */
public final class DecodeResults implements FixedKeyProcessor<String, byte[], Decoded> {

    /** Header: the topic the record was read from. */
    public static final String TOPIC = "meshperf.dlq.topic";
    /** Header: its partition (decimal). */
    public static final String PARTITION = "meshperf.dlq.partition";
    /** Header: its offset (decimal). */
    public static final String OFFSET = "meshperf.dlq.offset";
    /** Header: a stable reason name. */
    public static final String REASON = "meshperf.dlq.reason";
    /** Header: the error message in words. */
    public static final String ERROR = "meshperf.dlq.error";

    private static final Logger LOG = LoggerFactory.getLogger(DecodeResults.class);
    private final AvroCodec<MeasurementResult> codec = Codecs.MEASUREMENT_RESULT;
    private FixedKeyProcessorContext<String, Decoded> context;

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        byte[] raw = record.value();
        try {
            MeasurementResult result = codec.decode(raw);
            ResultCheck.check(record.key(), result);
            long startedMillis = result.getStartedAt().toEpochMilli();
            context.forward(record.withValue(new Decoded(result, raw, null)).withTimestamp(startedMillis));
        } catch (RecordDecodeException e) {
            reject(record, e.reason().name(), e.getMessage());
        } catch (ResultCheck.Rejected e) {
            reject(record, e.reason(), e.getMessage());
        }
    }

    private void reject(FixedKeyRecord<String, byte[]> record, String reason, String message) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        RecordMetadata source = context.recordMetadata().orElse(null);
        if (source != null) {
            headers.add(TOPIC, utf8(source.topic()));
            headers.add(PARTITION, utf8(Integer.toString(source.partition())));
            headers.add(OFFSET, utf8(Long.toString(source.offset())));
        }
        headers.add(REASON, utf8(reason));
        headers.add(ERROR, utf8(message));
        LOG.warn("Result with key {} goes to the dead-letter topic ({}): {}", record.key(), reason, message);
        context.forward(record.withValue(new Decoded(null, record.value(), reason)).withHeaders(headers));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
