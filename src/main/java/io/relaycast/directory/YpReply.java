package io.relaycast.directory;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * What a directory answers, in headers as Icecast's YP protocol has it: {@code YPResponse: 1} when it did what was
 * asked, {@code YPMessage} saying why not, the listing's {@code SID} after an add, and {@code TouchFreq}, the seconds
 * it wants between touches.
 *
 * @param accepted   whether the directory did what was asked
 * @param message    its message, or ""
 * @param sid        the listing's id, or null
 * @param touchEvery the touch interval it asks for, or null
 */
public record YpReply(boolean accepted, String message, String sid, Duration touchEvery) {

    static YpReply of(HttpHeaders headers) {
        boolean accepted = headers.firstValue("YPResponse").map(String::trim).filter("1"::equals).isPresent();
        String message = headers.firstValue("YPMessage").map(String::trim).orElse("");
        String sid = headers.firstValue("SID").map(String::trim).filter(id -> !id.isEmpty()).orElse(null);
        OptionalLong seconds = headers.firstValue("TouchFreq").map(String::trim).map(YpReply::seconds)
                .orElse(OptionalLong.empty());
        return new YpReply(accepted, message, sid, seconds.isPresent() ? Duration.ofSeconds(seconds.getAsLong()) : null);
    }

    private static OptionalLong seconds(String value) {
        try {
            long seconds = Long.parseLong(value);
            return seconds > 0 ? OptionalLong.of(seconds) : OptionalLong.empty();
        } catch (NumberFormatException notANumber) {
            return OptionalLong.empty();
        }
    }

    /** Why the directory said no, for the log. */
    String why() {
        return message.isEmpty() ? "no reason given (no YPResponse: 1)" : message;
    }
}
