package dev.domainsync.statemachine.demo;

import dev.domainsync.statemachine.demo.SampleStack.KeyValue;
import dev.domainsync.statemachine.demo.SampleStack.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One fictitious AWS account while a generator fills it: the seeded random source, the stacks in creation order,
 * and the names, domains and groups already taken, so that conflicts happen only where a generator makes them.
 */
final class SampleAccount {

    static final String STACK_ARN_PREFIX = "arn:aws:cloudformation:us-east-1:123456789012:stack/";

    private static final String[] CUSTOMERS = {
        "acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell", "soylent",
        "cyberdyne", "aperture", "blackmesa", "oscorp", "vandelay", "gringotts", "monarch", "piedpiper",
        "dunder", "sterling", "bluth", "kramerica", "prestige", "duff", "krusty", "nakatomi", "virtucon",
        "wernham", "massive", "ollivander", "zorg", "gekko", "contoso", "fabrikam", "northwind", "tailspin",
        "litware", "adatum", "fourthcoffee", "woodgrove", "proseware", "lucerne", "margie", "alpine",
        "coho", "wingtip", "relecloud", "trey", "bellows", "quartz", "lumen", "orbit", "juniper", "saffron",
        "harbor", "granite", "meridian", "summit", "cobalt", "ember", "fjord", "tundra", "zephyr", "atlas"
    };
    private static final String[] ENVIRONMENTS = {"prod", "staging", "dev", "eu", "us"};
    private static final String[] HOSTS = {"", "www", "shop", "static", "assets", "cdn", "app", "media", "img", "blog"};
    static final String[] ZONES = {"example.com", "example.net", "example.org", "example.test"};
    private static final String[] DESCRIPTIONS = {
        "Customer CloudFront distribution",
        "Customer CloudFront distribution (v2)",
        "CloudFront distribution with custom domain and ACM certificate",
        "Static website: S3 origin behind Amazon CloudFront",
        "CLOUDFRONT distribution - legacy template v1"
    };
    private static final String[] PRICE_CLASSES = {"PriceClass_100", "PriceClass_200", "PriceClass_All"};

    private final Random random;
    private final Instant now;
    private final List<SampleStack> stacks = new ArrayList<>();
    private final List<Customer> freeCustomers = new ArrayList<>();
    private final Set<String> usedDomains = new HashSet<>();
    private final Map<String, String> groupByCustomer = new LinkedHashMap<>();

    /** A customer environment: one distribution stack each, named the way the platform names them. */
    record Customer(String name, String environment) {

        String stackName() {
            return "cust-" + name + "-" + environment + "-cdn";
        }

        String domainBase() {
            return environment.equals("prod") ? name : name + "-" + environment;
        }
    }

    SampleAccount(long seed, Instant now) {
        this.random = new Random(seed);
        this.now = now;
        for (String customer : CUSTOMERS) {
            for (String environment : ENVIRONMENTS) {
                freeCustomers.add(new Customer(customer, environment));
            }
        }
        Collections.shuffle(freeCustomers, random);
    }

    /** The index-th customer environment of a large account; every index gives a different one. */
    static Customer numberedCustomer(int index) {
        return new Customer(CUSTOMERS[index % CUSTOMERS.length] + (index / CUSTOMERS.length),
                ENVIRONMENTS[index % ENVIRONMENTS.length]);
    }

    Instant now() {
        return now;
    }

    Random random() {
        return random;
    }

    /** The next customer environment that has no distribution stack yet. */
    Customer nextCustomer() {
        if (freeCustomers.isEmpty()) {
            throw new IllegalStateException("sample account ran out of customer names");
        }
        return freeCustomers.remove(freeCustomers.size() - 1);
    }

    /** The customer environment a distribution stack was made for, from its tags. */
    static Customer customerOf(SampleStack stack) {
        return new Customer(tag(stack, "customer"), tag(stack, "environment"));
    }

