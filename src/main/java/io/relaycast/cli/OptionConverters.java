package io.relaycast.cli;

import io.relaycast.config.BurstSize;
import io.relaycast.config.ByteSizes;
import io.relaycast.config.ForwardedHeader;
import io.relaycast.config.ListenAddress;
import picocli.CommandLine.ITypeConverter;

/** The converters of {@link ServeCommand}'s options whose values are more than a number or a string. */
final class OptionConverters {

    private OptionConverters() {
    }

    /** Parses a burst size in bytes or seconds. */
    static final class BurstConverter implements ITypeConverter<BurstSize> {
        @Override
        public BurstSize convert(String value) {
            return BurstSize.parse(value);
        }
    }

    /** Parses {@code 8001}, {@code 127.0.0.1:8001} or {@code [::1]:8001}. */
    static final class ListenAddressConverter implements ITypeConverter<ListenAddress> {
        @Override
        public ListenAddress convert(String value) {
            return ListenAddress.parse(value);
        }
    }

    /** Parses a header name such as X-Real-IP, in any case. */
    static final class ForwardedHeaderConverter implements ITypeConverter<ForwardedHeader> {
        @Override
        public ForwardedHeader convert(String value) {
            return ForwardedHeader.parse(value);
        }
    }

    /** Parses a byte size such as 512k. */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return ByteSizes.parse(value);
        }
    }
}
