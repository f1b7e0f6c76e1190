package io.liveconfig.source;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A source connected ahead of the moment a runtime asks for it. Most of a first connection is the Hazelcast client
 * loading and linking its classes (about 3,600 of them, measured), work that a runtime's own start-up can overlap when
 * it begins on another thread as early as the settings are known: Quarkus starts it when it builds its static-init
 * configuration and takes the source when it builds the run-time configuration, which is when values must be there.
 * <p>
 * One source at a time is held. It is handed over only for the settings it was started with; a source that nobody
 * takes, or takes with other settings, is closed.
 */
public final class HeadStart {

    /** Both complete on the connecting thread: the settings first (empty if they are not valid), then the source. */
    private record Started(CompletableFuture<Optional<LiveConfigSettings>> settings,
            CompletableFuture<LiveConfigSource> source) {
    }

    private static Started started;

    private HeadStart() {
    }

    /**
     * Starts connecting a source on a thread of its own, closing one started before. The settings are made on that
     * thread too (checking the trusted keys loads the JDK's signature classes); settings that cannot be made start
     * nothing, and the runtime reports them when it makes them itself.
     */
    public static synchronized void begin(Supplier<LiveConfigSettings> settings) {
        discard();
        Started starting = new Started(new CompletableFuture<>(), new CompletableFuture<>());
        Thread connecting = new Thread(() -> {
            LiveConfigSettings made;
            try {
                made = settings.get();
            } catch (Throwable e) { // whatever fails, take() must not wait for ever
                starting.settings().complete(Optional.empty());
                starting.source().completeExceptionally(e);
                return;
            }
            starting.settings().complete(Optional.of(made));
            try {
                starting.source().complete(LiveConfigSource.connect(made));
            } catch (Throwable e) {
                starting.source().completeExceptionally(e);
            }
        }, "liveconfig-head-start");
        connecting.setDaemon(true);
        connecting.start();
        started = starting;
    }

    /**
     * The source started for these settings, once it is connected (or given up, by the start-up policy), or empty if
     * none was started for them.
     *
     * @throws IllegalStateException as {@link LiveConfigSource#connect} does, if the cluster could not be reached and
     * the start-up policy is to fail
     */
    public static synchronized Optional<LiveConfigSource> take(LiveConfigSettings settings) {
        if (started == null || !started.settings().join().filter(settings::equals).isPresent()) {
            discard();
            return Optional.empty();
        }
        CompletableFuture<LiveConfigSource> source = started.source();
        started = null;
        try {
            return Optional.of(source.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Closes a source started ahead that nobody took, once it is connected. */
    public static synchronized void discard() {
        if (started != null) {
            started.source().thenAccept(LiveConfigSource::close);
            started = null;
        }
    }
}
