package dev.domainsync.customresource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.domainsync.customresource.ResponseUrlPolicy.ResponseTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ResponseURLs the custom resource answers: CloudFormation's S3 response buckets over https, and nothing else. */
class ResponseUrlPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "cloudformation-custom-resource-response-useast1.s3.amazonaws.com",
            "cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com",
            "cloudformation-custom-resource-response-apnortheast1.s3.ap-northeast-1.amazonaws.com",
            "cloudformation-custom-resource-response-uswest2.s3.dualstack.us-west-2.amazonaws.com",
            "cloudformation-custom-resource-response-usgovwest1.s3.us-gov-west-1.amazonaws.com",
            "cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn",
            "cloudformation-custom-resource-response-cnnorthwest1.s3.dualstack.cn-northwest-1.amazonaws.com.cn",
            "CloudFormation-Custom-Resource-Response-EUWest1.S3.EU-West-1.AmazonAWS.com",
    })
    void cloudFormationsResponseHosts_areAnswered(String host) {
        ResponseTarget target = ResponseUrlPolicy.target("https://" + host + "/arn%3Aaws%3Acloudformation/x%7Cy"
                + "?X-Amz-Signature=abc");

        assertThat(target.host()).isEqualTo(host.toLowerCase(java.util.Locale.ROOT));
        assertThat(target.port()).isEqualTo(443);
        assertThat(target.pathAndQuery()).isEqualTo("/arn%3Aaws%3Acloudformation/x%7Cy?X-Amz-Signature=abc");
        assertThat(target.toString()).doesNotContain("Signature");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "plain http            | http://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x "
                    + "| the ResponseURL is not https",
            "VPC address           | https://10.0.0.5/cloudformation-custom-resource-response-useast1/x "
                    + "| the ResponseURL's host '10.0.0.5' is not a CloudFormation custom resource response bucket",
            "metadata service      | https://169.254.169.254/latest/meta-data/ "
                    + "| the ResponseURL's host '169.254.169.254' is not",
            "IPv6 literal          | https://[fd00::1]/x | the ResponseURL's host '[fd00::1]' is not",
            "another bucket        | https://my-bucket.s3.amazonaws.com/x | the ResponseURL's host 'my-bucket.",
            "S3 path style         | https://s3.us-east-1.amazonaws.com/cloudformation-custom-resource-response-"
                    + "useast1/x | the ResponseURL's host 's3.us-east-1.amazonaws.com' is not",
            "look-alike suffix     | https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com.evil"
                    + ".example/x | is not a CloudFormation custom resource response bucket",
            "other region's host   | https://cloudformation-custom-resource-response-useast1.s3.eu-west-1"
                    + ".amazonaws.com/x | is not a CloudFormation",
            "China bucket, global  | https://cloudformation-custom-resource-response-cnnorth1.s3.amazonaws.com/x "
                    + "| is not a CloudFormation",
            "port                  | https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com:8443"
                    + "/x | the ResponseURL names port 8443, not 443",
            "user name             | https://a@cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x "
                    + "| the ResponseURL carries a user name",
            "no URL at all         | not a url at all | the ResponseURL is not a valid URL",
    })
    void anythingElse_isRefusedNamingWhy(String scenario, String url, String reason) {
        assertThatThrownBy(() -> ResponseUrlPolicy.target(url.strip()))
                .isInstanceOf(ResponseUrlRefusedException.class)
                .hasMessageContaining(reason.strip());
    }

    @Test
    void refusal_neverRepeatsTheSignature() {
        assertThatThrownBy(() -> ResponseUrlPolicy.target("http://example.com/x?X-Amz-Signature=5ecret"))
                .hasMessageNotContaining("5ecret");
    }
}
