package io.meshperf.schemas.settings;

/**
 * A setting has a bad or missing value. The message names the setting (its environment variable and
 * flag) and says what was wrong; the component prints it and stops before starting anything.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
