package io.liveconfig.protocol;

import java.time.Duration;

/** Timings that the server and apps both rely on; each side reads them here, so they cannot drift apart. */
public final class Timings {

    /** How often an app renews its {@link InstanceReport}. */
    public static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);

    /** How long a report lives in the map unless renewed: three intervals, so one lost renewal does not hide an app. */
    public static final Duration REPORT_TTL = REPORT_INTERVAL.multipliedBy(3);

    /**
     * After a change an app reports within this delay, once for any number of changes in it: under a burst, every app
     * reporting every change would load the cluster more than the changes themselves.
     */
    public static final Duration REPORT_DEBOUNCE = Duration.ofSeconds(1);

    /** The server's default for how old a report may be and still be shown: the reports' time to live. */
    public static final Duration INSTANCE_TIMEOUT = REPORT_TTL;

    /** A namespace with at least this many keys is large: its whole snapshot is published less often. */
    public static final int LARGE_NAMESPACE_KEYS = 10_000;

    /**
     * How long after a step the server publishes the whole snapshot it leads to (the latest of a burst only), so that
     * encoding it does not compete for the CPU with the step reaching apps.
     */
    public static final Duration WHOLE_SNAPSHOT_DELAY = Duration.ofMillis(50);

    /** The same for large namespaces, whose encoding costs about 2 µs per key (0.2 s at 100,000 keys). */
    public static final Duration LARGE_WHOLE_SNAPSHOT_DELAY = Duration.ofSeconds(1);

    /**
     * How long an app that needs a whole snapshot keeps reading it while it trails its change: longer than the large
     * namespaces' delay plus their encoding. After that the app's periodic re-read takes over.
     */
    public static final Duration WHOLE_READ_WINDOW = Duration.ofSeconds(3);

    /** The pause between two such reads. */
    public static final Duration WHOLE_READ_PAUSE = Duration.ofMillis(50);

    private Timings() {
    }
}
