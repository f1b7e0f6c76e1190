package io.liveconfig.server.access;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One right of a token or an OIDC identity, written as it is granted: {@code admin} (the global admin, who also manages
 * tokens of every scope, signing keys and backups) or {@code <role>:<namespaces>}, where namespaces is a name
 * ({@code orders}) or a prefix followed by {@code *} ({@code payments-*}, {@code *}).
 *
 * @param scope the namespaces covered; absent for the global admin
 */
public record Grant(Role role, Optional<String> scope) {

    public static final String GLOBAL_ADMIN = "admin";
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\*?|\\*");

    public static Grant globalAdmin() {
        return new Grant(Role.ADMIN, Optional.empty());
    }

    /** The grant a text names, or empty if it names none (such as an OIDC role that is not ours). */
    public static Optional<Grant> parse(String text) {
        if (GLOBAL_ADMIN.equals(text)) {
            return Optional.of(globalAdmin());
        }
        int colon = text.indexOf(':');
        if (colon < 0 || !SCOPE.matcher(text.substring(colon + 1)).matches()) {
            return Optional.empty();
        }
        try {
            Role role = Role.valueOf(text.substring(0, colon).toUpperCase(Locale.ROOT));
            return Optional.of(new Grant(role, Optional.of(text.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean isGlobalAdmin() {
        return scope.isEmpty();
    }

    /** Whether this grant lets its holder act as {@code needed} on the namespace. */
    public boolean allows(Role needed, String namespace) {
        return role.includes(needed) && (scope.isEmpty() || covers(scope.get(), namespace));
    }

    /** Whether a holder of this grant may give {@code other} to someone: only within an admin scope of its own. */
    public boolean canGive(Grant other) {
        if (isGlobalAdmin()) {
            return true;
        }
        if (role != Role.ADMIN || other.isGlobalAdmin()) {
            return false;
        }
        String given = other.scope.get();
        String own = scope.get();
        if (own.endsWith("*")) {
            return given.startsWith(own.substring(0, own.length() - 1));
        }
        return own.equals(given);
    }

    private static boolean covers(String scope, String namespace) {
        return scope.endsWith("*")
                ? namespace.startsWith(scope.substring(0, scope.length() - 1))
                : scope.equals(namespace);
    }

    @Override
    public String toString() {
        return scope.map(s -> role.id() + ":" + s).orElse(GLOBAL_ADMIN);
    }
}
