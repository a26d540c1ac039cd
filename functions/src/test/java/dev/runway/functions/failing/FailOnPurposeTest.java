package dev.runway.functions.failing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FailOnPurposeTest {

    @Test
    void failsWithTheReasonItIsGiven() {
        assertThatThrownBy(() -> new FailOnPurpose().apply(new FailOnPurpose.Parameters("disk on fire")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("disk on fire");
    }

    @Test
    void failsEvenWithoutAReason() {
        assertThatThrownBy(() -> new FailOnPurpose().apply(new FailOnPurpose.Parameters(null)))
                .hasMessage("failed on purpose");
    }
}
