package io.meshperf.coordinator.config;

/** A setting has a bad or missing value; the message names the setting, as variable and flag. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
