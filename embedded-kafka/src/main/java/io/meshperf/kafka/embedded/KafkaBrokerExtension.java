package io.meshperf.kafka.embedded;

import java.util.Objects;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit Jupiter extension that gives a test class one running {@link EmbeddedKafkaBroker},
 * started before the first test and closed (temporary log directory deleted) after the last one.
 * Nested test classes share the outer class's broker.
 *
 * <p>Use {@code @ExtendWith(KafkaBrokerExtension.class)} for the defaults, or a static
 * {@code @RegisterExtension} field built with {@link #configured(Consumer)} to set the listen
 * address, port or broker properties. Test methods, constructors and lifecycle methods receive
 * the broker as an {@link EmbeddedKafkaBroker} parameter, or its bootstrap servers as a
 * {@code String} parameter annotated {@link BootstrapServers}.
 *
 * <p>Runs on JUnit's thread and blocks it while the broker starts (seconds). A broker that fails to
 * start fails the class with the {@link EmbeddedKafkaException} that says why.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final String BROKER_KEY = "broker";

    private final Consumer<EmbeddedKafkaBroker.Builder> configuration;
    private volatile EmbeddedKafkaBroker lastBroker;

    /** An extension with the broker defaults: 127.0.0.1, a free port, a temporary log directory. */
    public KafkaBrokerExtension() {
        this(builder -> { });
    }

    private KafkaBrokerExtension(Consumer<EmbeddedKafkaBroker.Builder> configuration) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
    }

    /** An extension whose broker is built with the given builder settings, for {@code @RegisterExtension}. */
    public static KafkaBrokerExtension configured(Consumer<EmbeddedKafkaBroker.Builder> configuration) {
        return new KafkaBrokerExtension(configuration);
    }

    /**
     * The broker this extension started most recently, for tests that hold the extension in a
     * {@code @RegisterExtension} field.
     *
     * @throws IllegalStateException before the extension has started a broker
     */
    public EmbeddedKafkaBroker broker() {
        EmbeddedKafkaBroker broker = lastBroker;
        if (broker == null) {
            throw new IllegalStateException("no broker yet: the extension starts it before the test class runs");
        }
        return broker;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        brokerFor(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedKafkaBroker.class
                || (type == String.class && parameter.isAnnotated(BootstrapServers.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        EmbeddedKafkaBroker broker = brokerFor(context);
        if (parameter.getParameter().getType() == EmbeddedKafkaBroker.class) {
            return broker;
        }
        if (!broker.isRunning()) {
            throw new ParameterResolutionException("the embedded Kafka broker is stopped, so "
                    + parameter.getParameter() + " has no bootstrap servers to inject; restart it first");
        }
        return broker.bootstrapServers();
    }

    /**
     * The broker in the nearest enclosing store, started on first use. The store closes it
     * (EmbeddedKafkaBroker is AutoCloseable) when the context that created it ends.
     */
    private EmbeddedKafkaBroker brokerFor(ExtensionContext context) {
        EmbeddedKafkaBroker broker = context.getStore(NAMESPACE)
                .computeIfAbsent(BROKER_KEY, key -> startBroker(), EmbeddedKafkaBroker.class);
        lastBroker = broker;
        return broker;
    }

    private EmbeddedKafkaBroker startBroker() {
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder();
        configuration.accept(builder);
        EmbeddedKafkaBroker broker = builder.build();
        try {
            broker.start();
        } catch (RuntimeException e) {
            try {
                broker.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        return broker;
    }
}
