package dev.domainsync.customresource;

/**
 * The request's ResponseURL is not one of CloudFormation's response URLs, so the request is neither applied nor
 * answered. The message says why and never repeats the URL.
 */
public class ResponseUrlRefusedException extends RuntimeException {

    public ResponseUrlRefusedException(String message) {
        super(message);
    }
}
