package io.meshperf.agent.engine;

/** The engine's own version, from the jar manifest ("dev" when run from classes). */
public final class EngineVersion {

    private EngineVersion() {
    }

    public static String get() {
        String v = EngineVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
