package io.github.braze4j.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.FakeTime;
import io.github.braze4j.model.RateLimitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final FakeTime time = new FakeTime();

  @Test
  void allowsPermitsPerWindowThenWaitsForTheNextWindow() throws InterruptedException {
    RateLimiter limiter = RateLimiter.of(3, Duration.ofSeconds(3), time, time);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire()).isZero();
    }
    time.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofSeconds(2));
    limiter.acquire();
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void defaultIsBrazes3000Per3Seconds() {
    RateLimiter limiter = RateLimiter.defaults();
    assertThat(limiter.toString()).isEqualTo("RateLimiter{3000 per PT3S}");
  }

  @Test
  void acquireSleepsExactlyWhatIsNeededWithoutSpinning() throws InterruptedException {
    RateLimiter limiter = RateLimiter.of(2, Duration.ofSeconds(1), time, time);
    for (int i = 0; i < 6; i++) {
      limiter.acquire();
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void adoptsALowerRemainingCountFromBraze() {
    RateLimiter limiter = RateLimiter.of(100, Duration.ofSeconds(3), time, time);
    assertThat(limiter.tryAcquire()).isZero();
    limiter.update(new RateLimitStatus(100L, 2L, time.instant().plusSeconds(3)));
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void whenNoneRemainEveryCallerWaitsForTheReset() {
    RateLimiter limiter = RateLimiter.of(100, Duration.ofSeconds(3), time, time);
    Instant reset = time.instant().plusSeconds(42);
    limiter.update(new RateLimitStatus(100L, 0L, reset));
    assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofSeconds(42));
    time.advance(Duration.ofSeconds(42));
    assertThat(limiter.tryAcquire()).isZero();
  }

  @Test
  void pauseAfterA429HoldsEveryone() throws InterruptedException {
    RateLimiter limiter = RateLimiter.of(100, Duration.ofSeconds(3), time, time);
    limiter.pauseUntil(time.instant().plusSeconds(10));
    limiter.pauseUntil(time.instant().plusSeconds(5));
    limiter.acquire();
    limiter.acquire();
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(10));
  }

  @Test
  void ignoresStaleOrIncompleteHeaders() {
    RateLimiter limiter = RateLimiter.of(2, Duration.ofSeconds(3), time, time);
    limiter.update(new RateLimitStatus(null, 0L, null));
    limiter.update(new RateLimitStatus(2L, 0L, time.instant().minusSeconds(1)));
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isZero();
  }

  @Test
  void noneNeverWaits() {
    RateLimiter none = RateLimiter.none();
    none.pauseUntil(Instant.now().plusSeconds(100));
    none.update(new RateLimitStatus(1L, 0L, Instant.now().plusSeconds(100)));
    for (int i = 0; i < 10_000; i++) {
      assertThat(none.tryAcquire()).isZero();
    }
    assertThat(none.isEnabled()).isFalse();
  }

  @Test
  void concurrentCallersNeverGetMorePermitsThanTheWindowHolds() throws Exception {
    RateLimiter limiter = RateLimiter.of(300, Duration.ofSeconds(3), time, time);
    AtomicInteger granted = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 100; i++) {
          if (limiter.tryAcquire().isZero()) {
            granted.incrementAndGet();
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    assertThat(granted.get()).isEqualTo(300);
  }

  @Test
  void refusesBadSettings() {
    assertThatThrownBy(() -> RateLimiter.of(0, Duration.ofSeconds(1))).hasMessageContaining("permits");
    assertThatThrownBy(() -> RateLimiter.of(1, Duration.ZERO)).hasMessageContaining("window");
  }
}
