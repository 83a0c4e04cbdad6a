package dev.domainsync.customresource;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which ResponseURLs the custom resource answers: https, on the default port, to one of CloudFormation's custom
 * resource response buckets ({@code cloudformation-custom-resource-response-<region without dashes>}) on an
 * Amazon S3 host of that region: {@code <bucket>.s3.amazonaws.com}, {@code .s3-<region>.amazonaws.com},
 * {@code .s3.<region>.amazonaws.com}, {@code .s3.dualstack.<region>.amazonaws.com}, and their
 * {@code .amazonaws.com.cn} forms in the China regions. Anything else (plain http, an IP literal, another host, a
 * user name or a port in the URL) is refused before a connection is made: an invoker could otherwise make the
 * function send requests into its VPC. There is no setting that widens this.
 */
public final class ResponseUrlPolicy {

    private static final String REGION = "[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}";
    private static final Pattern RESPONSE_HOST = Pattern.compile(
            "cloudformation-custom-resource-response-([a-z0-9]{1,40})\\.s3"
                    + "(?:\\.amazonaws\\.com"
                    + "|-(" + REGION + ")\\.amazonaws\\.com"
                    + "|\\.(?:dualstack\\.)?(" + REGION + ")\\.amazonaws\\.com(\\.cn)?)");
    private static final int HTTPS_PORT = 443;

    private ResponseUrlPolicy() {
    }

    /**
     * Where {@code responseUrl} may be answered.
     *
     * @throws ResponseUrlRefusedException naming why it is not one of CloudFormation's response URLs; the message
     *     never repeats the URL, whose query string is a signature
     */
    public static ResponseTarget target(String responseUrl) {
        if (responseUrl == null || responseUrl.isBlank()) {
            throw new ResponseUrlRefusedException("the ResponseURL is missing");
        }
        URI url;
        try {
            url = new URI(responseUrl);
        } catch (URISyntaxException e) {
            throw new ResponseUrlRefusedException("the ResponseURL is not a valid URL");
        }
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            throw new ResponseUrlRefusedException("the ResponseURL is not https");
        }
        if (url.getRawUserInfo() != null) {
            throw new ResponseUrlRefusedException("the ResponseURL carries a user name");
        }
        if (url.getHost() == null) {
            throw new ResponseUrlRefusedException("the ResponseURL has no host name");
        }
        if (url.getPort() != -1 && url.getPort() != HTTPS_PORT) {
            throw new ResponseUrlRefusedException("the ResponseURL names port " + url.getPort() + ", not 443");
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (!isResponseHost(host)) {
            throw new ResponseUrlRefusedException("the ResponseURL's host " + printable(host)
                    + " is not a CloudFormation custom resource response bucket on Amazon S3");
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery();
        return new ResponseTarget(host, HTTPS_PORT, query == null ? path : path + "?" + query);
    }

    private static boolean isResponseHost(String host) {
        Matcher matcher = RESPONSE_HOST.matcher(host);
        if (!matcher.matches()) {
            return false;
        }
        String bucketRegion = matcher.group(1);
        String hostRegion = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
        boolean china = matcher.group(4) != null;
        if (hostRegion == null) {
            return !bucketRegion.startsWith("cn");
        }
        return hostRegion.replace("-", "").equals(bucketRegion) && china == hostRegion.startsWith("cn-");
    }

    private static String printable(String host) {
        String shown = host.length() > 100 ? host.substring(0, 100) + "..." : host;
        return "'" + shown.replaceAll("[^\\x21-\\x7e]", "?") + "'";
    }

    /** One of CloudFormation's response URLs, taken apart: the host to verify TLS against, and what to PUT. */
    public record ResponseTarget(String host, int port, String pathAndQuery) {

        /** The host and path only: the query string is the signature that lets anyone answer for the stack. */
        @Override
        public String toString() {
            int query = pathAndQuery.indexOf('?');
            return host + (query < 0 ? pathAndQuery : pathAndQuery.substring(0, query));
        }
    }
}
