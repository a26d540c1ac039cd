package dev.runway.functions.hello;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelloTest {

    private final Hello hello = new Hello();

    @Test
    void greetsByName() {
        assertThat(hello.apply(new Hello.Parameters("Ada"))).isEqualTo(new Hello.Greeting("Hello, Ada!"));
    }

    @Test
    void greetsTheWorldWhenNoNameIsGiven() {
        assertThat(hello.apply(new Hello.Parameters(null)).message()).isEqualTo("Hello, World!");
    }
}
