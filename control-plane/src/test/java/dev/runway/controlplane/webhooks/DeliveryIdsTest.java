package dev.runway.controlplane.webhooks;

import static dev.runway.controlplane.webhooks.Deliveries.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.problem.InvalidInputException.FieldError;
import dev.runway.controlplane.webhooks.DeliveryIds.DeliveryId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryIdsTest {

    private final DeliveryIds ids = DeliveryIds.defaults();

    @Test
    void githubsDeliveryIdIsFoundWhateverTheCaseOfItsName() {
        assertThat(ids.find(headers("x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958", "X-GitHub-Event", "push")))
                .contains(new DeliveryId("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"));
    }

    @Test
    void theFirstHeaderOfTheListThatIsPresentWins() {
        assertThat(ids.find(headers("X-Request-Id", "r-1", "Idempotency-Key", "k-1", "webhook-id", "msg_1")))
                .contains(new DeliveryId("Idempotency-Key", "k-1"));
        assertThat(ids.find(headers("X-Request-Id", "r-1", "Webhook-Id", "msg_1")))
                .contains(new DeliveryId("webhook-id", "msg_1"));
        assertThat(ids.find(headers("X-Request-Id", "r-1"))).contains(new DeliveryId("X-Request-Id", "r-1"));
    }

    @Test
    void aDeliveryWithNoneOfTheHeadersHasNoId() {
        assertThat(ids.find(headers("X-GitHub-Event", "push", "X-Slack-Request-Timestamp", "1531420618"))).isEmpty();
    }

    @Test
    void anEmptyHeaderIsPassedOver() {
        assertThat(ids.find(headers("X-GitHub-Delivery", "  ", "X-Request-Id", "r-1")))
                .contains(new DeliveryId("X-Request-Id", "r-1"));
    }

    @Test
    void theListOfHeadersCanBeConfigured() {
        DeliveryIds shopify = new DeliveryIds(List.of("X-Shopify-Webhook-Id", "X-GitHub-Delivery"));

        assertThat(shopify.find(headers("X-GitHub-Delivery", "g", "X-Shopify-Webhook-Id", "s")))
                .contains(new DeliveryId("X-Shopify-Webhook-Id", "s"));
        assertThat(shopify.find(headers("Idempotency-Key", "k"))).isEmpty();
        assertThatThrownBy(() -> new DeliveryIds(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeliveryIds(List.of("Delivery Id"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIdOfTwoHundredCharactersIsKeptAndALongerOneIsRefusedNotCut() {
        assertThat(ids.find(headers("X-GitHub-Delivery", "a".repeat(200)))).hasValueSatisfying(id ->
                assertThat(id.value()).hasSize(200));

        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> ids.find(headers("X-GitHub-Delivery", "a".repeat(201), "X-Request-Id", "r-1"))).errors())
                .containsExactly(new FieldError("X-GitHub-Delivery", "is 201 characters long; at most 200 are allowed"));
    }

    @Test
    void anIdSentTwiceOrNotPrintableAsciiIsRefused() {
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> ids.find(headers("X-GitHub-Delivery", "a", "x-github-delivery", "b"))).errors())
                .containsExactly(new FieldError("X-GitHub-Delivery", "is sent 2 times; a delivery has one id"));
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> ids.find(headers("Idempotency-Key", "caf\u00e9"))).errors())
                .containsExactly(new FieldError("Idempotency-Key", "must be printable ASCII"));
        assertThat(catchThrowableOfType(InvalidInputException.class,
                () -> ids.find(headers("Idempotency-Key", "a\tb"))).errors())
                .extracting(FieldError::field).containsExactly("Idempotency-Key");
    }
}