    private static String tag(SampleStack stack, String key) {
        return stack.tags().stream().filter(t -> t.key().equals(key)).map(KeyValue::value).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(stack.stackName() + " has no tag " + key));
    }

    /** A stack ARN as CloudFormation makes them, with a version-4 UUID from the seeded random source. */
    String stackId(String stackName) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return STACK_ARN_PREFIX + stackName + "/" + new UUID(high, low);
    }

    /** A time in [from, to), to the millisecond. */
    Instant between(Instant from, Instant to) {
        long span = Duration.between(from, to).toMillis();
        return from.plusMillis(span <= 0 ? 0 : random.nextLong(span));
    }

    Instant daysAgo(double days) {
        return now.minusSeconds(Math.round(days * 86_400));
    }

    /** Some time on the day that ended {@code days} days before now. */
    Instant aboutDaysAgo(int days) {
        return between(daysAgo(days + 1), daysAgo(days));
    }

    <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** A domain nobody in the account claims yet, under one of the example zones. */
    String freshDomain(Customer customer) {
        for (int attempt = 0; ; attempt++) {
            String host = attempt < 20 ? pick(HOSTS) : "site" + attempt;
            String base = customer.domainBase() + "." + pick(ZONES);
            String domain = host.isEmpty() ? base : host + "." + base;
            if (usedDomains.add(domain)) {
                return domain;
            }
        }
    }

    List<String> freshDomains(Customer customer, int count) {
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            domains.add(freshDomain(customer));
        }
        return domains;
    }

    /** The customer's group id; every environment of one customer shares it. */
    String groupOf(Customer customer) {
        return groupByCustomer.computeIfAbsent(customer.name(),
                name -> "g-" + name + "-" + Integer.toHexString(0x1000 + random.nextInt(0xF000)));
    }

    String newGroup(Customer customer) {
        return "g-" + customer.name() + "-" + Integer.toHexString(0x1000 + random.nextInt(0xF000));
    }

    /**
     * A live customer distribution stack with the platform's usual parameters; {@code domainValue} and
     * {@code groupValue} go in verbatim, an empty Optional leaves the parameter out.
     */
    SampleStack distribution(Customer customer, Optional<String> domainValue, Optional<String> groupValue,
            Instant created, Role role) {
        List<KeyValue> parameters = new ArrayList<>();
        domainValue.ifPresent(value -> parameters.add(new KeyValue(SampleStack.DOMAIN_PARAMETER, value)));
        groupValue.ifPresent(value -> parameters.add(new KeyValue(SampleStack.GROUP_PARAMETER, value)));
        parameters.add(new KeyValue("PriceClass", pick(PRICE_CLASSES)));
        parameters.add(new KeyValue("OriginBucketName", customer.stackName() + "-origin"));
        List<KeyValue> tags = List.of(new KeyValue("customer", customer.name()),
                new KeyValue("environment", customer.environment()));
        return new SampleStack(stackId(customer.stackName()), customer.stackName(),
                Optional.of(pick(DESCRIPTIONS)), parameters, created, Optional.empty(), Optional.empty(),
                "CREATE_COMPLETE", Optional.empty(), Optional.empty(), Optional.empty(), tags, role);
    }

    SampleStack distribution(Customer customer, String domainValue, Instant created, Role role) {
        return distribution(customer, Optional.of(domainValue), Optional.of(groupOf(customer)), created, role);
    }

    /** A stack that is not a customer distribution. */
    SampleStack other(String stackName, Optional<String> description, List<KeyValue> parameters, Instant created) {
        return new SampleStack(stackId(stackName), stackName, description, parameters, created, Optional.empty(),
                Optional.empty(), "CREATE_COMPLETE", Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(new KeyValue("team", "platform")), Role.OTHER);
    }

    SampleStack add(SampleStack stack) {
        stacks.add(stack);
        return stack;
    }

    void replace(SampleStack before, UnaryOperator<SampleStack> change) {
        stacks.set(stacks.indexOf(before), change.apply(before));
    }

    void remove(SampleStack stack) {
        stacks.remove(stack);
    }

    /** The stacks that match, in a seeded random order. */
    List<SampleStack> shuffled(Predicate<SampleStack> filter) {
        List<SampleStack> matching = new ArrayList<>(stacks.stream().filter(filter).toList());
        Collections.shuffle(matching, random);
        return matching;
    }

    /** The listing as describe-stacks orders it: newest first. */
    List<SampleStack> listing() {
        return stacks.stream()
                .sorted(Comparator.comparing(SampleStack::creationTime).reversed()
                        .thenComparing(SampleStack::stackId))
                .toList();
    }

    List<SampleStack> stacks() {
        return List.copyOf(stacks);
    }
}
