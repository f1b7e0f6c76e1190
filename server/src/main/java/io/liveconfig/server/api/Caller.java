package io.liveconfig.server.api;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.RequestScoped;

import io.liveconfig.server.core.Provenance;
import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.Violation;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Who makes the current request and from where, for revisions and the audit log.
 * <p>
 * The API has no authentication yet, so the author is what the {@code X-LiveConfig-Author} header declares
 * ({@code anonymous} without it); the address is the TCP peer's.
 */
@RequestScoped
public class Caller {

    public static final String AUTHOR_HEADER = "X-LiveConfig-Author";
    private static final Pattern AUTHOR = Pattern.compile("[A-Za-z0-9._@+ -]{1,128}");

    private final HttpServerRequest request;

    Caller(HttpServerRequest request) {
        this.request = request;
    }

    public Provenance provenance() {
        String author = request.getHeader(AUTHOR_HEADER);
        if (author == null) {
            author = "anonymous";
        } else if (!AUTHOR.matcher(author).matches()) {
            throw Refusal.invalid("Invalid " + AUTHOR_HEADER + " header", List.of(new Violation(AUTHOR_HEADER,
                    "must be 1 to 128 of letters, digits, space and . _ @ + -")));
        }
        SocketAddress peer = request.remoteAddress();
        return new Provenance(author, peer == null ? null : peer.hostAddress());
    }
}
