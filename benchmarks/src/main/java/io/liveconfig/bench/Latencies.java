package io.liveconfig.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples in nanoseconds; percentiles by sorting (nearest rank), which is exact for a few thousand. */
public final class Latencies {

    private long[] samples = new long[64];
    private int count;

    public synchronized void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    public synchronized int count() {
        return count;
    }

    /** The p-th percentile (0 < p <= 100) in milliseconds; NaN without samples. */
    public synchronized double millis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)] / 1e6;
    }

    public double p50() {
        return millis(50);
    }

    public double p95() {
        return millis(95);
    }

    public double p99() {
        return millis(99);
    }

    public double max() {
        return millis(100);
    }

    /** Milliseconds with a precision that suits the magnitude: 0.123, 1.23, 12.3, 123. */
    public static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "–";
        }
        if (millis < 1) {
            return String.format(Locale.ROOT, "%.3f", millis);
        }
        if (millis < 10) {
            return String.format(Locale.ROOT, "%.2f", millis);
        }
        if (millis < 100) {
            return String.format(Locale.ROOT, "%.1f", millis);
        }
        return String.format(Locale.ROOT, "%.0f", millis);
    }

    /** A ratio such as 2.4. */
    public static String ratio(double ratio) {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "–" : String.format(Locale.ROOT, "%.1f", ratio);
    }
}
