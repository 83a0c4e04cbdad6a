package dev.domainsync.customresource;

/** Delivers a custom resource response to the pre-signed ResponseURL that CloudFormation waits on. */
public interface ResponseSender {

    /**
     * Puts {@code response} at {@code responseUrl}, retrying transient failures.
     *
     * @throws ResponseNotDeliveredException when every attempt failed; CloudFormation has no answer
     */
    void send(String responseUrl, CustomResourceResponse response);
}
