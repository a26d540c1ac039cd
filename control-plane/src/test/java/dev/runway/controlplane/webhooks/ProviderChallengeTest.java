package dev.runway.controlplane.webhooks;

import static dev.runway.controlplane.webhooks.Deliveries.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.json.Json;
import org.junit.jupiter.api.Test;

class ProviderChallengeTest {

    @Test
    void slacksUrlVerificationIsAnsweredWithItsChallenge() {
        byte[] slack = body("""
                {"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
                 "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                 "type": "url_verification"}
                """);

        assertThat(ProviderChallenge.answer(slack)).hasValueSatisfying(answer -> assertThat(Json.mapper()
                .writeValueAsString(answer)).isEqualTo("{\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\"}"));
    }

    @Test
    void nothingElseIsAChallenge() {
        for (String delivery : new String[] {
                "{\"type\": \"event_callback\", \"challenge\": \"abc\"}",
                "{\"type\": \"url_verification\"}",
                "{\"type\": \"url_verification\", \"challenge\": \"\"}",
                "{\"type\": \"url_verification\", \"challenge\": 42}",
                "{\"type\": [\"url_verification\"], \"challenge\": \"abc\"}",
                "{\"challenge\": \"abc\"}",
                "[{\"type\": \"url_verification\", \"challenge\": \"abc\"}]",
                "type=url_verification&challenge=abc",
                ""}) {
            assertThat(ProviderChallenge.answer(body(delivery))).as(delivery).isEmpty();
        }
    }

    @Test
    void aBodyLargerThanAnyChallengeIsNotReadAsOne() {
        String padded = "{\"type\": \"url_verification\", \"challenge\": \"abc\", \"pad\": \"%s\"}";
        String fits = padded.formatted("x".repeat(ProviderChallenge.MAX_BODY_BYTES - padded.length() + 2));

        assertThat(ProviderChallenge.answer(body(fits))).isPresent();
        assertThat(ProviderChallenge.answer(body(padded.formatted("x".repeat(ProviderChallenge.MAX_BODY_BYTES))))).isEmpty();
    }
}
