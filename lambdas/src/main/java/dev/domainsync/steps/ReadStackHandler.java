package dev.domainsync.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.rules.ClaimExtractor;
import dev.domainsync.rules.StackFilter;
import dev.domainsync.wiring.Collaborators;
import dev.domainsync.rules.StackReading;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * ReadStack: DescribeStacks for the event's stack and the sync rules applied to what CloudFormation says now; not a
 * distribution stack or not live is ignored with its reason, deleted or unknown is gone, else claims or a skip.
 */
public class ReadStackHandler extends JsonHandler<StackStatusEvent, StackReading> {

    private final StackReader reader;

    public ReadStackHandler() {
        this(Config.fromEnv());
    }

    private ReadStackHandler(Config config) {
        this(new StackReader(Collaborators.stackCatalog(config), new StackFilter(config.sync()),
                new ClaimExtractor(config.sync())));
    }

    public ReadStackHandler(StackReader reader) {
        super(StackStatusEvent.class);
        this.reader = reader;
    }

    @Override
    protected StackReading handle(StackStatusEvent event, Context context) {
        return reader.read(event.stackId());
    }

    /** The status change event of a stack that does not exist: one DescribeStacks, read as a deleted stack. */
    @Override
    protected Optional<StackStatusEvent> rehearsalRequest() {
        return Optional.of(new StackStatusEvent("priming", StackStatusEvent.DETAIL_TYPE, StackStatusEvent.SOURCE,
                "000000000000", Instant.now(), "us-east-1", List.of(Rehearsals.STACK_ARN),
                new StackStatusEvent.Detail(Rehearsals.STACK_ARN, new StackStatusEvent.StatusDetails(
                        "UPDATE_COMPLETE", null), null)));
    }
}
