package io.liveconfig.server.audit;

import static io.liveconfig.server.namespace.NamespaceService.sql;

import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.liveconfig.server.api.Names;

/** The audit log: every create, change, rollback, import, schema and settings change and delete. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditStore store;

    AuditResource(AuditStore store) {
        this.store = store;
    }

    /** Newest first; the next page is {@code before=<id of the last event>}. */
    @GET
    public List<AuditEvent> query(@QueryParam("namespace") @Pattern(regexp = Names.NAMESPACE_PATTERN) String namespace,
            @QueryParam("before") @Min(1) Long before,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return sql(() -> store.query(Optional.ofNullable(namespace), Optional.ofNullable(before), limit));
    }
}
