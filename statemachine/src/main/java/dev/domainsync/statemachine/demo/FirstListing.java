package dev.domainsync.statemachine.demo;

import dev.domainsync.statemachine.demo.SampleAccount.Customer;
import dev.domainsync.statemachine.demo.SampleStack.KeyValue;
import dev.domainsync.statemachine.demo.SampleStack.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Builds the demo's first listing: about three hundred stacks of one account as of {@code now}, mostly
 * customer distributions, with every case of the sync rules represented a few times.
 */
final class FirstListing {

    static final int PLAIN_STACKS = 185;
    static final int LIST_STACKS = 20;

    private static final String UPDATE_ROLLBACK_COMPLETE = "UPDATE_ROLLBACK_COMPLETE";

    private final SampleAccount account;
    private final Instant now;

    private FirstListing(SampleAccount account) {
        this.account = account;
        this.now = account.now();
    }

    static SampleAccount build(long seed, Instant now) {
        SampleAccount account = new SampleAccount(seed, now);
        FirstListing listing = new FirstListing(account);
        listing.plainStacks();
        listing.listStacks();
        listing.messyLists();
        listing.unicodeDomains();
        listing.wildcards();
        listing.invalidItems();
        listing.skippedStacks();
        listing.conflicts();
        listing.notLiveStacks();
        listing.otherStacks();
        return account;
    }

    private void plainStacks() {
        for (int i = 0; i < PLAIN_STACKS; i++) {
            Customer customer = account.nextCustomer();
            SampleStack stack = account.distribution(customer, account.freshDomain(customer), pastCreation(),
                    Role.PLAIN);
            if (i < 5) {
                // A failed update rolled back: still live, still serving the old parameters.
                stack = updated(stack).withStatus(UPDATE_ROLLBACK_COMPLETE);
            } else if (i < 8) {
                stack = updated(stack).withStatus("IMPORT_COMPLETE");
            } else if (i < 9) {
                stack = updated(stack).withStatus("IMPORT_ROLLBACK_COMPLETE");
            } else if (account.random().nextInt(100) < 45) {
                stack = updated(stack);
            }
            account.add(stack);
        }
    }

    private void listStacks() {
        for (int i = 0; i < LIST_STACKS; i++) {
            Customer customer = account.nextCustomer();
            List<String> domains = account.freshDomains(customer, 2 + account.random().nextInt(2));
            SampleStack stack = account.distribution(customer, String.join(",", domains), pastCreation(),
                    Role.LIST);
            account.add(i % 2 == 0 ? updated(stack) : stack);
        }
    }

    /** Lists as people type them: spaces, empty items, capitals, trailing dots, the same domain twice. */
    private void messyLists() {
        for (int i = 0; i < 10; i++) {
            Customer customer = account.nextCustomer();
            List<String> d = account.freshDomains(customer, 3);
            String value = switch (i % 5) {
                case 0 -> " " + d.get(0).toUpperCase(Locale.ROOT) + " , " + d.get(1) + ".";
                case 1 -> d.get(0) + ",," + d.get(1) + ", ,";
                case 2 -> d.get(0) + "., " + d.get(0).toUpperCase(Locale.ROOT) + ", " + d.get(1);
                case 3 -> "  " + capitalized(d.get(0)) + "  ";
                default -> capitalized(d.get(0)) + ". , " + d.get(1) + " ," + d.get(2);
            };
            String group = i == 3 ? "  " + account.groupOf(customer) + " " : account.groupOf(customer);
            account.add(account.distribution(customer, Optional.of(value), Optional.of(group), pastCreation(),
                    Role.EDGE));
        }
    }

    private void unicodeDomains() {
        String[] labels = {"bücher", "münchen", "café", "ÄPFEL"};
        for (String label : labels) {
            Customer customer = account.nextCustomer();
            String domain = label + "." + customer.domainBase() + "." + account.pick(SampleAccount.ZONES);
            account.add(account.distribution(customer, domain, pastCreation(), Role.EDGE));
        }
    }

