package dev.domainsync.statemachine.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.regions.Region;

/** The {@code --region} and {@code --endpoint-url} options of the commands that call Step Functions. */
final class StepFunctionsOptions {

    @Option(names = "--region", paramLabel = "R", description = "Default: the region in the ARN.")
    private String region;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "A Step Functions endpoint to use instead.")
    private String endpointUrl;

    /** {@code --region}, or else the region that the ARN names. */
    Region region(StepFunctionsArn arn) {
        return Region.of(region != null ? region : arn.region());
    }

    Optional<URI> endpoint(CommandSpec spec) {
        if (endpointUrl == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(endpointUrl);
            boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            if (!web || uri.getHost() == null) {
                throw new URISyntaxException(endpointUrl, "not an http or https URL");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--endpoint-url must be an http(s) URL such as"
                    + " https://states.us-east-1.amazonaws.com, got '" + endpointUrl + "'");
        }
    }
}
