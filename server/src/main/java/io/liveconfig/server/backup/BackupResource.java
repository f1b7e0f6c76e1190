package io.liveconfig.server.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.liveconfig.server.access.Grant;
import io.liveconfig.server.api.ApiDocumentation;
import io.liveconfig.server.api.Caller;
import io.liveconfig.server.api.Problem;
import io.liveconfig.server.store.AuditStore;
import io.liveconfig.server.store.EmbeddedBackup;
import io.liveconfig.server.store.Transactions;

/** An online backup of the embedded store, downloaded as one SQLite file; how to restore it: docs/durability.md. */
@jakarta.ws.rs.Path("/api/v1/backups")
@Tag(name = ApiDocumentation.TAG_BACKUP)
@APIResponse(responseCode = "500", description = ApiDocumentation.SERVER_ERROR, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "401", description = ApiDocumentation.UNAUTHENTICATED, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "403", description = ApiDocumentation.FORBIDDEN, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
public class BackupResource {

    public static final String MEDIA_TYPE = "application/vnd.sqlite3";

    private final EmbeddedBackup backups;
    private final AuditStore audit;
    private final Transactions transactions;
    private final Caller caller;

    BackupResource(EmbeddedBackup backups, AuditStore audit, Transactions transactions, Caller caller) {
        this.backups = backups;
        this.audit = audit;
        this.transactions = transactions;
        this.caller = caller;
    }

    @POST
    @Produces({MEDIA_TYPE, Problem.MEDIA_TYPE})
    @Operation(summary = "Back up the embedded store", description = "A consistent copy of the whole store, taken "
            + "while writes go on. A server started on it after a restore moves every namespace to a new history "
            + "epoch, so apps apply the restored content and no revision number is reused.")
    @APIResponse(responseCode = "200", description = "The backup, as an SQLite database file", content = @Content(mediaType = MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "The store is PostgreSQL: back it up with its own tools", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed(Grant.GLOBAL_ADMIN)
    public Response backUp() throws SQLException, IOException {
        Path file = backups.write();
        long bytes = Files.size(file);
        transactions.inNew(() -> {
            audit.record(caller.provenance(), "backup", null, null, Map.of("bytes", bytes));
            return null;
        });
        String name = "liveconfig-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-')
                + ".db";
        StreamingOutput body = out -> {
            try {
                Files.copy(file, out);
            } finally {
                Files.deleteIfExists(file);
            }
        };
        return Response.ok(body, MEDIA_TYPE).header(HttpHeaders.CONTENT_LENGTH, bytes)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }
}
