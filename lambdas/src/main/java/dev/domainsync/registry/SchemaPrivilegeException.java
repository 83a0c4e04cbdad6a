package dev.domainsync.registry;

/**
 * The database role may not create domain-sync's schema, or may not work in it; the message names the missing
 * privilege and the statement that grants it. Retrying does not help; an administrator does.
 */
public class SchemaPrivilegeException extends DatabaseException {

    public SchemaPrivilegeException(String message) {
        super(message, null);
    }
}
