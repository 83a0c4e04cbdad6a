package dev.domainsync.statemachine.cli;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;

/** Builds the Step Functions client an operator command talks to; tests give one with fixed credentials. */
@FunctionalInterface
interface StepFunctionsClients {

    SfnClient create(Region region, Optional<URI> endpoint);

    /** The default AWS credentials chain, as the AWS CLI would use. */
    static StepFunctionsClients defaultChain() {
        return withCredentials(DefaultCredentialsProvider.builder().build());
    }

    static StepFunctionsClients withCredentials(AwsCredentialsProvider credentials) {
        return (region, endpoint) -> {
            SfnClientBuilder builder = SfnClient.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .region(region)
                    .credentialsProvider(credentials);
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        };
    }

    /** A failed call as an operator wants to read it: the service's error code and message, or the client's. */
    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }
}
