package io.liveconfig.testing;

/**
 * The API token every test server starts with as its initial admin token (through {@code LIVECONFIG_API_ADMIN_TOKEN}),
 * so that tests and benchmarks authenticate like any client. Only for tests: a real server makes its own.
 */
public final class TestTokens {

    /** The global admin of every test server. */
    public static final String ADMIN = "lct_test-admin-token-0123456789abcdefghijklmnopqrstuv";
    /** The environment variable that hands it to a server process. */
    public static final String ENVIRONMENT = "LIVECONFIG_API_ADMIN_TOKEN";

    private TestTokens() {
    }

    /** The value of an Authorization header that carries a token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
