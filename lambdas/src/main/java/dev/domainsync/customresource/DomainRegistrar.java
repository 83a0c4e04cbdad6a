package dev.domainsync.customresource;

import dev.domainsync.customresource.CustomResourceResponse.Data;
import dev.domainsync.customresource.CustomResourceResponse.Status;
import dev.domainsync.json.InvalidInputException;
import dev.domainsync.registry.ChangeSource;
import dev.domainsync.registry.DatabaseException;
import dev.domainsync.registry.DatabaseUnavailableException;
import dev.domainsync.registry.RegistrationOutcome;
import dev.domainsync.registry.StackClaims;
import dev.domainsync.registry.StackRegistration;
import dev.domainsync.rules.CandidateStack;
import dev.domainsync.rules.ClaimExtractor;
import dev.domainsync.rules.InvalidDomain;
import dev.domainsync.rules.SkipReason;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.rules.SyncSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code Custom::DomainRegistration} request into the owning stack's claims: Create and Update register the
 * stack's domains under the sync rules, Delete removes them, and every outcome, failures included, becomes the
 * response for CloudFormation.
 */
public final class DomainRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(DomainRegistrar.class);

    static final int MAX_REASON_LENGTH = 512;
    /** Keeps the whole response below CloudFormation's 4 KB limit, whatever the number of domains. */
    static final int MAX_DOMAINS_DATA_LENGTH = 1500;
    static final int MAX_REQUEST_ID_LENGTH = 256;

    private static final Pattern STACK_ARN = Pattern.compile("arn:[^:]+:cloudformation:[^:]*:[0-9]*:stack/([^/]+)/.+");

    private final StackClaims claims;
    private final ClaimExtractor extractor;
    private final Clock clock;

    public DomainRegistrar(StackClaims claims, Clock clock) {
        this.claims = Objects.requireNonNull(claims, "claims");
        this.clock = Objects.requireNonNull(clock, "clock");
        // The resource's property names, with every other rule (normalisation, lists, group length) the workflow's.
        SyncSettings defaults = SyncSettings.defaults();
        this.extractor = new ClaimExtractor(new SyncSettings(defaults.descriptionPattern(),
                DomainRegistrationProperties.DOMAIN_NAME, DomainRegistrationProperties.GROUP_ID, defaults.overlap(),
                defaults.pruneGuardPercent()));
    }

    /**
     * Applies the request and returns its response: an invalid request or a database failure is a FAILED response
     * with a short reason (except a Delete that cannot reach the database, which succeeds); anything else (a bug)
     * escapes to {@link CustomResourceResponder}, which answers it.
     */
    public CustomResourceResponse apply(CustomResourceEvent event, String logStreamName) {
        LOG.info("Request {}: {} of {} {} in stack {}, physical id {}", event.requestId(), event.requestType(),
                event.resourceType(), event.logicalResourceId(), event.stackId(), event.physicalResourceId());
        try {
            return switch (Objects.requireNonNullElse(event.requestType(), "")) {
                case CustomResourceEvent.CREATE, CustomResourceEvent.UPDATE -> register(event);
                case CustomResourceEvent.DELETE -> remove(event);
                default -> throw new InvalidInputException("unknown RequestType '" + event.requestType() + "'");
            };
        } catch (InvalidInputException e) {
            LOG.warn("Request {} ({} of {}) is invalid: {}", event.requestId(), event.requestType(), event.stackId(),
                    e.getMessage());
            return failed(event, e.getMessage(), logStreamName);
        } catch (DatabaseUnavailableException e) {
            if (CustomResourceEvent.DELETE.equals(event.requestType())) {
                return deletedWithoutTheDatabase(event, logStreamName, e);
            }
            LOG.error("Request {} ({} of {}) failed: database unavailable", event.requestId(), event.requestType(),
                    event.stackId(), e);
            return failed(event, "database unavailable", logStreamName);
        } catch (DatabaseException e) {
            LOG.error("Request {} ({} of {}) failed: database error", event.requestId(), event.requestType(),
                    event.stackId(), e);
            return failed(event, "database error", logStreamName);
        }
    }

    /**
     * The FAILED response to {@code event}. A failed Create names the registration it would have made, so that the
     * Delete of CloudFormation's rollback removes it should the registration still commit (after a timeout); a
     * failed Update or Delete keeps the resource's id.
     */
    public CustomResourceResponse failed(CustomResourceEvent event, String reason, String logStreamName) {
        String failedCreate = PhysicalResourceIds.failedCreate(String.valueOf(event.requestId()));
        String physicalId = CustomResourceEvent.CREATE.equals(event.requestType())
                ? intendedRegistrationId(event).orElse(failedCreate)
                : Optional.ofNullable(event.physicalResourceId()).orElse(failedCreate);
        String fullReason = reason + " (CloudWatch log stream " + logStreamName + ")";
        return response(event, Status.FAILED, abbreviate(fullReason, MAX_REASON_LENGTH), physicalId, List.of());
    }

    /**
     * A Delete that cannot reach the database still succeeds, keeping the resource's id: failing it would leave the
     * customer's stack DELETE_FAILED, while the scheduled workflow prunes the claims of a deleted stack anyway.
     */
    private CustomResourceResponse deletedWithoutTheDatabase(CustomResourceEvent event, String logStreamName,
            DatabaseUnavailableException e) {
        LOG.warn("Request {} (Delete of {}): database unavailable; answering SUCCESS, the scheduled workflow will "
                + "remove the stack's claims", event.requestId(), event.stackId(), e);
        String reason = "database unavailable; the scheduled workflow will remove the claims (CloudWatch log stream "
                + logStreamName + ")";
        return response(event, Status.SUCCESS, abbreviate(reason, MAX_REASON_LENGTH), event.physicalResourceId(),
                List.of());
    }

    private CustomResourceResponse register(CustomResourceEvent event) {
        Instant now = clock.instant();
        StackExtract extract = extract(event, now);
        List<String> domains = List.copyOf(new TreeSet<>(extract.domains()));
        StackRegistration registration = new StackRegistration(PhysicalResourceIds.of(domains), extract.stackId(),
                extract.stackName(), extract.groupId(), domains, now);
        RegistrationOutcome outcome = claims.replaceStackClaims(registration, source(event));
        String reason = extract.invalidDomains().isEmpty() ? null
                : abbreviate("ignored invalid domains: " + describe(extract.invalidDomains()), MAX_REASON_LENGTH);
        return response(event, Status.SUCCESS, reason, outcome.registrationId(), outcome.domains());
    }

    private CustomResourceResponse remove(CustomResourceEvent event) {
        requireRouting(event);
        String physicalId = requireText(event.physicalResourceId(), "PhysicalResourceId");
        RegistrationOutcome outcome = claims.removeStackClaims(event.stackId(), physicalId, source(event));
        return response(event, Status.SUCCESS, null, physicalId, outcome.domains());
    }

    /** The stack's claims under the sync rules; a skip, or no valid domain at all, is invalid input. */
    private StackExtract extract(CustomResourceEvent event, Instant now) {
        String stackName = requireRouting(event);
        DomainRegistrationProperties properties = DomainRegistrationProperties.parse(event.resourceProperties());
        StackExtract extract = extractor.extract(new CandidateStack(event.stackId(), stackName, now, null),
                properties.asParameters());
        if (extract.isSkipped()) {
            throw new InvalidInputException(describe(extract.skipReason()));
        }
        if (extract.domains().isEmpty()) {
            throw new InvalidInputException("ResourceProperties.DomainName has no valid domain: "
                    + describe(extract.invalidDomains()));
        }
        return extract;
    }

    private Optional<String> intendedRegistrationId(CustomResourceEvent event) {
        try {
            return Optional.of(PhysicalResourceIds.of(extract(event, clock.instant()).domains()));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    private static ChangeSource source(CustomResourceEvent event) {
        String requestId = requireText(event.requestId(), "RequestId");
        if (requestId.length() > MAX_REQUEST_ID_LENGTH) {
            throw new InvalidInputException("RequestId is longer than " + MAX_REQUEST_ID_LENGTH + " characters");
        }
        return ChangeSource.customResource(requestId);
    }

    /** Checks the ids that the response must echo; returns the stack's name, taken from its ARN. */
    private static String requireRouting(CustomResourceEvent event) {
        Matcher arn = STACK_ARN.matcher(requireText(event.stackId(), "StackId"));
        if (!arn.matches()) {
            throw new InvalidInputException("StackId is not a CloudFormation stack ARN");
        }
        requireText(event.logicalResourceId(), "LogicalResourceId");
        return arn.group(1);
    }

    private static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field + " is missing");
        }
        return value;
    }

    private static CustomResourceResponse response(CustomResourceEvent event, Status status, String reason,
            String physicalId, List<String> domains) {
        return new CustomResourceResponse(status, reason, physicalId, event.stackId(), event.requestId(),
                event.logicalResourceId(), false, new Data(abbreviate(String.join(",", domains),
                        MAX_DOMAINS_DATA_LENGTH)));
    }

    private static String describe(SkipReason reason) {
        return switch (reason) {
            case MISSING_DOMAIN_PARAMETER -> "ResourceProperties.DomainName is missing";
            case BLANK_DOMAIN_PARAMETER -> "ResourceProperties.DomainName is blank";
            case MISSING_GROUP_PARAMETER -> "ResourceProperties.GroupId is missing";
            case BLANK_GROUP_PARAMETER -> "ResourceProperties.GroupId is blank";
            case GROUP_TOO_LONG -> "ResourceProperties.GroupId is longer than 255 characters";
            case GROUP_HAS_INVALID_CHARACTERS ->
                    "ResourceProperties.GroupId holds a control character or an unpaired surrogate";
            case STACK_NOT_FOUND, STACK_NOT_LIVE -> throw new IllegalStateException("not a property problem: " + reason);
        };
    }

    private static String describe(List<InvalidDomain> invalid) {
        return invalid.stream()
                .map(domain -> "'" + abbreviate(domain.value(), 64) + "' (" + domain.reason() + ")")
                .collect(Collectors.joining(", "));
    }

    private static String abbreviate(String text, int maxLength) {
        return text.length() <= maxLength ? text : text.substring(0, maxLength - 3) + "...";
    }
}
