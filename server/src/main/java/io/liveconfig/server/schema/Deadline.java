package io.liveconfig.server.schema;

import java.time.Duration;

import io.liveconfig.server.core.Refusal;

/**
 * When the checks of one write must be done by. Patterns match in linear time, but a long value against a large
 * pattern, times thousands of keys, still takes long, and a write checks under its namespace's lock: past the deadline
 * the write is refused, whatever the check was doing, instead of holding the lock.
 */
public final class Deadline {

    /** How many characters a match reads between two looks at the clock. */
    private static final int READS_PER_LOOK = 256;

    private final long end;
    private final Duration limit;

    private Deadline(long end, Duration limit) {
        this.end = end;
        this.limit = limit;
    }

    /** A deadline {@code limit} from now. */
    public static Deadline in(Duration limit) {
        return new Deadline(System.nanoTime() + limit.toNanos(), limit);
    }

    /** @throws Refusal once the deadline has passed */
    void check() {
        if (System.nanoTime() - end > 0) {
            throw Refusal.checksTooSlow(limit);
        }
    }

    /** The value as a matcher reads it, looking at the clock as it goes, so that one long match stops too. */
    CharSequence watch(String value) {
        return value.length() <= READS_PER_LOOK ? value : new Watched(value);
    }

    private final class Watched implements CharSequence {

        private final String value;
        private int reads;

        Watched(String value) {
            this.value = value;
        }

        @Override
        public char charAt(int index) {
            if (++reads % READS_PER_LOOK == 0) {
                check();
            }
            return value.charAt(index);
        }

        @Override
        public int length() {
            return value.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return value.subSequence(start, end);
        }

        @Override
        public String toString() {
            return value;
        }
    }
}
