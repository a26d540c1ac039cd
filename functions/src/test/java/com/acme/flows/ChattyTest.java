package com.acme.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChattyTest {

    private final List<String> said = new ArrayList<>();

    @Test
    void logsAsManyLinesAsAskedAndSaysHowMany() {
        Chatty.Said result = new Chatty(said::add).apply(new Chatty.Parameters(3));

        assertThat(result).isEqualTo(new Chatty.Said(3));
        assertThat(said).containsExactly("Line 1 of 3", "Line 2 of 3", "Line 3 of 3");
    }

    @Test
    void refusesANegativeCount() {
        assertThatThrownBy(() -> new Chatty(said::add).apply(new Chatty.Parameters(-1)))
                .hasMessage("lines must be 0 or more, got -1");
        assertThat(said).isEmpty();
    }
}
