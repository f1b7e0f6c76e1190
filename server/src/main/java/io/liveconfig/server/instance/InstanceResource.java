package io.liveconfig.server.instance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.liveconfig.protocol.InstanceReport;
import io.liveconfig.server.access.Permission;
import io.liveconfig.server.api.ApiDocumentation;
import io.liveconfig.server.api.Names.NamespaceName;
import io.liveconfig.server.api.Problem;
import io.liveconfig.server.read.NamespaceReader;
import io.quarkus.security.PermissionsAllowed;

/**
 * Which app instances read a namespace and which revision each applied, from the reports they send through the cluster.
 * Reports expire by themselves; one older than the timeout is not shown either.
 */
@Path("/api/v1/namespaces/{namespace}/instances")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocumentation.TAG_NAMESPACES)
@APIResponse(responseCode = "500", description = ApiDocumentation.SERVER_ERROR, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "401", description = ApiDocumentation.UNAUTHENTICATED, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "403", description = ApiDocumentation.FORBIDDEN, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
public class InstanceResource {

    private final InstanceReports reports;
    private final NamespaceReader namespaces;
    private final RestartPending restartPending;

    InstanceResource(InstanceReports reports, NamespaceReader namespaces, RestartPending restartPending) {
        this.reports = reports;
        this.namespaces = namespaces;
        this.restartPending = restartPending;
    }

    @GET
    @Operation(summary = "List the app instances that read a namespace, with the revision each applied", description = "Each instance also lists the keys changed since it started that it reads only at start-up "
            + "(restartPending): it serves their old values until it restarts.")
    @APIResponse(responseCode = "200", description = "Instances seen within the timeout, by application and host")
    @APIResponse(responseCode = "400", description = "The namespace name is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "The namespace does not exist", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @PermissionsAllowed(Permission.READ)
    public List<InstanceView> list(@PathParam("namespace") @NamespaceName String namespace) {
        namespaces.summary(namespace);
        List<InstanceReport> readers = new ArrayList<>();
        for (InstanceReport report : reports.fresh()) {
            if (report.revisions().containsKey(namespace)) {
                readers.add(report);
            }
        }
        readers.sort(Comparator.comparing(InstanceReport::app, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(InstanceReport::host, Comparator.nullsLast(Comparator.naturalOrder())));
        RestartPending.Comparison comparison = restartPending.of(namespace);
        List<InstanceView> instances = new ArrayList<>();
        for (InstanceReport report : readers) {
            RestartPending.Pending pending = comparison.of(report);
            instances.add(new InstanceView(report.instance(), report.host(), report.app(),
                    report.revisions().get(namespace), Instant.ofEpochMilli(report.reportedAt()),
                    report.rejections(), pending.keys(), pending.note()));
        }
        return instances;
    }
}
