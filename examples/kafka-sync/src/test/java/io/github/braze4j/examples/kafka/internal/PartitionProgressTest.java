package io.github.braze4j.examples.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {
  private final PartitionProgress progress = new PartitionProgress();

  @Test void nothingToCommitBeforeAnyRecordFinished() {
    PartitionProgress.RecordWork first = progress.start(10);
    first.add();
    first.seal();
    assertThat(progress.toCommit()).isEmpty();
    first.finish();
    assertThat(progress.toCommit()).hasValue(11);
  }

  @Test void commitStopsAtTheFirstUnfinishedRecordEvenWhenLaterOnesFinished() {
    PartitionProgress.RecordWork a = progress.start(0);
    PartitionProgress.RecordWork b = progress.start(1);
    PartitionProgress.RecordWork c = progress.start(2);
    for (PartitionProgress.RecordWork work : new PartitionProgress.RecordWork[] {a, b, c}) {
      work.add();
      work.seal();
    }
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
    PartitionProgress.RecordWork work = progress.start(0);
    work.add();
    work.seal();
    Thread finisher = new Thread(work::finish);
    finisher.start();
    assertThat(progress.awaitIdle(System.nanoTime() + 10_000_000_000L)).isTrue();
    finisher.join();
  }

  @Test void awaitIdleGivesUpAtTheDeadline() throws Exception {
    PartitionProgress.RecordWork work = progress.start(0);
    work.add();
    work.seal();
    assertThat(progress.awaitIdle(System.nanoTime() + 20_000_000L)).isFalse();
    assertThat(progress.unfinished()).isEqualTo(1);
  }
}
