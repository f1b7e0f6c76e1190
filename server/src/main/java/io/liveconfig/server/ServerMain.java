package io.liveconfig.server;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the server. Before Quarkus starts: its HTTP layer answers a request target that {@link java.net.URI} cannot
 * parse (such as a bad percent escape, {@code %zz}) with an empty 400 before any route runs, unless
 * {@code vertx.disableURIValidation} is set; the server then checks raw targets itself (api.PathGuard), and the answer
 * is problem details like every other refusal.
 */
@QuarkusMain
public final class ServerMain {

    /** Quarkus' check of the request target, read when its HTTP recorder class loads. */
    public static final String TARGETS_CHECKED_BY_US = "vertx.disableURIValidation";
    /** Netty's check of request headers (and Vert.x' of response headers), read when Vert.x' HttpHeaders loads. */
    public static final String HEADERS_CHECKED_BY_US = "vertx.disableHttpHeadersValidation";

    private ServerMain() {
    }

    public static void main(String... args) {
        checkedByUs();
        Quarkus.run(args);
    }

    /** Before Quarkus starts (and before a test starts it): unless set otherwise. */
    public static void checkedByUs() {
        for (String property : new String[]{TARGETS_CHECKED_BY_US, HEADERS_CHECKED_BY_US}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "true");
            }
        }
    }
}
