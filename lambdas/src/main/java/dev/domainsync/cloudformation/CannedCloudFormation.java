package dev.domainsync.cloudformation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * CloudFormation's answers to the catalog's three operations, served by an in-process HTTP client to a client
 * built only for priming (see {@link SdkStackCatalog#prime()}): the SDK then marshals, signs and unmarshals, and
 * loads the response model, exactly as for a real answer, without a call leaving the function.
 */
final class CannedCloudFormation implements SdkHttpClient {

    static final String STACK_ID =
            "arn:aws:cloudformation:us-east-1:000000000000:stack/domain-sync-priming/00000000-0000-0000-0000-0000";
    static final String LOGICAL_ID = "DomainRegistration";

    private static final String NAMESPACE = "xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"";
    private static final String LIST_STACKS = """
            <ListStacksResponse %s><ListStacksResult><StackSummaries><member>
              <StackId>%s</StackId><StackName>domain-sync-priming</StackName><StackStatus>UPDATE_COMPLETE</StackStatus>
              <TemplateDescription>CloudFront distribution</TemplateDescription>
              <CreationTime>2026-01-01T00:00:00.000Z</CreationTime><LastUpdatedTime>2026-01-02T00:00:00Z</LastUpdatedTime>
              <DriftInformation><StackDriftStatus>NOT_CHECKED</StackDriftStatus></DriftInformation>
            </member></StackSummaries><NextToken>priming</NextToken></ListStacksResult>
            <ResponseMetadata><RequestId>priming</RequestId></ResponseMetadata></ListStacksResponse>""";
    private static final String DESCRIBE_STACKS = """
            <DescribeStacksResponse %s><DescribeStacksResult><Stacks><member>
              <StackId>%s</StackId><StackName>domain-sync-priming</StackName><Description>CloudFront distribution</Description>
              <StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00.000Z</CreationTime>
              <LastUpdatedTime>2026-01-02T00:00:00Z</LastUpdatedTime><DisableRollback>false</DisableRollback>
              <Parameters>
                <member><ParameterKey>CustomDomainName</ParameterKey><ParameterValue>priming.example.com</ParameterValue></member>
                <member><ParameterKey>GroupId</ParameterKey><ParameterValue>priming</ParameterValue></member>
                <member><ParameterKey>Comment</ParameterKey></member>
              </Parameters>
              <Outputs><member><OutputKey>DistributionId</OutputKey><OutputValue>EPRIMING</OutputValue></member></Outputs>
              <Tags><member><Key>team</Key><Value>priming</Value></member></Tags>
              <Capabilities><member>CAPABILITY_IAM</member></Capabilities>
              <DriftInformation><StackDriftStatus>NOT_CHECKED</StackDriftStatus></DriftInformation>
            </member></Stacks></DescribeStacksResult>
            <ResponseMetadata><RequestId>priming</RequestId></ResponseMetadata></DescribeStacksResponse>""";
    private static final String DESCRIBE_STACK_RESOURCE = """
            <DescribeStackResourceResponse %s><DescribeStackResourceResult><StackResourceDetail>
              <StackId>%s</StackId><StackName>domain-sync-priming</StackName>
              <LogicalResourceId>DomainRegistration</LogicalResourceId>
              <PhysicalResourceId>domain-sync:00000000000000000000000000000000</PhysicalResourceId>
              <ResourceType>Custom::DomainRegistration</ResourceType>
              <LastUpdatedTimestamp>2026-01-02T00:00:00.000Z</LastUpdatedTimestamp>
              <ResourceStatus>CREATE_IN_PROGRESS</ResourceStatus><Metadata>{}</Metadata>
              <DriftInformation><StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus></DriftInformation>
            </StackResourceDetail></DescribeStackResourceResult>
            <ResponseMetadata><RequestId>priming</RequestId></ResponseMetadata></DescribeStackResourceResponse>""";

    private CannedCloudFormation() {
    }

    /** A client like the catalog's, whose every call this class answers; made-up credentials sign nothing real. */
    static CloudFormationClient client() {
        return CloudFormationClient.builder()
                .httpClient(new CannedCloudFormation())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming",
                        "priming")))
                .build();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                String body = request.contentStreamProvider().isPresent()
                        ? readAll(request.contentStreamProvider().get().newStream()) : "";
                String answer = body.contains("Action=DescribeStackResource") ? DESCRIBE_STACK_RESOURCE
                        : body.contains("Action=DescribeStacks") ? DESCRIBE_STACKS : LIST_STACKS;
                byte[] xml = answer.formatted(NAMESPACE, STACK_ID).getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200).putHeader("Content-Type", "text/xml")
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(xml)))
                        .build();
            }

            @Override
            public void abort() {
                // Nothing is in flight.
            }
        };
    }

    @Override
    public void close() {
        // Holds nothing.
    }

    private static String readAll(InputStream stream) throws IOException {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
