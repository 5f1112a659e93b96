package io.github.braze4j.personas.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void mapsKeepTheirEntriesAcrossAReopen() {
    try (StateDirectory state = StateDirectory.open(dir)) {
      state.map("membership").put(b("k1"), b("v1"));
      state.map("outbox").put(b("k1"), b("other"));
    }
    try (StateDirectory state = StateDirectory.open(dir)) {
      assertThat(state.map("membership").get(b("k1"))).isEqualTo(b("v1"));
      assertThat(state.map("outbox").get(b("k1"))).isEqualTo(b("other"));
      assertThat(state.map("fresh").get(b("k1"))).isNull();
    }
  }

  @Test
  void forEachVisitsInKeyOrderFromAStartKeyUntilTheVisitorStops() {
    try (StateDirectory state = StateDirectory.open(dir)) {
      StateMap map = state.map("m");
      for (String k : List.of("c", "a", "d", "b")) {
        map.put(b(k), b(k.toUpperCase()));
      }
      map.delete(b("d"));
      List<String> seen = new ArrayList<>();
      map.forEach(b("b"), (k, v) -> seen.add(new String(k, UTF_8) + "=" + new String(v, UTF_8)) && seen.size() < 5);
      assertThat(seen).containsExactly("b=B", "c=C");
      seen.clear();
      map.forEach(null, (k, v) -> seen.add(new String(k, UTF_8)) && false);
      assertThat(seen).containsExactly("a");
    }
  }

  @Test
  void clearEmptiesOneMapOnlyAndTheMapStaysUsableAcrossAReopen() {
    try (StateDirectory state = StateDirectory.open(dir)) {
      state.map("m").put(b("k"), b("v"));
      state.map("other").put(b("k"), b("w"));
      state.map("m").clear();
      assertThat(state.map("m").get(b("k"))).isNull();
      state.map("m").put(b("k2"), b("v2"));
    }
    try (StateDirectory state = StateDirectory.open(dir)) {
      assertThat(state.map("m").get(b("k"))).isNull();
      assertThat(state.map("m").get(b("k2"))).isEqualTo(b("v2"));
      assertThat(state.map("other").get(b("k"))).isEqualTo(b("w"));
    }
  }

  @Test
  void aSecondOpenInThisProcessIsRefusedAsSuchUntilTheFirstCloses() {
    StateDirectory first = StateDirectory.open(dir);
    assertThatThrownBy(() -> StateDirectory.open(dir))
        .isInstanceOfSatisfying(StateDirectoryInUseException.class, e -> assertThat(e.heldByThisProcess()).isTrue())
        .hasMessage("state directory " + dir.toAbsolutePath().normalize()
            + " is already open in this process; close that StateDirectory first");
    first.close();
    StateDirectory.open(dir).close();
  }

  @Test
  void aSecondProcessIsRefusedWithAClearMessage() throws Exception {
    try (StateDirectory held = StateDirectory.open(dir)) {
      held.map("membership").put(b("k"), b("v"));
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), OpenStateDirectory.class.getName(), dir.toString())
          .redirectErrorStream(true).start();
      String output = new String(child.getInputStream().readAllBytes(), UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as(output).isEqualTo(3);
      assertThat(output).contains("state directory " + held.path() + " is in use by another process"
          + " (held by another process)").doesNotContain("--state").doesNotContain("\tat ");
      assertThat(held.map("membership").get(b("k"))).isEqualTo(b("v"));
    }
  }

  @Test
  void usingAMapAfterCloseFailsClearly() {
    StateDirectory state = StateDirectory.open(dir);
    StateMap map = state.map("m");
    state.close();
    state.close();
    assertThatThrownBy(() -> map.get(b("k"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsAClearError() throws IOException {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertThatThrownBy(() -> StateDirectory.open(file)).isInstanceOf(StateException.class)
        .hasMessageContaining("state directory " + file);
  }

  @Test
  void reservedAndEmptyMapNamesAreRefused() {
    try (StateDirectory state = StateDirectory.open(dir)) {
      assertThatThrownBy(() -> state.map("")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> state.map("default")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void whenTheEngineCannotOpenEverythingNativeMadeSoFarIsFreedAndTheLockReleased() throws IOException {
    Files.createDirectories(dir.resolve("LOCK")); // RocksDB's own lock file cannot be created: RocksDB.open fails
    NativeResources natives = new NativeResources();

    assertThatThrownBy(() -> StateDirectory.open(dir, natives)).isInstanceOf(StateException.class)
        .hasMessageContaining("state directory " + dir.toAbsolutePath().normalize() + " cannot be opened");

    assertThat(natives.owned()).as("cache, options, filter made before the engine").hasSizeGreaterThanOrEqualTo(4)
        .allSatisfy(resource -> assertThat(resource.isOwningHandle()).as(resource.getClass().getSimpleName()).isFalse());
    Files.delete(dir.resolve("LOCK"));
    StateDirectory.open(dir).close();
  }

  @Test
  void closeFreesEveryNativeObjectItMadeIncludingTheMapsAddedLaterAndAClearFreesTheHandleItReplaced() {
    NativeResources natives = new NativeResources();
    StateDirectory state = StateDirectory.open(dir, natives);
    state.map("m").put(b("k"), b("v"));
    state.map("m").clear();
    int made = natives.owned().size();
    for (int i = 0; i < 50; i++) {
      state.map("m").clear(); // as a Kafka partition's state is at every rebalance
    }
    assertThat(natives.owned()).as("a cleared map's old handle freed, not kept").hasSize(made);

    state.close();

    assertThat(made).as("engine, default family, m's handle, options, cache, filter").isGreaterThanOrEqualTo(7);
    assertThat(natives.owned()).allSatisfy(resource -> assertThat(resource.isOwningHandle()).isFalse());
  }

  @Test
  @Timeout(60)
  void closeWaitsForAScanRunningOnAnotherThreadThenLaterCallsFailClearly() throws InterruptedException {
    StateDirectory state = StateDirectory.open(dir);
    StateMap map = state.map("m");
    for (int i = 0; i < 100; i++) {
      map.put(b(String.format("k%03d", i)), b("v" + i));
    }
    Thread closer = new Thread(state::close, "closer");
    List<String> seen = new ArrayList<>();

    map.forEach(null, (key, value) -> {
      if (seen.isEmpty()) {
        closer.start();
        awaitBlockedOrDone(closer);
        assertThat(closer.isAlive()).as("close() waits while the scan runs").isTrue();
      }
      seen.add(new String(key, UTF_8));
      return true;
    });
    closer.join();

    assertThat(seen).hasSize(100).startsWith("k000").endsWith("k099");
    assertThatThrownBy(() -> map.get(b("k000"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    assertThatThrownBy(() -> map.forEach(null, (k, v) -> true)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(map::estimatedSize).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(map::clear).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @Timeout(60)
  void writersRacingACloseEitherWriteOrAreToldTheDirectoryIsClosed() throws Exception {
    StateDirectory state = StateDirectory.open(dir);
    StateMap map = state.map("m");
    int writers = 4;
    CountDownLatch everyoneWrote = new CountDownLatch(writers);
    List<Throwable> endings = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < writers; t++) {
      int id = t;
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; ; i++) {
            map.put(b(id + "-" + i), b("v"));
            map.get(b(id + "-" + i));
            if (i == 0) {
              everyoneWrote.countDown();
            }
          }
        } catch (Throwable e) {
          endings.add(e);
        }
      });
      threads.add(writer);
      writer.start();
    }
    everyoneWrote.await();

    state.close();
    for (Thread writer : threads) {
      writer.join();
    }

    assertThat(endings).hasSize(writers).allSatisfy(e ->
        assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed"));
    try (StateDirectory reopened = StateDirectory.open(dir)) {
      assertThat(reopened.map("m").get(b("0-0"))).isEqualTo(b("v"));
    }
  }

  @Test
  void closingOrClearingFromInsideAScanIsRefusedRatherThanWaitingForItself() {
    try (StateDirectory state = StateDirectory.open(dir)) {
      StateMap map = state.map("m");
      map.put(b("k"), b("v"));
      List<Throwable> refusals = new ArrayList<>();
      map.forEach(null, (key, value) -> {
        for (Runnable call : List.<Runnable>of(state::close, map::clear)) {
          try {
            call.run();
          } catch (IllegalStateException e) {
            refusals.add(e);
          }
        }
        return true;
      });

      assertThat(refusals).hasSize(2).allSatisfy(e -> assertThat(e).hasMessageContaining("from inside a StateMap.forEach visitor"));
      assertThat(map.get(b("k"))).isEqualTo(b("v"));
    }
  }

  /** Spins (no sleep) until {@code thread} waits for a lock or has ended. */
  private static void awaitBlockedOrDone(Thread thread) {
    Thread.State s;
    while ((s = thread.getState()) == Thread.State.NEW || s == Thread.State.RUNNABLE) {
      Thread.onSpinWait();
    }
  }
}
