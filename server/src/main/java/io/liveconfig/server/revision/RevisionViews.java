package io.liveconfig.server.revision;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.SortedMap;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the history API answers. Secret values are masked in all of them. */
public final class RevisionViews {

    private RevisionViews() {
    }

    /**
     * One revision's provenance.
     *
     * @param kind create, change, rollback, import, schema, delete, baseline or restore
     * @param changeCount how many keys it changed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(long revision, String kind, String author, OffsetDateTime createdAt, String note,
            int changeCount) {
    }

    /**
     * A page of revisions, newest first.
     *
     * @param revisions the page
     * @param nextPage the next page's number, absent on the last page
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(String namespace, List<Summary> revisions, Integer nextPage) {
    }

    /**
     * One key's change: from {@code oldValue} to {@code newValue}; a missing side means absent.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyChange(String key, String oldValue, String newValue) {
    }

    /** One revision with exactly what it changed. */
    public record Detail(String namespace, Summary revision, List<KeyChange> changes) {
    }

    /** The whole namespace as it was at a revision. */
    public record Content(String namespace, long revision, SortedMap<String, String> entries) {
    }

    /**
     * How the namespace differs between two revisions.
     *
     * @param changes per key that differs: its value at {@code from} (old) and at {@code to} (new)
     */
    public record Diff(String namespace, long from, long to, List<KeyChange> changes) {
    }
}
