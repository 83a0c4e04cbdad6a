package dev.domainsync.registry;

/** Reads a secret's current value: the database credentials' source when the functions run on AWS. */
public interface SecretSource {

    /**
     * The secret's SecretString.
     *
     * @throws DatabaseUnavailableException when the secret store cannot be reached now (retrying may cure it)
     * @throws DatabaseException when the secret cannot be read (missing, access denied, no string value)
     */
    String secretString(String secretId);
}
