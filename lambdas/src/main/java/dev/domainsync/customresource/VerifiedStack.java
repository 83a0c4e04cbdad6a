package dev.domainsync.customresource;

import java.time.Instant;
import java.util.Map;

/**
 * What CloudFormation confirmed of a request's stack: its name, CreationTime (the claims' precedence) and
 * current parameters, and whether the request is part of an update rollback.
 */
record VerifiedStack(String stackId, String stackName, Instant creationTime,
        Map<String, String> parameters, boolean rollingBack) {

    VerifiedStack {
        parameters = Map.copyOf(parameters);
    }
}
