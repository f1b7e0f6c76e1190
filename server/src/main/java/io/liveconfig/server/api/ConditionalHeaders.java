package io.liveconfig.server.api;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Conditional-request headers of a write. The ETag of a namespace is its revision, as a strong tag: {@code "7"}.
 *
 * @param ifMatch the revision the write is based on, from {@code If-Match}
 * @param createOnly {@code If-None-Match: *}: the write may only create what does not exist
 */
public record Preconditions(Optional<Long> ifMatch, boolean createOnly) {

    public static final Preconditions NONE = new Preconditions(Optional.empty(), false);
    private static final Pattern STRONG_TAG = Pattern.compile("\\s*\"(\\d{1,18})\"\\s*");

    /**
     * Reads the headers.
     *
     * @throws ApiException 400 for a tag that is not a revision of this API
     */
    public static Preconditions of(String ifMatch, String ifNoneMatch) {
        Optional<Long> revision = Optional.empty();
        if (ifMatch != null) {
            Matcher tag = STRONG_TAG.matcher(ifMatch);
            if (!tag.matches()) {
                throw ApiException.invalidRequest("If-Match must be one revision ETag such as \"7\"",
                        List.of(new Problem.Violation("If-Match", "must be one strong ETag such as \"7\"")));
            }
            revision = Optional.of(Long.parseLong(tag.group(1)));
        }
        if (ifNoneMatch != null && !ifNoneMatch.trim().equals("*")) {
            throw ApiException.invalidRequest("Only If-None-Match: * is supported",
                    List.of(new Problem.Violation("If-None-Match", "must be *")));
        }
        return new Preconditions(revision, ifNoneMatch != null);
    }

    /** The ETag header value of a revision. */
    public static String etag(long revision) {
        return "\"" + revision + "\"";
    }
}
