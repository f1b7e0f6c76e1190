package io.liveconfig.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Bounded polls for what happens on other threads or in other processes: every wait ends by its bound, and parks
 * between checks rather than spinning, so that it never takes a core from what it waits for.
 */
public final class Await {

    /** How long {@link #until(BooleanSupplier)} waits: ample for anything in one JVM on loopback. */
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(5);

    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(1);

    private Await() {
    }

    /** Waits until the condition holds; fails after {@link #DEFAULT_BOUND}. */
    public static void until(BooleanSupplier condition) throws InterruptedException {
        until(DEFAULT_BOUND, condition, "the condition");
    }

    /** Waits until the condition holds; fails after the bound. */
    public static void until(Duration bound, BooleanSupplier condition) throws InterruptedException {
        until(bound, condition, "the condition");
    }

    /**
     * Waits until the condition holds; fails after the bound.
     *
     * @param what what the condition means, for the failure message
     */
    public static void until(Duration bound, BooleanSupplier condition, String what) throws InterruptedException {
        if (!within(bound, condition)) {
            throw new AssertionError("Not within " + bound + ": " + what);
        }
    }

    /** Waits until the condition holds or the bound passes, checking every millisecond; says whether it held. */
    public static boolean within(Duration bound, BooleanSupplier condition) throws InterruptedException {
        return within(bound, DEFAULT_INTERVAL, condition);
    }

    /**
     * Waits until the condition holds or the bound passes, for conditions too costly to check every millisecond (such
     * as an HTTP request); says whether it held.
     */
    public static boolean within(Duration bound, Duration interval, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(interval.toNanos());
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while awaiting a condition");
            }
        }
        return true;
    }
}
