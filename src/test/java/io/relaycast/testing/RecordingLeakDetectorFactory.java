package io.relaycast.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

/** Creates leak detectors that hand every reported leak to {@link LeakRecorder} instead of only logging it. */
final class RecordingLeakDetectorFactory extends ResourceLeakDetectorFactory {

    @Override
    @Deprecated
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
        return newResourceLeakDetector(resource, samplingInterval);
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
        LeakRecorder.detectorCreated(resource);
        return new RecordingLeakDetector<>(resource, samplingInterval);
    }

    /** A detector that records instead of logging; the test failure carries the records. */
    private static final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

        RecordingLeakDetector(Class<T> resourceType, int samplingInterval) {
            super(resourceType, samplingInterval);
        }

        /** Always report: the default asks whether Netty's logger has ERROR enabled, which tests must not depend on. */
        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LeakRecorder.record(new LeakRecorder.Leak(resourceType, records));
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LeakRecorder.record(new LeakRecorder.Leak(resourceType, ""));
        }
    }
}
