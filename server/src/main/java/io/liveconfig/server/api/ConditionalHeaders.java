package io.liveconfig.server.api;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.RestResponse;

import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.Violation;
import io.liveconfig.server.write.Preconditions;

/**
 * Conditional requests over HTTP. The ETag of a namespace is its revision, as a strong tag: {@code "7"}; every read and
 * every write answers with it, and writes accept it back in {@code If-Match}.
 */
public final class ConditionalHeaders {

    private static final Pattern STRONG_TAG = Pattern.compile("\\s*\"(\\d{1,18})\"\\s*");

    private ConditionalHeaders() {
    }

    /**
     * A write's preconditions from its {@code If-Match} and {@code If-None-Match} headers.
     *
     * @throws Refusal for a tag that is not a revision of this API
     */
    public static Preconditions parse(String ifMatch, String ifNoneMatch) {
        Optional<Long> revision = Optional.empty();
        if (ifMatch != null) {
            Matcher tag = STRONG_TAG.matcher(ifMatch);
            if (!tag.matches()) {
                throw Refusal.invalid("If-Match must be one revision ETag such as \"7\"",
                        List.of(new Violation("If-Match", "must be one strong ETag such as \"7\"")));
            }
            revision = Optional.of(Long.parseLong(tag.group(1)));
        }
        if (ifNoneMatch != null && !ifNoneMatch.trim().equals("*")) {
            throw Refusal.invalid("Only If-None-Match: * is supported",
                    List.of(new Violation("If-None-Match", "must be *")));
        }
        return new Preconditions(revision, ifNoneMatch != null);
    }

    /** A write's preconditions from {@code If-Match} alone. */
    public static Preconditions parse(String ifMatch) {
        return parse(ifMatch, null);
    }

    /** The ETag header value of a revision. */
    public static String etag(long revision) {
        return "\"" + revision + "\"";
    }

    /** A 200 answer carrying the namespace's revision as ETag. */
    public static <T> RestResponse<T> withRevision(T body, long revision) {
        return RestResponse.ResponseBuilder.ok(body).header(HttpHeaders.ETAG, etag(revision)).build();
    }
}
