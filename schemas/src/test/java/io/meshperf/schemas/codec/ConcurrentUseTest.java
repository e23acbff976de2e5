package io.meshperf.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/** The shared codecs give every thread its own correct answers when used at the same time. */
class ConcurrentUseTest {

    @Test
    void sharedCodecsRoundTripFromManyThreadsAtOnce() throws Exception {
        List<Arguments> samples = Samples.all();
        List<Callable<Integer>> workers = new ArrayList<>();
        for (int worker = 0; worker < 8; worker++) {
            int offset = worker;
            workers.add(() -> {
                int checked = 0;
                for (int i = 0; i < 2_000; i++) {
                    Object[] sample = samples.get((offset + i) % samples.size()).get();
                    AvroCodec<?> codec = (AvroCodec<?>) sample[1];
                    SpecificRecord record = (SpecificRecord) sample[2];
                    assertThat(codec.decode(Samples.encode(codec, record))).isEqualTo(record);
                    checked++;
                }
                return checked;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Integer> done : pool.invokeAll(workers, 2, TimeUnit.MINUTES)) {
                assertThat(done.get()).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
