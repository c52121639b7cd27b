package org.eibench.models.openai;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How often and how long to wait before sending a request again after a connect error, a timeout, a 408, 429 or
 * 5xx: attempt {@code k} (1-based) waits a uniformly drawn time in [0, min(maxDelay, baseDelay * 2^(k-1))] ("full
 * jitter", so that clients that failed together do not come back together); a {@code Retry-After} header replaces
 * the draw, up to {@code maxRetryAfter}.
 *
 * @param maxAttempts sends of one request in all (1 = no retry)
 * @param baseDelay the first backoff's upper bound
 * @param maxDelay the cap of the exponential backoff
 * @param maxRetryAfter the longest {@code Retry-After} honoured (a longer one waits this long)
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {
    /** The default: 6 sends, backoff from 0.5 s doubling up to 16 s, Retry-After up to 120 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(16),
            Duration.ofSeconds(120));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }

    /** The wait before send {@code attempt + 1}, after send {@code attempt} failed ({@code retryAfter} if given). */
    public Duration delay(int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get();
            return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
        }
        long cap = maxDelay.toNanos();
        long bound = baseDelay.toNanos() << Math.min(attempt - 1, 30);
        if (bound <= 0 || bound > cap) {
            bound = cap;
        }
        return Duration.ofNanos(bound == 0 ? 0 : random.nextLong(bound + 1));
    }

    /**
     * A {@code Retry-After} value: delay-seconds or an HTTP date (RFC 9110 10.2.3); empty when absent or unreadable.
     */
    static Optional<Duration> parseRetryAfter(String value, ZonedDateTime now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
