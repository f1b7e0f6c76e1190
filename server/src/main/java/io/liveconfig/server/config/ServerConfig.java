package io.liveconfig.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the LiveConfig server, under {@code liveconfig.}; Quarkus' own settings are not repeated here. */
@ConfigMapping(prefix = "liveconfig")
public interface ServerConfig {

    /** Folder of the embedded store (liveconfig.db) and of the marker that names the store this server serves. */
    @WithDefault("./data")
    String dataDir();

    /** The embedded Hazelcast member that publishes snapshots. */
    Cluster cluster();

    /** How secret values are published. */
    Secrets secrets();

    /** The app instances that report to the cluster. */
    Instances instances();

    /** How publications are signed, so that apps apply only what the server published. */
    Signing signing();

    /** Who may use the REST API (docs/security.md). */
    Api api();

    /** How much the server holds: refused writes change nothing (docs/limits.md). */
    Limits limits();

    /** How long the history of each namespace is kept. */
    History history();

    /** How long the audit log is kept. */
    Audit audit();

    /**
     * Quotas that every write meets, whatever route makes it (entry, change set, import, rollback): a request too large
     * is refused with 413, one that would take a namespace or the server over its quota with 422, both naming the
     * setting.
     */
    interface Limits {

        /** The default of {@link #bytesPerValue()}; also the width of the value columns of PostgreSQL. */
        int DEFAULT_BYTES_PER_VALUE = 65_536;
        /** The default of {@link #changesPerChangeSet()}. */
        int DEFAULT_CHANGES_PER_CHANGE_SET = 10_000;

        /** How many namespaces (not deleted) the server holds at most. */
        @WithDefault("1000")
        @Min(1)
        int namespacesPerServer();

        /** How many keys one namespace holds at most. */
        @WithDefault("100000")
        @Min(1)
        int keysPerNamespace();

        /** How long one value may be, in UTF-8 bytes. */
        @WithDefault("" + DEFAULT_BYTES_PER_VALUE)
        @Min(1)
        int bytesPerValue();

        /** How large one namespace may be: the UTF-8 bytes of its keys and values together. */
        @WithDefault("16777216")
        @Min(1)
        long bytesPerNamespace();

        /** How many keys one change set or import may set and remove (a rollback may change more). */
        @WithDefault("" + DEFAULT_CHANGES_PER_CHANGE_SET)
        @Min(1)
        int changesPerChangeSet();

        /**
         * How long the schema checks of one write (or dry run) may take before it is refused with 422: a write checks
         * while it holds its namespace, so this bounds how long other writers wait.
         */
        @WithDefault("2s")
        Duration checkTimeout();
    }

    /**
     * The history of each namespace is pruned: a revision is kept while it is among the last {@code keep-revisions} and
     * younger than {@code keep-for}; the current revision is always kept. Older ones answer 410.
     */
    interface History {

        /** How many of the latest revisions of each namespace are kept at most. */
        @WithDefault("1000")
        @Min(1)
        int keepRevisions();

        /** How old a revision may be and still be kept. */
        @WithDefault("90d")
        Duration keepFor();

        /** How often the history and the audit log are pruned. */
        @WithDefault("10m")
        Duration pruneInterval();

        /** How many revisions of one namespace one transaction prunes at most, so that writes wait briefly. */
        @WithDefault("100")
        @Min(1)
        int pruneBatch();
    }

    /** The audit log. */
    interface Audit {

        /** How old an audit event may be and still be kept. */
        @WithDefault("365d")
        Duration retention();
    }

    /**
     * Callers of the REST API authenticate with an API token (or, when configured, an OIDC bearer token) sent as
     * {@code Authorization: Bearer}; nothing is open to anonymous callers but health.
     */
    interface Api {

        /**
         * The initial admin token, taken on the first start of an empty store instead of generating one into
         * {@code admin-token} in the data directory: {@code lct_} and at least 43 of {@code A-Z a-z 0-9 - _}. Set it
         * through the environment ({@code LIVECONFIG_API_ADMIN_TOKEN}), not on the command line.
         */
        Optional<String> adminToken();