    private void wildcards() {
        for (int i = 0; i < 4; i++) {
            Customer customer = account.nextCustomer();
            String shop = "shop." + customer.domainBase() + "." + account.pick(SampleAccount.ZONES);
            String value = switch (i) {
                case 0, 1 -> "*." + shop;
                case 2 -> "*." + shop + ", " + shop;
                default -> "*." + customer.domainBase() + ".example.net";
            };
            account.add(account.distribution(customer, value, pastCreation(), Role.EDGE));
        }
    }

    /** Each stack mixes one valid domain with one item the rules reject; the last has only rejects. */
    private void invalidItems() {
        List<UnaryOperator<String>> rejects = List.of(
                base -> "my_shop." + base + ".example.com",
                base -> "http://www." + base + ".example.com",
                base -> "intranet",
                base -> ("landing-" + base + "-spring-sale-" + "x".repeat(64)).substring(0, 64) + ".example.org",
                base -> "10.0.0.1",
                base -> "shop.*." + base + ".example.com",
                base -> "-promo." + base + ".example.org",
                base -> base + ".example.net..");
        for (UnaryOperator<String> reject : rejects) {
            Customer customer = account.nextCustomer();
            String value = account.freshDomain(customer) + ", " + reject.apply(customer.domainBase());
            account.add(account.distribution(customer, value, pastCreation(), Role.EDGE));
        }
        Customer legacy = account.nextCustomer();
        String tooLong = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(50))
                + ".example.com";
        account.add(account.distribution(legacy, "https://legacy." + legacy.domainBase() + ".example.com/, "
                + tooLong, pastCreation(), Role.EDGE));
    }

    /** Stacks skipped whole: a missing or blank parameter, or a group id over 255 characters. */
    private void skippedStacks() {
        Customer missingDomain = account.nextCustomer();
        account.add(account.distribution(missingDomain, Optional.empty(),
                Optional.of(account.groupOf(missingDomain)), pastCreation(), Role.EDGE));
        account.add(blankDomain(" "));
        account.add(blankDomain(", ,"));
        Customer missingGroup = account.nextCustomer();
        account.add(account.distribution(missingGroup, Optional.of(account.freshDomain(missingGroup)),
                Optional.empty(), pastCreation(), Role.EDGE));
        Customer blankGroup = account.nextCustomer();
        account.add(account.distribution(blankGroup, Optional.of(account.freshDomain(blankGroup)),
                Optional.of(""), pastCreation(), Role.EDGE));
        Customer longGroup = account.nextCustomer();
        account.add(account.distribution(longGroup, Optional.of(account.freshDomain(longGroup)),
                Optional.of("g-" + longGroup.name() + "-" + "0123456789abcdef".repeat(19)), pastCreation(),
                Role.EDGE));
        // The other side of the boundary: exactly 255 characters is a valid group id.
        Customer widestGroup = account.nextCustomer();
        String prefix = "g-" + widestGroup.name() + "-";
        account.add(account.distribution(widestGroup, Optional.of(account.freshDomain(widestGroup)),
                Optional.of(prefix + "f".repeat(255 - prefix.length())), pastCreation(), Role.EDGE));
        // A template whose description matches but that makes no distribution: no parameters at all.
        account.add(account.other("cloudfront-fleet-monitoring",
                Optional.of("Dashboards and alarms for the CloudFront fleet"), List.of(), pastCreation()));
    }

    private SampleStack blankDomain(String value) {
        Customer customer = account.nextCustomer();
        return account.distribution(customer, Optional.of(value), Optional.of(account.groupOf(customer)),
                pastCreation(), Role.EDGE);
    }

    /**
     * Domains claimed by more than one stack: three claimants; two, whose winner the second listing deletes;
     * two created in the same millisecond; and a live stack that re-made a long-deleted one of the same name.
     */
    private void conflicts() {
        Customer first = account.nextCustomer();
        String contested = account.freshDomain(first);
        Instant start = account.aboutDaysAgo(300);
        account.add(account.distribution(first, contested, start, Role.CONFLICT));
        Customer second = account.nextCustomer();
        account.add(updated(account.distribution(second, contested + ", " + account.freshDomain(second),
                start.plus(Duration.ofDays(30)), Role.CONFLICT)));
        Customer third = account.nextCustomer();
        account.add(account.distribution(third, contested, start.plus(Duration.ofDays(90)), Role.CONFLICT));

        Customer holder = account.nextCustomer();
        String handedOver = account.freshDomain(holder);
        Instant held = account.aboutDaysAgo(200);
        account.add(account.distribution(holder, handedOver, held, Role.TAKEOVER_WINNER));
        Customer successor = account.nextCustomer();
        account.add(account.distribution(successor, handedOver, held.plus(Duration.ofDays(45)), Role.CONFLICT));

        Customer left = account.nextCustomer();
        String tied = account.freshDomain(left);
        Instant sameMillisecond = account.aboutDaysAgo(150);
        account.add(account.distribution(left, tied, sameMillisecond, Role.CONFLICT));
        Customer right = account.nextCustomer();
        account.add(account.distribution(right, tied, sameMillisecond, Role.CONFLICT));

        Customer remade = account.nextCustomer();
        String kept = account.freshDomain(remade);
        SampleStack original = account.distribution(remade, kept, account.aboutDaysAgo(250), Role.CONFLICT);
        Instant deleted = account.aboutDaysAgo(40);
        account.add(original.deletedAt(deleted));
        account.add(original.recreatedAs(account.stackId(remade.stackName()), deleted.plus(Duration.ofHours(2))));
    }

    private void notLiveStacks() {
        Customer creating = account.nextCustomer();
        account.add(account.distribution(creating, account.freshDomain(creating),
                now.minus(Duration.ofMinutes(20)), Role.IN_PROGRESS).withStatus("CREATE_IN_PROGRESS"));
        Customer updating = account.nextCustomer();
        SampleStack update = account.distribution(updating, account.freshDomain(updating), pastCreation(),
                Role.IN_PROGRESS);
        account.add(update.updatedAt(now.minus(Duration.ofMinutes(35))).withStatus("UPDATE_IN_PROGRESS"));

        // Two creations that failed because another distribution already held the CNAME.
        for (SampleStack holder : account.shuffled(s -> s.role() == Role.PLAIN).subList(0, 2)) {
            Customer customer = account.nextCustomer();
            Instant created = account.between(holder.creationTime(), now.minus(Duration.ofDays(1)));
            account.add(account.distribution(customer, holder.parameter(SampleStack.DOMAIN_PARAMETER).orElseThrow(),
                    created, Role.NOT_LIVE).withStatus("ROLLBACK_COMPLETE")
                    .withStatusReason("The following resource(s) failed to create: [Distribution]. "
                            + "Rollback requested by user."));
        }
        Customer stuck = account.nextCustomer();
        account.add(account.distribution(stuck, account.freshDomain(stuck), pastCreation(), Role.NOT_LIVE)
                .withStatus("DELETE_FAILED")
                .withStatusReason("The following resource(s) failed to delete: [OriginBucket]."));

        for (int i = 0; i < 6; i++) {
            Customer customer = account.nextCustomer();
            SampleStack stack = account.distribution(customer, account.freshDomain(customer),
                    account.daysAgo(120 + 200 * account.random().nextDouble()), Role.NOT_LIVE);
            account.add(stack.deletedAt(account.between(account.daysAgo(80), account.daysAgo(1))));
        }
        // Deleted 89 days and 21 hours ago: two days on, CloudFormation no longer lists it.
        Customer aging = account.nextCustomer();
        account.add(account.distribution(aging, account.freshDomain(aging), account.aboutDaysAgo(200), Role.AGING_OUT)
                .deletedAt(now.minus(Duration.ofDays(89).plusHours(21))));
    }

    /** Stacks that are no customer distribution: networking, pipelines, an API domain, nested stacks, tools. */
    private void otherStacks() {
        String[] regions = {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1"};
        for (String region : regions) {
            account.add(account.other("network-vpc-" + region,
                    Optional.of("Shared VPC with public and private subnets (" + region + ")"),
                    List.of(new KeyValue("CidrBlock", "10." + account.random().nextInt(200) + ".0.0/16")),
                    account.aboutDaysAgo(330 + account.random().nextInt(30))));
        }
        for (int i = 0; i < 8; i++) {
            Customer customer = account.nextCustomer();
            SampleStack pipeline = account.other("pipeline-" + customer.name() + "-" + customer.environment(),
                    Optional.of("CI/CD pipeline for " + customer.stackName()),
                    List.of(new KeyValue("RepositoryName", customer.name() + "-web"),
                            new KeyValue("BranchName", "main")),
                    pastCreation());
            account.add(i % 3 == 0 ? updated(pipeline) : pipeline);
        }
        // API Gateway domains carry the same parameter keys; only the description sets them apart.
        List<SampleStack> distributions = account.shuffled(s -> s.role() == Role.PLAIN);
        for (int i = 0; i < 5; i++) {
            Customer customer = account.nextCustomer();
            String domain = i == 0
                    ? distributions.get(0).parameter(SampleStack.DOMAIN_PARAMETER).orElseThrow()
                    : "api." + customer.domainBase() + ".example.com";
            Instant created = i == 0 ? distributions.get(0).creationTime().minus(Duration.ofDays(3)) : pastCreation();
            account.add(account.other("partner-api-domain-" + customer.name() + "-" + customer.environment(),
                    Optional.of("API Gateway custom domain for the partner API"),
                    List.of(new KeyValue(SampleStack.DOMAIN_PARAMETER, domain),
                            new KeyValue(SampleStack.GROUP_PARAMETER, account.groupOf(customer))),
                    created));
        }
        nestedStacks();
        account.add(account.other("CDKToolkit",
                Optional.of("This stack includes resources needed to deploy AWS CDK apps into this environment"),
                List.of(new KeyValue("Qualifier", "hnb659fds")), account.aboutDaysAgo(360)));
        account.add(account.other("aws-sam-cli-managed-default", Optional.of("Managed Stack for AWS SAM CLI"),
                List.of(), account.aboutDaysAgo(358)));
        for (String name : new String[] {"manual-test-bucket", "scratch-queue-jdoe"}) {
            account.add(account.other(name, Optional.empty(), List.of(), pastCreation()));
        }
        for (String service : new String[] {"billing", "search", "checkout", "auth"}) {
            account.add(updated(account.other("alarms-" + service,
                    Optional.of("CloudWatch alarms and dashboard for the " + service + " service"), List.of(),
                    pastCreation())));
        }
    }

    private void nestedStacks() {
        SampleStack root = account.add(account.other("platform-shared-services",
                Optional.of("Shared services root stack"), List.of(new KeyValue("Environment", "prod")),
                account.aboutDaysAgo(340)));
        SampleStack logging = account.add(nested(root, "LoggingStack"));
        account.add(nested(logging, "LogBucketPolicyStack"));
        for (String child : new String[] {"DnsStack", "SecretsStack", "QueueStack", "BastionStack"}) {
            account.add(nested(root, child));
        }
        SampleStack data = account.add(account.other("platform-data", Optional.of("Data platform root stack"),
                List.of(), account.aboutDaysAgo(300)));
        for (String child : new String[] {"WarehouseStack", "EtlStack", "CatalogStack"}) {
            account.add(nested(data, child));
        }
    }

    /** A nested stack named the way CloudFormation names them: parent, logical id, random suffix. */
    private SampleStack nested(SampleStack parent, String logicalId) {
        StringBuilder suffix = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int i = 0; i < 12; i++) {
            suffix.append(alphabet.charAt(account.random().nextInt(alphabet.length())));
        }
        String name = parent.stackName() + "-" + logicalId + "-" + suffix;
        return account.other(name, Optional.of("Nested stack " + logicalId + " of " + parent.stackName()), List.of(),
                parent.creationTime().plusSeconds(40 + account.random().nextInt(300))).nestedUnder(parent);
    }

    /** A creation time in the year before now, at least three days back. */
    private Instant pastCreation() {
        return account.between(account.daysAgo(365), account.daysAgo(3));
    }

    private SampleStack updated(SampleStack stack) {
        return stack.updatedAt(account.between(stack.creationTime().plus(Duration.ofHours(1)), account.daysAgo(1)));
    }

    private static String capitalized(String domain) {
        return Character.toUpperCase(domain.charAt(0)) + domain.substring(1);
    }
}
