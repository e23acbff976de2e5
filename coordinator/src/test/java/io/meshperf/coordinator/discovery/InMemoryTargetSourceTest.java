package io.meshperf.coordinator.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryTargetSourceTest {

    @Test
    void notifiesSubscribersInOrderUntilTheyUnsubscribe() {
        InMemoryTargetSource source = new InMemoryTargetSource(TargetSet.empty("c"));
        List<TargetSet> seen = new ArrayList<>();
        TargetSource.Subscription subscription = source.subscribe(seen::add);
        TargetSet one = TestClusters.healthy("c", 2, 1);
        TargetSet two = TestClusters.healthy("c", 3, 1);
        source.update(one);
        source.update(two);
        subscription.close();
        subscription.close();
        source.update(TestClusters.healthy("c", 4, 1));
        assertThat(seen).containsExactly(one, two);
        assertThat(source.current().nodes()).hasSize(4);
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        InMemoryTargetSource source = new InMemoryTargetSource(TargetSet.empty("c"));
        List<TargetSet> seen = new ArrayList<>();
        source.subscribe(next -> {
            throw new IllegalStateException("listener bug");
        });
        source.subscribe(seen::add);
        source.update(TestClusters.healthy("c", 2, 1));
        assertThat(seen).hasSize(1);
    }

    @Test
    void rejectsAnotherClustersSnapshot() {
        InMemoryTargetSource source = new InMemoryTargetSource(TargetSet.empty("c"));
        assertThatThrownBy(() -> source.update(TargetSet.empty("d")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serves cluster c, not d");
    }
}
