package io.liveconfig.source;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A bounded poll for what happens on the source's own threads. */
final class Await {

    private static final Duration BOUND = Duration.ofSeconds(5);

    private Await() {
    }

    /** Polls every 5 ms until the condition holds; fails after 5 s. */
    static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + BOUND);
            }
            Thread.sleep(5);
        }
    }
}
