package io.meshperf.coordinator.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Expected load-balancing weights of Service backends, for the chi-square verdict of the Service
 * path: per Service ({@code namespace/name}), the weight of each backend pod ({@code namespace/name}).
 * Written {@code ns/svc=ns/pod-a:2,ns/pod-b:1;ns/other=ns/pod-c:1}. Immutable; parsing is pure.
 *
 * @param weights per Service, per backend pod, a positive weight
 */
public record ServiceWeights(Map<String, Map<String, Double>> weights) {

    public ServiceWeights {
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(weights, "weights").forEach((service, backends) -> copy.put(service, Map.copyOf(backends)));
        weights = Map.copyOf(copy);
    }

    /**
     * Parses the written form.
     *
     * @throws IllegalArgumentException saying which part is wrong
     */
    public static ServiceWeights parse(String text) {
        Map<String, Map<String, Double>> weights = new LinkedHashMap<>();
        for (String entry : text.split(";", -1)) {
            String e = entry.strip();
            int eq = e.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("'" + e + "' is not ns/service=ns/pod:weight,...");
            }
            String service = namespaced(e.substring(0, eq).strip(), "Service");
            if (weights.containsKey(service)) {
                throw new IllegalArgumentException("Service " + service + " is given twice");
            }
            Map<String, Double> backends = new LinkedHashMap<>();
            for (String backend : e.substring(eq + 1).split(",", -1)) {
                String b = backend.strip();
                int colon = b.lastIndexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("backend '" + b + "' of " + service + " is not ns/pod:weight");
                }
                String pod = namespaced(b.substring(0, colon).strip(), "backend pod");
                double weight = weight(b.substring(colon + 1).strip(), pod);
                if (backends.put(pod, weight) != null) {
                    throw new IllegalArgumentException("backend " + pod + " of " + service + " is given twice");
                }
            }
            weights.put(service, backends);
        }
        return new ServiceWeights(weights);
    }

    private static String namespaced(String name, String what) {
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1 || name.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException(what + " '" + name + "' must be namespace/name");
        }
        return name;
    }

    private static double weight(String text, String pod) {
        double w;
        try {
            w = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("weight of " + pod + " must be a number, got '" + text + "'");
        }
        if (!(w > 0.0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("weight of " + pod + " must be above 0, got '" + text + "'");
        }
        return w;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        weights.forEach((service, backends) -> {
            b.append(b.length() == 0 ? "" : ";").append(service).append('=');
            StringBuilder pods = new StringBuilder();
            backends.forEach((pod, w) -> pods.append(pods.length() == 0 ? "" : ",").append(pod).append(':').append(w));
            b.append(pods);
        });
        return b.toString();
    }
}
