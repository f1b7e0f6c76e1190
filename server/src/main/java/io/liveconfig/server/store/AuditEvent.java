package io.liveconfig.server.store;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * One recorded action.
 *
 * @param id position in the log; page with {@code before=<id>}
 * @param at when it happened
 * @param actor who did it (declared by the caller until the API authenticates)
 * @param address the client's IP address
 * @param action create, change, rollback, import, schema, settings, delete
 * @param namespace the namespace acted on
 * @param revision the revision it created, if any
 * @param detail what was done, secret values masked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(long id, OffsetDateTime at, String actor, String address, String action, String namespace,
        Long revision, @JsonRawValue String detail) {
}
