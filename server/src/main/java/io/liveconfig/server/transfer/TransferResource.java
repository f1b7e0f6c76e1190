package io.liveconfig.server.transfer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import io.liveconfig.server.access.Permission;
import io.liveconfig.server.api.ApiDocumentation;
import io.liveconfig.server.api.Caller;
import io.liveconfig.server.api.ConditionalHeaders;
import io.liveconfig.server.api.Names;
import io.liveconfig.server.api.Names.NamespaceName;
import io.liveconfig.server.api.Problem;
import io.liveconfig.server.core.Refusal;
import io.liveconfig.server.core.RevisionKind;
import io.liveconfig.server.core.Text;
import io.liveconfig.server.core.Violation;
import io.liveconfig.server.read.NamespaceReader;
import io.liveconfig.server.write.Plan;
import io.liveconfig.server.write.WriteService;
import io.liveconfig.server.write.Written;
import io.quarkus.security.PermissionsAllowed;

/**
 * Export and import of a whole namespace as {@code .properties}, YAML or JSON. An import is one change set: validated
 * like any other, all or nothing, and one revision. Secret values are never exported, and an import that replaces the
 * namespace keeps the secrets it does not mention.
 */
@Path("/api/v1/namespaces/{namespace}")
@Tag(name = ApiDocumentation.TAG_TRANSFER)
@APIResponse(responseCode = "500", description = ApiDocumentation.SERVER_ERROR, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "401", description = ApiDocumentation.UNAUTHENTICATED, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
@APIResponse(responseCode = "403", description = ApiDocumentation.FORBIDDEN, content = {
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
public class TransferResource {

    public static final String OMITTED_SECRETS_HEADER = "X-LiveConfig-Omitted-Secrets";

    private final NamespaceReader namespaces;
    private final WriteService writes;
    private final Caller caller;

    TransferResource(NamespaceReader namespaces, WriteService writes, Caller caller) {
        this.namespaces = namespaces;
        this.writes = writes;
        this.caller = caller;
    }

    @GET
    @Path("export")
    @Operation(summary = "Export a namespace as a .properties, YAML or JSON file", description = "Secret values are never exported; the header X-LiveConfig-Omitted-Secrets counts them.")
    @APIResponse(responseCode = "200", description = "The file, keys in order; ETag is the revision exported")
    @APIResponse(responseCode = "400", description = "The namespace name or the format is invalid", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "The namespace does not exist", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @Produces({"text/x-java-properties", "application/yaml", MediaType.APPLICATION_JSON})
    @PermissionsAllowed(Permission.READ)
    public RestResponse<String> export(@PathParam("namespace") @NamespaceName String namespace,
            @QueryParam("format") @DefaultValue("properties") String format) {
        TransferFormat to = TransferFormat.of(format);
        NamespaceReader.Content current = namespaces.current(namespace);
        Map<String, String> exported = new TreeMap<>(current.entries());
        int before = exported.size();
        exported.keySet().removeIf(current.schema()::isSecret);
        return RestResponse.ResponseBuilder.ok(to.write(exported), to.mediaType() + ";charset=UTF-8")
                .header(HttpHeaders.ETAG, ConditionalHeaders.etag(current.revision()))
                .header(OMITTED_SECRETS_HEADER, before - exported.size())
                .header("Content-Disposition", "attachment; filename=\"" + namespace + "."
                        + (to == TransferFormat.PROPERTIES ? "properties" : to.name().toLowerCase()) + "\"")
                .build();
    }

    /**
     * Imports a file as one change set.
     *
     * @param mode {@code merge} sets the file's keys and keeps the others; {@code replace} also removes the keys the
     * file lacks, except secret ones
     * @param dryRun validate and report what would change, without changing anything
     */
    @POST
    @APIResponse(responseCode = "503", description = ApiDocumentation.MEMBER_DOWN, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @Path("import")
    @Operation(summary = "Import a .properties, YAML or JSON file as one change set", description = "The file is read "
            + "as UTF-8, whatever the Content-Type says. Validated like any change set and applied as one revision, all "
            + "or nothing; dryRun=true only validates.")
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = ApiDocumentation.IF_MATCH_DOC)
    @APIResponse(responseCode = "200", description = "Imported (or, for a dry run, would be accepted); ETag is the "
            + "revision the import made, or for a dry run the current one", headers = {
                    @Header(name = HttpHeaders.ETAG, description = ApiDocumentation.ETAG_DOC)})
    @APIResponse(responseCode = "400", description = "The file is malformed (type malformed-file: "
            + "not UTF-8, a key given twice, keys that flatten to one name, YAML anchors, aliases or tags other than "
            + "!!str/!!int/!!float/!!bool/!!map/!!seq, a second document, nesting deeper than "
            + TransferFormat.MAX_DEPTH + " levels, a null value), "
            + "empty, too long, or has invalid names or characters (control characters, lone surrogates); each "
            + "violation names the key and its line", content = {
                    @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "404", description = "The namespace does not exist", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "412", description = ApiDocumentation.STALE_REVISION, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "413", description = ApiDocumentation.BODY_TOO_LARGE, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "422", description = "Values of the file break the namespace's schema", content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @APIResponse(responseCode = "428", description = ApiDocumentation.IF_MATCH_REQUIRED, content = {
            @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))})
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @PermissionsAllowed(Permission.WRITE)
    public RestResponse<ImportResult> importFile(@PathParam("namespace") @NamespaceName String namespace,
            @QueryParam("format") @DefaultValue("properties") String format,
            @QueryParam("mode") @DefaultValue("merge") String mode,
            @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
            @RestHeader("If-Match") String ifMatch, @NotNull byte[] body) {
        boolean replace = switch (mode) {
            case "merge" -> false;
            case "replace" -> true;
            default -> throw Refusal.invalid("Unknown mode '" + mode + "'",
                    List.of(new Violation("mode", "must be merge or replace")));
        };
        TransferFormat.FileContent content = TransferFormat.of(format).read(body);
        checkEntries(content);
        Map<String, String> file = content.entries();
        Plan.Planner planner = base -> {
            Set<String> deletes = new HashSet<>();
            if (replace) {
                for (String key : base.entries().keySet()) {
                    if (!file.containsKey(key) && !base.schema().isSecret(key)) {
                        deletes.add(key);
                    }
                }
            }
            return Plan.changes(file, deletes, "import (" + mode + ", " + file.size() + " keys)");
        };
        if (dryRun) {
            List<Violation> violations = writes.dryRun(namespace, planner);
            if (!violations.isEmpty()) {
                throw Refusal.schemaViolated(namespace, violations);
            }
            return ConditionalHeaders.withRevision(new ImportResult(namespace, null, true, file.size()),
                    namespaces.summary(namespace).revision());
        }
        Written revision = writes.change(namespace, RevisionKind.IMPORT, caller.provenance(),
                ConditionalHeaders.parse(ifMatch), planner);
        return ConditionalHeaders.withRevision(new ImportResult(namespace, revision.revision(), false, file.size()),
                revision.revision());
    }

    /** Property names, value sizes and characters, as for any change set; messages name the line. */
    /** The text of names and values; how many and how large is the write path's to check (liveconfig.limits). */
    private static void checkEntries(TransferFormat.FileContent content) {
        Map<String, String> file = content.entries();
        if (file.isEmpty()) {
            throw Refusal.invalid("The file has no properties", List.of());
        }
        List<Violation> violations = new ArrayList<>();
        file.forEach((key, value) -> {
            String at = content.at(key);
            Optional<String> keyProblem = Text.problem(key);
            if (keyProblem.isPresent()) {
                violations.add(new Violation(printable(key), "name " + keyProblem.get() + at));
            } else if (key.isEmpty()) {
                violations.add(new Violation(key, "is an empty property name" + at));
            } else if (key.length() > Names.KEY_MAX_LENGTH || !Text.isPropertyName(key)) {
                violations.add(new Violation(key, "is not a valid property name" + at));
            } else {
                Text.problem(value).ifPresent(problem -> violations.add(new Violation(key, "value " + problem + at)));
            }
        });
        if (!violations.isEmpty()) {
            throw Refusal.invalid(violations.size() + " properties of the file are invalid", violations);
        }
    }

    /**
     * A name that {@link Text#problem} refuses, with its control characters and surrogates as {@code \\uXXXX}, so that
     * the refusal itself is text that any client can show.
     */
    private static String printable(String key) {
        StringBuilder shown = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                shown.append(String.format("\\u%04X", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }

    /**
     * The outcome of an import.
     *
     * @param revision the revision created; absent for a dry run
     * @param dryRun whether nothing was changed
     * @param keys how many properties the file held
     */
    public record ImportResult(String namespace, Long revision, boolean dryRun, int keys) {
    }
}
