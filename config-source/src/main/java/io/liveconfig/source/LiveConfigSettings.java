package io.liveconfig.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.liveconfig.protocol.NamespaceNames;
import io.liveconfig.protocol.TrustedKeys;

/**
 * Settings of a LiveConfig source, whatever runtime they were read from.
 *
 * @param namespaces namespaces to read, highest precedence first
 * @param clusterName Hazelcast cluster name (an equality check, not a secret)
 * @param addresses Hazelcast member addresses, {@code host:port}
 * @param connectTimeout how long start-up waits for the first connection
 * @param ordinal ordinal of the config source
 * @param resyncInterval how often the whole published state is re-read, to heal missed events
 * @param snapshotDirectory where the last-known-good snapshots are saved
 * @param startup what to do when the cluster cannot be reached at start-up
 * @param appName the application's name, in the reports the server shows per namespace
 * @param trustedKeys the public keys whose signatures the source accepts (base64 of their X.509 encoding, as
 * {@code GET /api/v1/signing-keys} shows them): it applies nothing else
 * @param insecure accept publications without checking their signatures; required when no key is trusted
 * @param firstContactTimeout how long start-up waits for the first connection instead of {@code connectTimeout} when
 * every namespace has a saved copy to start from (with {@code last-known-good})
 */
public record LiveConfigSettings(List<String> namespaces, String clusterName, List<String> addresses,
        Duration connectTimeout, int ordinal, Duration resyncInterval, Path snapshotDirectory, Startup startup,
        String appName, List<String> trustedKeys, boolean insecure, Duration firstContactTimeout) {

    /** What start-up does when no member answers within the connect timeout. */
    public enum Startup {
        /** Start from the last-known-good snapshots (or without values), and keep connecting in the background. */
        LAST_KNOWN_GOOD,
        /** Fail, so the app does not start; its runtime exits non-zero. */
        FAIL;

        /**
         * Reads {@code last-known-good} or {@code fail}.
         *
         * @throws IllegalArgumentException naming the property otherwise
         */
        public static Startup parse(String name, String text) {
            return switch (text) {
                case "last-known-good" -> LAST_KNOWN_GOOD;
                case "fail" -> FAIL;
                default ->
                    throw new IllegalArgumentException(name + " = '" + text + "' is not last-known-good or fail");
            };
        }
    }

    /**
     * Above {@code application.properties} (250) so the server overrides packaged defaults; below environment variables
     * (300) and system properties (400) so an operator can still pin a value on one instance.
     */
    public static final int DEFAULT_ORDINAL = 275;
    public static final String DEFAULT_ORDINAL_TEXT = "275";
    public static final String DEFAULT_CLUSTER_NAME = "liveconfig";
    public static final String DEFAULT_ADDRESSES = "127.0.0.1:5701";
    public static final String DEFAULT_CONNECT_TIMEOUT = "10s";
    public static final String DEFAULT_FIRST_CONTACT_TIMEOUT = "1s";
    public static final String DEFAULT_RESYNC_INTERVAL = "30s";
    public static final String DEFAULT_STARTUP = "last-known-good";

    public LiveConfigSettings {
        namespaces = List.copyOf(namespaces);
        addresses = List.copyOf(addresses);
        if (namespaces.isEmpty()) {
            throw new IllegalArgumentException("At least one namespace is required");
        }
        for (String namespace : namespaces) {
            if (!NamespaceNames.isValid(namespace)) {
                throw new IllegalArgumentException(
                        "Invalid namespace name '" + namespace + "': expected " + NamespaceNames.REGEX);
            }
        }
        if (namespaces.stream().distinct().count() != namespaces.size()) {
            throw new IllegalArgumentException("Namespace listed twice in " + namespaces);
        }
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("The cluster name must not be blank");
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("At least one cluster address is required");
        }
        requirePositive(connectTimeout, "connect-timeout");
        if (firstContactTimeout == null) {
            firstContactTimeout = Duration.ofSeconds(1);
        }
        requirePositive(firstContactTimeout, "first-contact-timeout");
        requirePositive(resyncInterval, "resync-interval");
        if (snapshotDirectory == null) {
            snapshotDirectory = defaultSnapshotDirectory(clusterName);
        }
        if (startup == null) {
            startup = Startup.LAST_KNOWN_GOOD;
        }
        if (appName == null || appName.isBlank()) {
            appName = "unknown";
        }
        trustedKeys = List.copyOf(trustedKeys);
        if (trustedKeys.isEmpty() && !insecure) {
            throw new IllegalArgumentException(SourceMessages.MESSAGES.noTrustedKey());
        }
        TrustedKeys.of(trustedKeys); // names a key that is not one
    }

    /** Settings with the default first-contact timeout. */
    public LiveConfigSettings(List<String> namespaces, String clusterName, List<String> addresses,
            Duration connectTimeout, int ordinal, Duration resyncInterval, Path snapshotDirectory, Startup startup,
            String appName, List<String> trustedKeys, boolean insecure) {
        this(namespaces, clusterName, addresses, connectTimeout, ordinal, resyncInterval, snapshotDirectory, startup,
                appName, trustedKeys, insecure, null);
    }

    /**
     * How long start-up waits for the first connection: the first-contact timeout (at most the connect timeout) when
     * start-up may go on without the cluster and has a saved copy of every namespace to serve meanwhile.
     */
    public Duration startupWait(boolean everyNamespaceSaved) {
        return startup == Startup.LAST_KNOWN_GOOD && everyNamespaceSaved && firstContactTimeout.compareTo(
                connectTimeout) < 0 ? firstContactTimeout : connectTimeout;
    }

    /** Settings with the defaults for everything but where to connect and whom to trust. */
    public static LiveConfigSettings of(List<String> namespaces, String clusterName, List<String> addresses,
            List<String> trustedKeys) {
        return new LiveConfigSettings(namespaces, clusterName, addresses, Duration.ofSeconds(10), DEFAULT_ORDINAL,
                Duration.ofSeconds(30), null, null, null, trustedKeys, false);
    }

    /** The same settings with another connect timeout. */
    public LiveConfigSettings withConnectTimeout(Duration timeout) {
        return new LiveConfigSettings(namespaces, clusterName, addresses, timeout, ordinal, resyncInterval,
                snapshotDirectory, startup, appName, trustedKeys, insecure, firstContactTimeout);
    }

    /** The same settings with another snapshot directory and start-up policy. */
    public LiveConfigSettings withSnapshots(Path directory, Startup policy) {
        return new LiveConfigSettings(namespaces, clusterName, addresses, connectTimeout, ordinal, resyncInterval,
                directory, policy, appName, trustedKeys, insecure, firstContactTimeout);
    }

    /** The same settings trusting other keys. */
    public LiveConfigSettings withTrustedKeys(List<String> keys) {
        return new LiveConfigSettings(namespaces, clusterName, addresses, connectTimeout, ordinal, resyncInterval,
                snapshotDirectory, startup, appName, keys, insecure, firstContactTimeout);
    }

    /** What the source accepts publications from. */
    public TrustedKeys trust() {
        return insecure ? TrustedKeys.insecure() : TrustedKeys.of(trustedKeys);
    }

    /** {@code <user.home>/.liveconfig/snapshots/<cluster name>}: per user, not in a world-writable folder. */
    public static Path defaultSnapshotDirectory(String clusterName) {
        return Path.of(System.getProperty("user.home"), ".liveconfig", "snapshots",
                clusterName.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    /**
     * Reads settings through a lookup of property names such as {@code <prefix>.namespaces}; empty when no namespace is
     * configured, which means the source is not wanted.
     *
     * @throws IllegalArgumentException naming the property whose value is invalid
     */
    public static Optional<LiveConfigSettings> read(String prefix, Function<String, Optional<String>> lookup) {
        Function<String, Optional<String>> property = name -> lookup.apply(prefix + "." + name).map(String::trim)
                .filter(value -> !value.isEmpty());
        Optional<String> namespaces = property.apply("namespaces");
        if (namespaces.isEmpty()) {
            return Optional.empty();
        }
        String ordinal = property.apply("ordinal").orElse(DEFAULT_ORDINAL_TEXT);
        try {
            return Optional.of(new LiveConfigSettings(split(namespaces.get()),
                    property.apply("cluster-name").orElse(DEFAULT_CLUSTER_NAME),
                    split(property.apply("addresses").orElse(DEFAULT_ADDRESSES)),
                    duration(prefix + ".connect-timeout",
                            property.apply("connect-timeout").orElse(DEFAULT_CONNECT_TIMEOUT)),
                    integer(prefix + ".ordinal", ordinal),
                    duration(prefix + ".resync-interval",
                            property.apply("resync-interval").orElse(DEFAULT_RESYNC_INTERVAL)),
                    property.apply("snapshot-dir").map(Path::of).orElse(null),
                    Startup.parse(prefix + ".startup", property.apply("startup").orElse(DEFAULT_STARTUP)),
                    property.apply("app-name").orElse(null),
                    property.apply("trust.public-keys").map(LiveConfigSettings::split).orElse(List.of()),
                    bool(prefix + ".trust.insecure", property.apply("trust.insecure").orElse("false")),
                    duration(prefix + ".first-contact-timeout",
                            property.apply("first-contact-timeout").orElse(DEFAULT_FIRST_CONTACT_TIMEOUT))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid LiveConfig settings under '" + prefix + "': " + e.getMessage(),
                    e);
        }
    }

    /** Splits a comma-separated list, dropping blanks. */
    static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        for (String item : list.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    /** Accepts ISO-8601 ({@code PT10S}) and the short forms MicroProfile users write ({@code 500ms, 10s, 5m, 1h}). */
    static Duration duration(String name, String text) {
        var simple = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            return switch (simple.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    name + " = '" + text + "' is not a duration such as 10s, 500ms or PT10S");
        }
    }

    private static boolean bool(String name, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " = '" + text + "' is not true or false");
        };
    }

    private static int integer(String name, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " = '" + text + "' is not an integer");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + duration);
        }
    }
}
