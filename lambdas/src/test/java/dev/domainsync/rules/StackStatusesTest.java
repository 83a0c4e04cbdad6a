package dev.domainsync.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

class StackStatusesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE"})
    void completeStatus_isLiveAndNotDeleted(String status) {
        assertThat(StackStatuses.isLive(status)).isTrue();
        assertThat(StackStatuses.isDeleted(status)).isFalse();
    }

    /** Every other status the SDK knows: in progress, failed, rolled back on create, cleanup, review, deleted. */
    @ParameterizedTest
    @EnumSource(value = StackStatus.class, mode = EnumSource.Mode.EXCLUDE, names = {
        "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE",
        "UNKNOWN_TO_SDK_VERSION"})
    void everyOtherSdkStatus_isNotLive(StackStatus status) {
        assertThat(StackStatuses.isLive(status.toString())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "ROLLBACK_COMPLETE", "DELETE_FAILED",
        "UPDATE_ROLLBACK_FAILED", "create_complete", " CREATE_COMPLETE", ""})
    void namedNonLiveStatus_isNotLive(String status) {
        assertThat(StackStatuses.isLive(status)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE_IN_PROGRESS", "DELETE_FAILED", "CREATE_COMPLETE", "ROLLBACK_COMPLETE", "delete_complete"})
    void otherThanDeleteComplete_isNotDeleted(String status) {
        assertThat(StackStatuses.isDeleted(status)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = "DELETE_COMPLETE")
    void deleteComplete_isDeletedAndNotLive(String status) {
        assertThat(StackStatuses.isDeleted(status)).isTrue();
        assertThat(StackStatuses.isLive(status)).isFalse();
    }
}
