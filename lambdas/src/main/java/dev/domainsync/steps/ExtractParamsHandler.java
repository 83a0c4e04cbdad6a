package dev.domainsync.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.rules.ClaimExtractor;
import dev.domainsync.wiring.Collaborators;

/** ExtractParams: reads each candidate's parameters with DescribeStacks and turns them into claims or skips. */
public class ExtractParamsHandler extends JsonHandler<ExtractParamsRequest, ExtractedStacks> {

    private final ParameterReader reader;

    public ExtractParamsHandler() {
        this(Config.fromEnv());
    }

    private ExtractParamsHandler(Config config) {
        this(new ParameterReader(Collaborators.stackCatalog(config), new ClaimExtractor(config.sync())));
    }

    public ExtractParamsHandler(ParameterReader reader) {
        super(ExtractParamsRequest.class);
        this.reader = reader;
    }

    @Override
    protected ExtractedStacks handle(ExtractParamsRequest request, Context context) {
        return new ExtractedStacks(reader.read(request.stacks()));
    }
}
