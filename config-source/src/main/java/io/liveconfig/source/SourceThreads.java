package io.liveconfig.source;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The source's own threads: one each, daemons (a source must never keep an app's JVM alive), and tasks handed to them
 * after {@link LiveConfigSource#close()} are dropped rather than thrown at the caller, often a Hazelcast thread.
 */
final class SourceThreads {

    private static final SourceLogging LOG = SourceLogging.of(LiveConfigSource.class);

    private SourceThreads() {
    }

    static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(daemon(name));
    }

    /** A scheduler whose delayed tasks are dropped when it shuts down: only tasks due already finish. */
    static ScheduledExecutorService scheduled(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemon(name));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    static void submit(Executor executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RuntimeException e) {
            LOG.debug("Not scheduled, the source is closed", e);
        }
    }

    /** @return whether the task was scheduled */
    static boolean schedule(ScheduledExecutorService executor, Runnable task, Duration delay) {
        try {
            executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (RuntimeException e) {
            LOG.debug("Not scheduled, the source is closed", e);
            return false;
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
