package dev.runway.runner;

/** The runner was started wrongly (arguments, environment, deployments.yaml): the message tells the person how. */
class ConfigurationException extends RuntimeException {

    ConfigurationException(String message) {
        super(message);
    }
}
