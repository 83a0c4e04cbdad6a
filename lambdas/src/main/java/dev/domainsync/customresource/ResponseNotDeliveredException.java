package dev.domainsync.customresource;

/**
 * The response could not be put at the ResponseURL. The handler lets it escape so that Lambda retries the
 * asynchronous invocation; the registry applies a repeated RequestId once, so the retry only answers again.
 * The message never carries the URL's query string (its signature).
 */
public class ResponseNotDeliveredException extends RuntimeException {

    public ResponseNotDeliveredException(String message, Throwable cause) {
        super(message, cause);
    }
}
