package io.meshperf.coordinator.planning;

/**
 * Names one bandwidth slot: its cycle and its index within the cycle's tournament.
 *
 * <p>{@link #number()} packs both into the single {@code long} the {@code MeasurementJob.slot}
 * field carries ({@code cycle * 2^20 + index}), and {@link #fromNumber} unpacks it, so a restarted
 * coordinator recovers where the tournament stood from the last job on the topic. Numbers grow
 * monotonically along the schedule. Indexes up to 2^20 - 1 cover clusters of a million nodes.
 *
 * @param cycle the tournament cycle, from 0
 * @param index the slot within the cycle, 0 to slotCount - 1
 */
public record SlotId(long cycle, int index) {

    static final int INDEX_BITS = 20;
    static final int MAX_INDEX = (1 << INDEX_BITS) - 1;

    public SlotId {
        if (cycle < 0 || cycle > (Long.MAX_VALUE >> INDEX_BITS)) {
            throw new IllegalArgumentException("slot cycle must be in 0.." + (Long.MAX_VALUE >> INDEX_BITS)
                    + ", got " + cycle);
        }
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("slot index must be in 0.." + MAX_INDEX + ", got " + index);
        }
    }

    public long number() {
        return (cycle << INDEX_BITS) | index;
    }

    public static SlotId fromNumber(long number) {
        if (number < 0) {
            throw new IllegalArgumentException("slot number must not be negative, got " + number);
        }
        return new SlotId(number >>> INDEX_BITS, (int) (number & MAX_INDEX));
    }
}
