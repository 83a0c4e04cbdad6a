package dev.domainsync.customresource;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.cloudformation.SdkStackCatalog;
import dev.domainsync.cloudformation.StackCatalog;
import dev.domainsync.cloudformation.StackResourceCatalog;
import dev.domainsync.config.Config;
import dev.domainsync.config.InvalidConfigException;
import dev.domainsync.json.Json;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.json.Rehearsal;
import dev.domainsync.wiring.Collaborators;
import dev.domainsync.registry.StackClaims;
import dev.domainsync.rules.SyncSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Custom::DomainRegistration}: registers the owning stack's domains on Create and Update, removes them on
 * Delete, and always answers CloudFormation at the ResponseURL, once, well inside the Lambda's timeout. Only the
 * response sender is built with the handler; everything that reads a setting is built by the first request, inside
 * the answer, so that a bad setting or a missing CA bundle layer is a FAILED answer, not an hour of CloudFormation
 * waiting. It throws only when the ResponseURL is refused (nothing is done then) or the answer could not be
 * delivered, so that Lambda's retry of the asynchronous invocation answers again (a repeated RequestId changes
 * nothing). The returned value is the response that was sent.
 */
public class DomainRegistrationHandler extends JsonHandler<CustomResourceEvent, CustomResourceResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(DomainRegistrationHandler.class);
    private static final String REHEARSAL_RESPONSE_URL =
            "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/priming";

    private final CustomResourceResponder responder;
    private final Supplier<DomainRegistrar> registrarFactory;
    private DomainRegistrar registrar;

    public DomainRegistrationHandler() {
        this(new HttpResponseSender());
    }

    /** The production handler answering through {@code sender}; the cold-start benchmark's reaches a local server. */
    public DomainRegistrationHandler(ResponseSender sender) {
        this(sender, DomainRegistrationHandler::fromEnvironment);
    }

    /** The handler over these collaborators; {@code settings} names the stack parameters the request must match. */
    public DomainRegistrationHandler(StackClaims claims, StackCatalog stacks, StackResourceCatalog resources,
            SyncSettings settings, ResponseSender sender, Clock clock) {
        this(sender, () -> new DomainRegistrar(claims, stacks, resources, settings, clock));
    }

    /** {@code registrar} builds the collaborators on the first request, and again after a build that failed. */
    DomainRegistrationHandler(ResponseSender sender, Supplier<DomainRegistrar> registrar) {
        super(CustomResourceEvent.class);
        this.responder = new CustomResourceResponder(sender);
        this.registrarFactory = Objects.requireNonNull(registrar, "registrar");
    }

    @Override
    protected CustomResourceResponse handle(CustomResourceEvent event, Context context) {
        // Before any work: a request that cannot be answered where CloudFormation listens is not CloudFormation's.
        try {
            LOG.debug("Request {} will be answered at {}", event.requestId(),
                    ResponseUrlPolicy.target(event.responseUrl()));
        } catch (ResponseUrlRefusedException e) {
            LOG.warn("Request {} ({} of {} in {}) refused, nothing done or sent: {}", event.requestId(),
                    event.requestType(), event.logicalResourceId(), event.stackId(), e.getMessage());
            throw e;
        }
        String logStream = context.getLogStreamName();
        String newId = PhysicalResourceIds.random();
        return responder.respond(event.responseUrl(), Duration.ofMillis(context.getRemainingTimeInMillis()),
                () -> {
                    DomainRegistrar built;
                    try {
                        built = registrar();
                    } catch (InvalidConfigException e) {
                        // The message names the variable, never a secret: it tells the operator what to fix.
                        LOG.error("Request {}: configuration error: {}", event.requestId(), e.getMessage());
                        return DomainRegistrar.failed(event, newId, "configuration error: " + e.getMessage(),
                                logStream);
                    }
                    return built.apply(event, newId, logStream);
                },
                reason -> DomainRegistrar.failed(event, newId, reason, logStream));
    }

    /**
     * Builds the registrar as the first request would, and runs it on a Create for a stack of a name no one uses:
     * once against CloudFormation, which does not confirm it, so nothing is registered; then, inside the rehearsal
     * only, against a {@link RehearsalStack} that confirms it, so that the registration runs in the rehearsal's
     * rolled-back transaction. Serves nothing through the stream: that would PUT an answer to the ResponseURL (the
     * response sender primes its own path, against a server inside the function).
     */
    @Override
    protected Optional<CustomResourceEvent> rehearsalRequest() {
        ObjectNode properties = Json.mapper().createObjectNode()
                .put(DomainRegistrationProperties.DOMAIN_NAME, RehearsalStack.DOMAIN)
                .put(DomainRegistrationProperties.GROUP_ID, RehearsalStack.GROUP);
        CustomResourceEvent create = new CustomResourceEvent(CustomResourceEvent.CREATE, REHEARSAL_RESPONSE_URL,
                RehearsalStack.STACK_ID, "priming", RequestVerifier.RESOURCE_TYPE, RehearsalStack.LOGICAL_ID, null,
                properties, null);
        DomainRegistrar built = registrar();
        built.apply(create, PhysicalResourceIds.random(), "priming");
        if (Rehearsal.current().isPresent()) {
            built.overRehearsalStack().apply(create, PhysicalResourceIds.random(), "priming");
        }
        return Optional.empty();
    }

    private synchronized DomainRegistrar registrar() {
        if (registrar == null) {
            registrar = registrarFactory.get();
        }
        return registrar;
    }

    private static DomainRegistrar fromEnvironment() {
        Config config = Config.fromEnv();
        SdkStackCatalog cloudFormation = Collaborators.stackCatalog(config);
        return new DomainRegistrar(Collaborators.stackClaims(config), cloudFormation, cloudFormation,
                config.sync(), Clock.systemUTC());
    }
}
