package dev.domainsync.customresource;

import java.time.Duration;

/** Delivers a custom resource response to the pre-signed ResponseURL that CloudFormation waits on. */
public interface ResponseSender {

    /**
     * Puts {@code response} at {@code responseUrl}, retrying transient failures.
     *
     * @throws ResponseUrlRefusedException when the URL is not one of CloudFormation's; nothing was sent
     * @throws ResponseNotDeliveredException when every attempt failed; CloudFormation has no answer
     */
    void send(String responseUrl, CustomResourceResponse response);

    /** The longest one {@link #send} can take, every attempt timing out: the watchdog answers this early. */
    Duration worstCase();
}
