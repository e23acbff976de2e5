package io.meshperf.coordinator.discovery.kubernetes;

import java.util.List;
import java.util.Objects;

/**
 * One Kubernetes API permission that discovery or leader election needs, in the terms of an RBAC rule, so the deploy
 * manifests' Role and ClusterRole can be checked against what the code really calls.
 *
 * @param apiGroup   RBAC apiGroup ({@code ""} for the core group)
 * @param resource   plural resource name as RBAC spells it
 * @param namespaced true if a namespaced Role suffices, false if it needs a ClusterRole
 * @param verbs      the verbs used, sorted
 */
public record ApiAccess(String apiGroup, String resource, boolean namespaced, List<String> verbs) {

    public ApiAccess {
        Objects.requireNonNull(apiGroup, "apiGroup");
        if (resource == null || resource.isBlank()) {
            throw new IllegalArgumentException("resource is required");
        }
        if (verbs == null || verbs.isEmpty()) {
            throw new IllegalArgumentException("verbs of " + resource + " must not be empty");
        }
        verbs = verbs.stream().sorted().toList();
    }
}
