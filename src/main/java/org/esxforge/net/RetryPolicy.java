package org.esxforge.net;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently a download is retried after a connection reset, a read timeout, a
 * 5xx/408/429 status or a truncated body. The delay before retry {@code n} (1-based) is {@code
 * min(maxDelay, initialDelay * 2^(n-1))} scaled by a random factor in [0.5, 1) ("equal jitter"), so
 * concurrent clients do not retry in lock-step.
 *
 * <p>{@code maxAttempts} bounds the attempts that make no progress; an attempt that received new
 * bytes (and will be resumed with a Range request) does not count, but the total is still capped at
 * {@code 4 * maxAttempts}.
 *
 * @param sleeper waits between attempts (tests inject a recording no-op)
 * @param random the jitter source (tests inject a seeded one)
 *     <p>Immutable; thread-safe if the sleeper and the random generator are.
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialDelay,
    Duration maxDelay,
    Sleeper sleeper,
    RandomGenerator random) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
    }
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(random, "random");
  }

  /** 5 attempts, 1 s doubling up to 30 s, real sleeping. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        5,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Sleeper.THREAD,
        RandomGenerator.getDefault());
  }

  /** The (jittered) delay before retry number {@code retry} (1-based). */
  public Duration delayBefore(int retry) {
    long base = initialDelay.toMillis();
    long exp = retry >= 31 ? Long.MAX_VALUE : base << Math.max(0, retry - 1);
    if (exp < base) {
      exp = Long.MAX_VALUE;
    }
    long capped = Math.min(maxDelay.toMillis(), exp);
    double factor = 0.5 + random.nextDouble() * 0.5;
    return Duration.ofMillis((long) (capped * factor));
  }

  /** Waits; the real one is {@link Thread#sleep}. Implementations must be thread-safe. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper THREAD = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
  }
}
