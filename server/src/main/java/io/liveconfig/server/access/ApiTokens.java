package io.liveconfig.server.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import io.liveconfig.server.config.ServerConfig;
import io.liveconfig.server.core.OwnerOnly;
import io.liveconfig.server.core.Provenance;
import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.ServerLog;
import io.liveconfig.server.core.Violation;
import io.liveconfig.server.store.AuditStore;
import io.liveconfig.server.store.TokenStore;
import io.liveconfig.server.store.Transactions;
import io.quarkus.runtime.StartupEvent;

/**
 * The API tokens: 256 random bits behind the prefix {@code lct_}, shown once when created and stored only as their
 * SHA-256 hash (a slow hash buys nothing for a secret that cannot be guessed). The first start of an empty store makes
 * an initial admin token, so that the server never has default credentials.
 */
@ApplicationScoped
public class ApiTokens {

    public static final String PREFIX = "lct_";
    public static final String INITIAL_ADMIN = "initial-admin";
    static final String TOKEN_FILE = "admin-token";
    private static final Pattern TOKEN = Pattern.compile(PREFIX + "[A-Za-z0-9_-]{43,200}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** How stale a token's last-used time may get: marking every use would make each read a write. */
    private static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    /** A token as listed: everything but the token and its hash. */
    public record Token(String id, String name, List<Grant> grants, Instant createdAt, String createdBy,
            Instant expiresAt, Instant lastUsedAt, Instant revokedAt, String revokedBy) {
    }

    /** A token just made: the only time its text is known. */
    public record Created(Token token, String secret) {
    }

    /** Who a valid token belongs to. */
    public record Holder(String id, String name, List<Grant> grants) {
    }

    private final TokenStore store;
    private final AuditStore audit;
    private final Transactions transactions;
    private final ServerConfig config;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(TokenStore store, AuditStore audit, Transactions transactions, ServerConfig config) {
        this.store = store;
        this.audit = audit;
        this.transactions = transactions;
        this.config = config;
    }

    /** After the store is migrated (StoreStartup) and the signing keys are read. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 2) StartupEvent start) {
        Optional<String> configured = config.api().adminToken();
        if (configured.isPresent() && !looksLikeToken(configured.get())) {
            throw new IllegalStateException("liveconfig.api.admin-token must be " + PREFIX + " followed by at least 43 "
                    + "of A-Z a-z 0-9 - _ (256 random bits), such as: echo " + PREFIX
                    + "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')");
        }
        if (!Transactions.read(store::isEmpty)) {
            return;
        }
        String secret = configured.orElseGet(this::newSecret);
        try {
            transactions.inNew(() -> {
                if (store.isEmpty()) {
                    insert(INITIAL_ADMIN, secret, List.of(Grant.globalAdmin()), null, Provenance.SERVER);
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (Transactions.read(store::isEmpty)) {
                throw e;
            }
            return; // another server member of the same database made it first
        }
        if (configured.isPresent()) {
            ServerLog.LOG.initialAdminTokenConfigured();
        } else {
            Path file = writeOwnerOnly(Path.of(config.dataDir()).resolve(TOKEN_FILE), secret);
            ServerLog.LOG.initialAdminTokenWritten(file.toString(), file.toString());
        }
    }

    /** The holder of a presented token, if it is one of ours, not revoked and not expired; never says which failed. */
    public Optional<Holder> authenticate(String presented) {
        if (!looksLikeToken(presented)) {
            return Optional.empty();
        }
        byte[] hash = hash(presented);
        Optional<TokenStore.Row> found = Transactions.read(() -> store.byHash(HexFormat.of().formatHex(hash)));
        if (found.isEmpty() || !MessageDigest.isEqual(hash, HexFormat.of().parseHex(found.get().tokenHash()))) {
            return Optional.empty();
        }
        TokenStore.Row row = found.get();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (row.revokedAt() != null || row.expiresAt() != null && !row.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        if (row.lastUsedAt() == null || row.lastUsedAt().plus(USE_RESOLUTION).isBefore(now)) {
            transactions.inNew(() -> {
                store.used(row.id(), now);
                return null;
            });
        }
        return Optional.of(new Holder(row.id(), row.name(), grants(row.grants())));
    }

    /** Every token the caller may manage: all for the global admin, else those within its admin scopes. */
    public List<Token> list(Access caller) {
        requireAdmin(caller);
        return Transactions.read(store::all).stream().map(ApiTokens::token)
                .filter(token -> caller.canGive(token.grants())).toList();
    }

    /** Makes a token with grants the caller may give; its text is in the answer and nowhere else. */
    public Created create(String name, List<String> roles, Instant expiresAt, Access caller, Provenance who) {
        requireAdmin(caller);
        List<Grant> grants = parseRoles(roles);
        if (name == null || !NAME.matcher(name).matches()) {
            throw Refusal.invalid("Invalid token name", List.of(new Violation("name",
                    "must be 1 to 64 of letters, digits and . _ -, starting with a letter or digit")));
        }
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw Refusal.invalid("The expiry is not in the future", List.of(new Violation("expiresAt",
                    "must be in the future")));
        }
        if (!caller.canGive(grants)) {
            throw Refusal.forbidden("You may give only grants within your own admin scopes: " + caller.grants());
        }
        String secret = newSecret();
        String id = transactions.inNew(() -> {
            if (store.nameInUse(name)) {
                throw Refusal.tokenExists(name);
            }
            return insert(name, secret, grants, expiresAt, who);
        });
        return new Created(token(Transactions.read(() -> store.byId(id)).orElseThrow()), secret);
    }

    /** Revokes a token; revoking one that is revoked already changes nothing. */
    public void revoke(String id, Access caller, Provenance who) {
        requireAdmin(caller);
        transactions.inNew(() -> {
            TokenStore.Row row = store.byId(id).orElseThrow(() -> Refusal.tokenNotFound(id));
            if (!caller.canGive(grants(row.grants()))) {
                throw Refusal.forbidden("Token '" + id + "' holds grants outside your admin scopes");
            }
            if (store.revoke(id, who.author())) {
                audit.record(who, "token-revoked", null, null, Map.of("id", id, "name", row.name()));
            }
            return null;
        });
    }

    public static boolean looksLikeToken(String text) {
        return text != null && TOKEN.matcher(text).matches();
    }

    private String insert(String name, String secret, List<Grant> grants, Instant expiresAt, Provenance who)
            throws SQLException {
        String id = HexFormat.of().formatHex(randomBytes(6));
        store.insert(id, name, HexFormat.of().formatHex(hash(secret)), String.join(" ",
                grants.stream().map(Grant::toString).toList()), who.author(),
                expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("id", id);
        detail.put("name", name);
        detail.put("roles", grants.stream().map(Grant::toString).toList());
        if (expiresAt != null) {
            detail.put("expiresAt", expiresAt.toString());
        }
        audit.record(who, "token-created", null, null, detail);
        return id;
    }

    private static List<Grant> parseRoles(List<String> roles) {
        if (roles == null || roles.isEmpty()) {
            throw Refusal.invalid("A token needs at least one role", List.of(new Violation("roles",
                    "must name at least one role")));
        }
        List<Violation> violations = new java.util.ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            if (roles.get(i) == null || Grant.parse(roles.get(i)).isEmpty()) {
                violations.add(new Violation("roles[" + i + "]", "must be admin, or reader, writer or admin, a "
                        + "colon and a namespace name or prefix ending in * (such as writer:orders, reader:pay-*)"));
            }
        }
        if (!violations.isEmpty()) {
            throw Refusal.invalid("Invalid roles", violations);
        }
        return roles.stream().map(role -> Grant.parse(role).orElseThrow()).distinct().toList();
    }

    private static void requireAdmin(Access caller) {
        if (!caller.administersAny()) {
            throw Refusal.forbidden("Only an admin manages tokens");
        }
    }

    private static List<Grant> grants(String stored) {
        return Arrays.stream(stored.split(" ")).map(text -> Grant.parse(text).orElseThrow()).toList();
    }

    private static Token token(TokenStore.Row row) {
        return new Token(row.id(), row.name(), grants(row.grants()), instant(row.createdAt()), row.createdBy(),
                instant(row.expiresAt()), instant(row.lastUsedAt()), instant(row.revokedAt()), row.revokedBy());
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private String newSecret() {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    /** Creates the file readable and writable by its owner only, before a byte of the token is in it. */
    private static Path writeOwnerOnly(Path file, String secret) {
        try {
            OwnerOnly.createDirectories(file.getParent());
            Files.deleteIfExists(file); // left by an earlier store in this directory: its token is gone with it
            OwnerOnly.createFile(file);
            Files.writeString(file, secret + "\n", StandardOpenOption.TRUNCATE_EXISTING);
            return file.toAbsolutePath().normalize();
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("Could not create " + file + ": it appeared while the server wrote it", e);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write the initial admin token to " + file, e);
        }
    }
}
