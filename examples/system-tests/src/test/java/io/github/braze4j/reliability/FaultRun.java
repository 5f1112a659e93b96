package io.github.braze4j.reliability;

import io.github.braze4j.pipeline.PipelineStats;
import io.github.braze4j.standin.StandInStats;
import java.time.Duration;
import java.util.List;

/** Everything one run of a {@link FaultCase} left behind, for its expectations and the summary. */
record FaultRun(
    FaultCase fault,
    Workload workload,
    Workload.Outcome outcome,
    AttemptLog log,
    StandInStats standIn,
    PipelineStats pipeline,
    long faultsInjected,
    long notDoneRightAfterClose,
    Duration fakeElapsed) {

  /** The submissions that failed (or were refused at submit), with their reasons. */
  List<Workload.Submission> failures() {
    return workload.submissions().stream().filter(s -> s.failure() != null).toList();
  }
}
