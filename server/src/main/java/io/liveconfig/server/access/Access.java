package io.liveconfig.server.access;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Everything one caller may do: the union of its grants. Nobody has any right without a grant. */
public record Access(List<Grant> grants) {

    public static final Access NONE = new Access(List.of());
    /** The attribute of a Quarkus SecurityIdentity that holds its Access (security.AccessAugmentor). */
    public static final String ATTRIBUTE = "liveconfig.access";

    public static Access of(Collection<String> roles) {
        return new Access(roles.stream().map(Grant::parse).flatMap(Optional::stream).toList());
    }

    public boolean allows(Role needed, String namespace) {
        return grants.stream().anyMatch(grant -> grant.allows(needed, namespace));
    }

    public boolean isGlobalAdmin() {
        return grants.stream().anyMatch(Grant::isGlobalAdmin);
    }

    /** Whether the caller administers any namespace at all, and so may manage some tokens. */
    public boolean administersAny() {
        return grants.stream().anyMatch(grant -> grant.role() == Role.ADMIN);
    }

    /** Whether the caller may give (or take back) every one of these grants. */
    public boolean canGive(Collection<Grant> given) {
        return given.stream().allMatch(other -> grants.stream().anyMatch(own -> own.canGive(other)));
    }
}
