package dev.domainsync.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.cloudformation.ParameterReader;
import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;

/** ExtractParams: reads each candidate's parameters with DescribeStacks and turns them into claims or skips. */
public class ExtractParamsHandler extends JsonHandler<ExtractParamsRequest, ExtractedStacks> {

    private final ParameterReader reader;

    public ExtractParamsHandler() {
        this(ParameterReader.create(Config.fromEnv()));
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
