package dev.domainsync.customresource;

import dev.domainsync.cloudformation.CloudFormationThrottlingException;
import dev.domainsync.cloudformation.CloudFormationUnavailableException;
import dev.domainsync.cloudformation.StackCatalog;
import dev.domainsync.cloudformation.StackResourceCatalog;
import dev.domainsync.customresource.CustomResourceResponse.Data;
import dev.domainsync.customresource.CustomResourceResponse.Status;
import dev.domainsync.json.InvalidInputException;
import dev.domainsync.registry.ChangeSource;
import dev.domainsync.registry.DatabaseException;
import dev.domainsync.registry.DatabaseUnavailableException;
import dev.domainsync.registry.RegisteredClaims;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code Custom::DomainRegistration} request into its resource's registration: once CloudFormation has
 * confirmed the request ({@link RequestVerifier}) and the properties are the stack's current domain and group
 * parameters, Create and Update register the domains under the sync rules with the stack's real CreationTime,
 * Delete removes what that resource registered; every outcome, failures included, becomes the response.
 */
public final class DomainRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(DomainRegistrar.class);

    static final int MAX_REASON_LENGTH = 512;
    /** Keeps the whole response below CloudFormation's 4 KB limit, whatever the number of domains. */
    static final int MAX_DOMAINS_DATA_LENGTH = 1500;
    static final int MAX_REQUEST_ID_LENGTH = 256;

    private static final Pattern STACK_ARN = Pattern.compile("arn:[^:]+:cloudformation:[^:]*:[0-9]*:stack/[^/]+/.+");

    private final StackClaims claims;
    private final RequestVerifier verifier;
    private final SyncSettings settings;
    private final ClaimExtractor extractor;
    private final Clock clock;

    /** {@code settings} names the stack parameters that the properties must equal. */
    public DomainRegistrar(StackClaims claims, StackCatalog stacks, StackResourceCatalog resources,
            SyncSettings settings, Clock clock) {
        this.claims = Objects.requireNonNull(claims, "claims");
        this.verifier = new RequestVerifier(stacks, resources);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        // The resource's property names, with every other rule (normalisation, lists, group length) the workflow's.
        this.extractor = new ClaimExtractor(new SyncSettings(settings.descriptionPattern(),
                DomainRegistrationProperties.DOMAIN_NAME, DomainRegistrationProperties.GROUP_ID, settings.overlap(),
                settings.pruneGuardPercent()));
    }

    /** This registrar over {@link RehearsalStack} instead of CloudFormation: for the handler's rehearsal only. */
    DomainRegistrar overRehearsalStack() {
        RehearsalStack stack = new RehearsalStack(settings);
        return new DomainRegistrar(claims, stack, stack, settings, clock);
    }

    /**
     * Applies the request and returns its response; {@code newId} is the physical id a Create registers under.
     * A request CloudFormation does not confirm, invalid properties or a failure of CloudFormation or the database
     * is a FAILED response with a short reason (except a Delete that cannot reach either, which succeeds and
     * changes nothing); anything else (a bug) escapes to {@link CustomResourceResponder}, which answers it.
     */
    public CustomResourceResponse apply(CustomResourceEvent event, String newId, String logStreamName) {
        LOG.info("Request {}: {} of {} {} in stack {}, physical id {}", event.requestId(), event.requestType(),
                event.resourceType(), event.logicalResourceId(), event.stackId(), event.physicalResourceId());
        boolean delete = CustomResourceEvent.DELETE.equals(event.requestType());
        try {
            requireRouting(event);
            return switch (Objects.requireNonNullElse(event.requestType(), "")) {
                case CustomResourceEvent.CREATE -> register(event, newId);
                case CustomResourceEvent.UPDATE -> register(event, requireText(event.physicalResourceId(),
                        "PhysicalResourceId"));
                case CustomResourceEvent.DELETE -> remove(event);
                default -> throw new InvalidInputException("unknown RequestType '" + event.requestType() + "'");
            };
        } catch (InvalidInputException e) {
            LOG.warn("Request {} ({} of {}) is refused: {}", event.requestId(), event.requestType(), event.stackId(),
                    e.getMessage());
            return failed(event, newId, e.getMessage(), logStreamName);
        } catch (CloudFormationUnavailableException | CloudFormationThrottlingException e) {
            if (delete) {
                return deletedWithoutChange(event, "CloudFormation unavailable", logStreamName, e);
            }
            LOG.error("Request {} ({} of {}) failed: CloudFormation unavailable", event.requestId(),
                    event.requestType(), event.stackId(), e);
            return failed(event, newId, "CloudFormation unavailable, so the request could not be verified",
                    logStreamName);
        } catch (DatabaseUnavailableException e) {
            if (delete) {
                return deletedWithoutChange(event, "database unavailable", logStreamName, e);
            }
            LOG.error("Request {} ({} of {}) failed: database unavailable", event.requestId(), event.requestType(),
                    event.stackId(), e);
            return failed(event, newId, "database unavailable", logStreamName);
        } catch (DatabaseException e) {
            LOG.error("Request {} ({} of {}) failed: database error", event.requestId(), event.requestType(),
                    event.stackId(), e);
            return failed(event, newId, "database error", logStreamName);
        }
    }

    /**
     * The FAILED response to {@code event}. A failed Create names {@code newId}, the id it would have registered
     * under, so that the Delete of CloudFormation's rollback removes that registration should it still commit
     * (after a timeout) and nothing else; a failed Update or Delete keeps the resource's id. Needs no
     * collaborator, so that a request is answered even when none could be built.
     */
    public static CustomResourceResponse failed(CustomResourceEvent event, String newId, String reason,
            String logStreamName) {
        String existing = event.physicalResourceId();
        String physicalId = CustomResourceEvent.CREATE.equals(event.requestType())
                || existing == null || existing.isEmpty() ? newId : existing;
        String fullReason = reason + " (CloudWatch log stream " + logStreamName + ")";
        return response(event, Status.FAILED, abbreviate(fullReason, MAX_REASON_LENGTH), physicalId, List.of());
    }

    /**
     * A Delete that cannot reach CloudFormation or the database still succeeds, changing nothing: failing it would
     * leave the customer's stack DELETE_FAILED, while the scheduled workflow prunes the claims of a deleted stack
     * anyway.
     */
    private CustomResourceResponse deletedWithoutChange(CustomResourceEvent event, String what, String logStreamName,
            RuntimeException e) {
        LOG.warn("Request {} (Delete of {}): {}; answering SUCCESS, the scheduled workflow will remove the stack's "
                + "claims", event.requestId(), event.stackId(), what, e);
        String reason = what + "; the scheduled workflow will remove the claims (CloudWatch log stream "
                + logStreamName + ")";
        return response(event, Status.SUCCESS, abbreviate(reason, MAX_REASON_LENGTH),
                requireText(event.physicalResourceId(), "PhysicalResourceId"), List.of());
    }

    private CustomResourceResponse register(CustomResourceEvent event, String registrationId) {
        ChangeSource source = source(event);
        VerifiedStack stack = verifier.verify(event);
        DomainRegistrationProperties properties = DomainRegistrationProperties.parse(event.resourceProperties());
        StackExtract extract = extract(properties, stack);
        List<String> domains = List.copyOf(new TreeSet<>(extract.domains()));
        requireStackParameters(event, properties, stack, extract.groupId(), domains);
        StackRegistration registration = new StackRegistration(registrationId, stack.stackId(),
                event.logicalResourceId(), stack.stackName(), stack.creationTime(), extract.groupId(), domains,
                clock.instant());
        RegistrationOutcome outcome = claims.replaceStackClaims(registration, source);
        String reason = extract.invalidDomains().isEmpty() ? null
                : abbreviate("ignored invalid domains: " + describe(extract.invalidDomains()), MAX_REASON_LENGTH);
        return response(event, Status.SUCCESS, reason, outcome.registrationId(), outcome.domains());
    }

    private CustomResourceResponse remove(CustomResourceEvent event) {
        ChangeSource source = source(event);
        String physicalId = requireText(event.physicalResourceId(), "PhysicalResourceId");
        VerifiedStack stack = verifier.verify(event);
        RegistrationOutcome outcome = claims.removeStackClaims(stack.stackId(), event.logicalResourceId(),
                physicalId, source);
        return response(event, Status.SUCCESS, null, physicalId, outcome.domains());
    }

    /** The resource's claims under the sync rules; a skip, or no valid domain at all, is invalid input. */
    private StackExtract extract(DomainRegistrationProperties properties, VerifiedStack stack) {
        StackExtract extract = extractor.extract(new CandidateStack(stack.stackId(), stack.stackName(),
                stack.creationTime(), null), properties.asParameters());
        if (extract.isSkipped()) {
            throw new InvalidInputException(describe(extract.skipReason()));
        }
        if (extract.domains().isEmpty()) {
            throw new InvalidInputException("ResourceProperties.DomainName has no valid domain: "
                    + describe(extract.invalidDomains()));
        }
        return extract;
    }

    /**
     * The properties must be the stack's current domain and group parameters, so that a request cannot register
     * what the stack does not say. An update rollback may instead restore what the resource held before its last
     * Update (CloudFormation may still report the failed update's parameters while it rolls back).
     */
    private void requireStackParameters(CustomResourceEvent event, DomainRegistrationProperties properties,
            VerifiedStack stack, String groupId, List<String> domains) {
        String domainParameter = settings.domainParameter();
        String groupParameter = settings.groupParameter();
        boolean domainCurrent = properties.domainName().equals(
                Optional.ofNullable(stack.parameters().get(domainParameter)));
        boolean groupCurrent = properties.groupId().equals(Optional.ofNullable(stack.parameters().get(groupParameter)));
        if (domainCurrent && groupCurrent) {
            return;
        }
        if (stack.rollingBack() && restoresRegistration(event, groupId, domains)) {
            LOG.info("Request {}: the update rollback of stack {} restores the registration of {}", event.requestId(),
                    stack.stackId(), event.logicalResourceId());
            return;
        }
        String differs = !domainCurrent && !groupCurrent
                ? "DomainName and GroupId are not the stack's current " + domainParameter + " and " + groupParameter
                : !domainCurrent ? "DomainName is not the stack's current " + domainParameter
                : "GroupId is not the stack's current " + groupParameter;
        throw new InvalidInputException("not confirmed by CloudFormation: ResourceProperties." + differs
                + " parameter");
    }

    private boolean restoresRegistration(CustomResourceEvent event, String groupId, List<String> domains) {
        Optional<RegisteredClaims> registered = claims.registeredClaims(event.stackId(), event.logicalResourceId());
        return registered.isPresent()
                && (registered.get().groupId().equals(groupId) && sorted(registered.get().domains()).equals(domains)
                || registered.get().previousGroupId().equals(Optional.of(groupId))
                        && sorted(registered.get().previousDomains()).equals(domains));
    }

    private static List<String> sorted(List<String> domains) {
        return List.copyOf(new TreeSet<>(domains));
    }

    private static ChangeSource source(CustomResourceEvent event) {
        String requestId = requireText(event.requestId(), "RequestId");
        if (requestId.length() > MAX_REQUEST_ID_LENGTH) {
            throw new InvalidInputException("RequestId is longer than " + MAX_REQUEST_ID_LENGTH + " characters");
        }
        return ChangeSource.customResource(requestId);
    }

    /** Checks the ids that the response must echo and that CloudFormation is asked about. */
    private static void requireRouting(CustomResourceEvent event) {
        if (!STACK_ARN.matcher(requireText(event.stackId(), "StackId")).matches()) {
            throw new InvalidInputException("StackId is not a CloudFormation stack ARN");
        }
        requireText(event.logicalResourceId(), "LogicalResourceId");
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

    /** The skip reason's own text after the property that a custom resource sets for the parameter. */
    private static String describe(SkipReason reason) {
        String property = switch (reason.subject()) {
            case DOMAIN_PARAMETER -> "ResourceProperties.DomainName";
            case GROUP_PARAMETER -> "ResourceProperties.GroupId";
            case STACK -> throw new IllegalStateException("not a property problem: " + reason);
        };
        return property + " " + reason.problem();
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
