package io.liveconfig.server.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.liveconfig.server.access.Permission;
import io.liveconfig.server.access.Role;
import io.quarkus.security.PermissionChecker;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Decides the {@code @PermissionsAllowed} of every route that names a namespace, from the caller's grants and the
 * route's {@code namespace} parameter (Quarkus passes the secured method's parameter of that name).
 */
@ApplicationScoped
public class NamespacePermissions {

    @PermissionChecker(Permission.READ)
    boolean canRead(SecurityIdentity identity, String namespace) {
        return AccessAugmentor.access(identity).allows(Role.READER, namespace);
    }

    @PermissionChecker(Permission.WRITE)
    boolean canWrite(SecurityIdentity identity, String namespace) {
        return AccessAugmentor.access(identity).allows(Role.WRITER, namespace);
    }

    @PermissionChecker(Permission.ADMIN)
    boolean canAdminister(SecurityIdentity identity, String namespace) {
        return AccessAugmentor.access(identity).allows(Role.ADMIN, namespace);
    }

    @PermissionChecker(Permission.AUDIT)
    boolean canReadAudit(SecurityIdentity identity, String namespace) {
        return namespace == null
                ? AccessAugmentor.access(identity).isGlobalAdmin()
                : AccessAugmentor.access(identity).allows(Role.ADMIN, namespace);
    }
}
