package dev.domainsync.steps;

import com.amazonaws.services.lambda.runtime.Context;
import dev.domainsync.config.Config;
import dev.domainsync.json.JsonHandler;
import dev.domainsync.rules.ClaimExtractor;
import dev.domainsync.wiring.Collaborators;
import java.util.List;
import java.util.Optional;

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

    /** One DescribeStacks, of a stack that does not exist: the function may call nothing else. */
    @Override
    protected Optional<ExtractParamsRequest> rehearsalRequest() {
        return Optional.of(new ExtractParamsRequest(List.of(Rehearsals.candidate())));
    }
}
