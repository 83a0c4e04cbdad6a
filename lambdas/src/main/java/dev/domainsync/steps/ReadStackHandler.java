package dev.domainsync.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.rules.ClaimExtractor;
import dev.domainsync.rules.StackFilter;
import dev.domainsync.wiring.Collaborators;
import dev.domainsync.rules.StackReading;

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
}
