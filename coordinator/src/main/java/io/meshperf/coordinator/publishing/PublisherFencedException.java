package io.meshperf.coordinator.publishing;

/** Another replica has claimed publishing for the cluster; this one must stop leading. */
public final class PublisherFencedException extends PublishException {

    private static final long serialVersionUID = 1L;

    public PublisherFencedException(String message, Throwable cause) {
        super(message, cause);
    }
}
