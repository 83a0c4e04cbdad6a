package dev.domainsync.customresource;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.registry.PostgresDomainRegistry;
import dev.domainsync.registry.StackClaims;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code Custom::DomainRegistration}: registers the owning stack's domains on Create and Update, removes them on
 * Delete, and always answers CloudFormation at the ResponseURL, once. It throws only when that answer could not be
 * delivered, so that Lambda's retry of the asynchronous invocation answers again (a repeated RequestId changes
 * nothing). The returned value is the response that was sent.
 */
public class DomainRegistrationHandler extends JsonHandler<CustomResourceEvent, CustomResourceResponse> {

    private final DomainRegistrar registrar;
    private final CustomResourceResponder responder;

    public DomainRegistrationHandler() {
        this(PostgresDomainRegistry.fromConfig(Config.fromEnv()), new HttpResponseSender(), Clock.systemUTC(),
                CustomResourceResponder.DEFAULT_MARGIN);
    }

    /** {@code watchdogMargin}: how long before the Lambda's timeout a still running request is answered FAILED. */
    public DomainRegistrationHandler(StackClaims claims, ResponseSender sender, Clock clock, Duration watchdogMargin) {
        super(CustomResourceEvent.class);
        this.registrar = new DomainRegistrar(claims, clock);
        this.responder = new CustomResourceResponder(sender, watchdogMargin);
    }

    @Override
    protected CustomResourceResponse handle(CustomResourceEvent event, Context context) {
        String logStream = context.getLogStreamName();
        return responder.respond(event.responseUrl(), Duration.ofMillis(context.getRemainingTimeInMillis()),
                () -> registrar.apply(event, logStream),
                reason -> registrar.failed(event, reason, logStream));
    }
}