        /**
         * The names ({@code Host} header, without the port) the API answers to. By default, while the server listens on
         * loopback: {@code localhost}, {@code 127.0.0.1} and {@code [::1]}, so that a web page cannot reach it through
         * DNS rebinding; on another interface, any name unless set.
         */
        Optional<List<String>> allowedHosts();
    }

    /**
     * The server's embedded Hazelcast member. Open-source Hazelcast has no authentication or TLS, so the member binds
     * to loopback unless told otherwise, and serves apps and other members on separate endpoints: treat both ports as
     * trust boundaries, and keep the member endpoint on a network that only the other members reach.
     */
    interface Cluster {

        /** Cluster name; members and apps must use the same one. An equality check, not a secret. */
        @WithDefault("liveconfig")
        String name();

        /** Address of the interface that apps connect to (the client endpoint), which the member binds to. */
        @WithDefault("127.0.0.1")
        String host();

        /** Port that apps connect to (the client endpoint); it does not move to another port when this one is taken. */
        @WithDefault("5701")
        int port();

        /**
         * Address ({@code host:port}) the member announces to apps, when they reach it through a proxy, NAT or a
         * container's port mapping rather than at {@code host:port}.
         */
        Optional<String> publicAddress();

        /** The endpoint that other server members join, apart from the one apps use. */
        MemberEndpoint member();

        /**
         * Other server members to join, by their member endpoints ({@code host:port}), by TCP/IP; multicast and
         * auto-detection are off.
         */
        Optional<List<String>> members();

        /** How often every namespace's publication is compared with the database, to heal what the map lost. */
        @WithDefault("30s")
        Duration repairInterval();
    }

    /**
     * Where other server members connect. Whoever reaches it joins the cluster as a member, with every right over it:
     * bind it to a private interface and firewall it to the other members.
     */
    interface MemberEndpoint {

        /** Address of the interface that other server members connect to; the client endpoint's host by default. */
        @WithDefault("${liveconfig.cluster.host:127.0.0.1}")
        String host();

        /** Port that other server members connect to; it does not move to another port when this one is taken. */
        @WithDefault("5710")
        int port();

        /**
         * Address ({@code host:port}) the member announces to the other members, when they reach it through NAT or a
         * port mapping rather than at {@code host:port}.
         */
        Optional<String> publicAddress();
    }

    /** Secret values are published encrypted, since the cluster port has no authentication or TLS. */
    interface Secrets {

        /**
         * The key secret values are encrypted with (AES-256-GCM over its SHA-256); apps decrypt them with the same key
         * in {@code smallrye.config.secret-handler.aes-gcm-nopadding.encryption-key}. Without it, schemas with secret
         * keys are refused.
         */
        Optional<String> encryptionKey();

        /**
         * A file that holds the encryption key (its content, trimmed), read at start: keeps the key out of the command
         * line and the process's environment. Not together with {@code encryption-key}.
         */
        Optional<Path> encryptionKeyFile();
    }

    /** The keys that sign publications live in the database, their private halves encrypted. */
    interface Signing {

        /**
         * The secret the signing keys' private halves are encrypted with in the database (AES-256-GCM over its
         * SHA-256); every server member of one database needs the same one. Without it, the first start writes a random
         * one to {@code signing-key.kek} in the data directory, readable only by its owner.
         */
        Optional<String> keyEncryptionKey();

        /**
         * A file that holds the key-encryption key (its content, trimmed), read at start, instead of
         * {@code key-encryption-key}.
         */
        Optional<Path> keyEncryptionKeyFile();
    }

    /** What the server shows of the app instances that read a namespace. */
    interface Instances {

        /** How old an instance's last report may be and still be shown; the reports' time to live by default. */
        @WithDefault("30s") // Timings.INSTANCE_TIMEOUT; annotation values must be constants
        Duration timeout();
    }
}
