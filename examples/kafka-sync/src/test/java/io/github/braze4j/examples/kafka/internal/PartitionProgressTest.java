package io.github.braze4j.examples.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {
  private final PartitionProgress progress = new PartitionProgress();

  /** Starts the record at {@code offset}, adds one piece of work to it and seals it: it waits for that work. */
  private PartitionProgress.RecordWork sealedWithOneTask(long offset) {
    PartitionProgress.RecordWork work = progress.start(offset);
    work.add();
    work.seal();
    return work;
  }

  @Test void nothingToCommitBeforeAnyRecordFinished() {
    PartitionProgress.RecordWork first = sealedWithOneTask(10);
    assertThat(progress.toCommit()).isEmpty();
    first.finish();
    assertThat(progress.toCommit()).hasValue(11);
  }

  @Test void commitStopsAtTheFirstUnfinishedRecordEvenWhenLaterOnesFinished() {
    PartitionProgress.RecordWork a = sealedWithOneTask(0);
    PartitionProgress.RecordWork b = sealedWithOneTask(1);
    PartitionProgress.RecordWork c = sealedWithOneTask(2);
    c.finish();
    a.finish();
    assertThat(progress.toCommit()).hasValue(1);
    b.finish();
    assertThat(progress.toCommit()).hasValue(3);
    assertThat(progress.idle()).isTrue();
  }

  @Test void aRecordIsNotFinishedUntilSealedSoWorkAddedLaterCounts() {
    PartitionProgress.RecordWork work = progress.start(5);
    work.add();
    work.finish();
    assertThat(progress.toCommit()).isEmpty();
    work.add();
    work.seal();
    assertThat(progress.toCommit()).isEmpty();
    work.finish();
    assertThat(progress.toCommit()).hasValue(6);
  }

  @Test void aRecordWithNoWorkFinishesWhenSealed() {
    progress.start(3).seal();
    assertThat(progress.toCommit()).hasValue(4);
  }

  @Test void anOffsetMarkedCommittedIsNotOfferedAgain() {
    progress.start(0).seal();
    OptionalLong offset = progress.toCommit();
    progress.committed(offset.getAsLong());
    assertThat(progress.toCommit()).isEmpty();
    progress.start(1).seal();
    assertThat(progress.toCommit()).hasValue(2);
  }

  @Test void recordsMustStartInOffsetOrder() {
    progress.start(7);
    assertThatThrownBy(() -> progress.start(7))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7");
  }

  @Test void workCannotBeAddedAfterSealOrFinishedTwice() {
    PartitionProgress.RecordWork work = progress.start(0);
    work.seal();
    assertThatThrownBy(work::add).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(work::finish).isInstanceOf(IllegalStateException.class);
  }

  @Test void awaitIdleReturnsOnceAnotherThreadFinishesTheWork() throws Exception {
    PartitionProgress.RecordWork work = sealedWithOneTask(0);
    Thread finisher = new Thread(work::finish);
    finisher.start();
    assertThat(progress.awaitIdle(System.nanoTime() + 10_000_000_000L)).isTrue();
    finisher.join();
  }

  @Test void awaitIdleGivesUpAtTheDeadline() throws Exception {
    sealedWithOneTask(0);
    assertThat(progress.awaitIdle(System.nanoTime() + 20_000_000L)).isFalse();
    assertThat(progress.unfinished()).isEqualTo(1);
  }
}
