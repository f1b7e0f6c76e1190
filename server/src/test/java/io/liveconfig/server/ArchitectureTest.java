package io.liveconfig.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The server's packages form layers with one direction: the HTTP API and the feature packages on top, then the write
 * path and repairs, then publication, storage and schemas, then {@code core} and {@code config}. The build fails on a
 * package cycle or on HTTP types in domain code.
 */
class ArchitectureTest {

    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.liveconfig.server");

    private static final String[] DOMAIN = {"io.liveconfig.server.core..", "io.liveconfig.server.config..",
            "io.liveconfig.server.schema..", "io.liveconfig.server.store..", "io.liveconfig.server.publish..",
            "io.liveconfig.server.write..", "io.liveconfig.server.repair..", "io.liveconfig.server.read..",
            "io.liveconfig.server.signing..", "io.liveconfig.server.access.."};

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.liveconfig.server.(*)..").should().beFreeOfCycles().check(SERVER);
    }

    @Test
    void domainCodeTakesNoHttpTypes() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.liveconfig.server.api..", "jakarta.ws.rs..", "org.jboss.resteasy..",
                        "io.vertx..", "org.eclipse.microprofile.openapi..")
                .check(SERVER);
    }

    @Test
    void domainCodeDoesNotKnowTheFeatures() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.liveconfig.server.namespace..", "io.liveconfig.server.entry..",
                        "io.liveconfig.server.revision..", "io.liveconfig.server.transfer..",
                        "io.liveconfig.server.audit..", "io.liveconfig.server.instance..",
                        "io.liveconfig.server.backup..", "io.liveconfig.server.keys..", "io.liveconfig.server.tokens..")
                .check(SERVER);
    }
}
