package dev.domainsync.customresource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.domainsync.json.InvalidInputException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which resource states confirm which request type: only those CloudFormation is in while it waits for one. */
class RequestVerifierTest {

    private static final String STACK = "arn:aws:cloudformation:eu-west-1:123456789012:stack/shop/5f3c0a10";
    private static final Instant CREATED = Instant.parse("2026-02-27T10:00:00Z");

    private final FakeCloudFormation cloudFormation = new FakeCloudFormation();
    private final RequestVerifier verifier = new RequestVerifier(cloudFormation, cloudFormation);

    @ParameterizedTest(name = "{0} while the resource is {1} (stack {2}): confirmed {3}")
    @CsvSource({
            "Create, CREATE_IN_PROGRESS,          CREATE_IN_PROGRESS,          true",
            "Create, CREATE_COMPLETE,             CREATE_COMPLETE,             false",
            "Create, UPDATE_IN_PROGRESS,          UPDATE_IN_PROGRESS,          false",
            "Update, UPDATE_IN_PROGRESS,          UPDATE_IN_PROGRESS,          true",
            "Update, UPDATE_IN_PROGRESS,          UPDATE_ROLLBACK_IN_PROGRESS, true",
            "Update, UPDATE_ROLLBACK_IN_PROGRESS, UPDATE_ROLLBACK_IN_PROGRESS, true",
            "Update, UPDATE_COMPLETE,             UPDATE_COMPLETE,             false",
            "Update, CREATE_IN_PROGRESS,          CREATE_IN_PROGRESS,          false",
            "Delete, DELETE_IN_PROGRESS,          DELETE_IN_PROGRESS,          true",
            "Delete, DELETE_IN_PROGRESS,          ROLLBACK_IN_PROGRESS,        true",
            "Delete, DELETE_IN_PROGRESS,          UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, true",
            "Delete, ROLLBACK_IN_PROGRESS,        ROLLBACK_IN_PROGRESS,        true",
            "Delete, DELETE_COMPLETE,             DELETE_IN_PROGRESS,          false",
            "Delete, UPDATE_COMPLETE,             UPDATE_COMPLETE,             false",
            "Delete, CREATE_COMPLETE,             CREATE_COMPLETE,             false",
    })
    void requestType_isConfirmedOnlyInItsInProgressStates(String type, String resourceStatus, String stackStatus,
            boolean confirmed) {
        cloudFormation.stack(STACK, "shop", stackStatus, CREATED, "shop.example.com", "g-1");
        cloudFormation.resource(STACK, "DomainRegistration", RequestVerifier.RESOURCE_TYPE, resourceStatus,
                type.equals("Create") ? null : "domain-sync:id");
        CustomResourceEvent event = new CustomResourceEvent(type, "https://x", STACK, "req-1",
                RequestVerifier.RESOURCE_TYPE, "DomainRegistration", type.equals("Create") ? null : "domain-sync:id",
                JsonNodeFactory.instance.objectNode(), null);

        if (confirmed) {
            VerifiedStack stack = verifier.verify(event);
            assertThat(stack.creationTime()).isEqualTo(CREATED);
            assertThat(stack.parameters()).isEqualTo(Map.of("CustomDomainName", "shop.example.com", "GroupId", "g-1"));
            assertThat(stack.rollingBack()).isEqualTo(stackStatus.equals("UPDATE_ROLLBACK_IN_PROGRESS")
                    || resourceStatus.equals("UPDATE_ROLLBACK_IN_PROGRESS"));
        } else {
            assertThatThrownBy(() -> verifier.verify(event)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is " + resourceStatus + ", not ");
        }
    }
}
