package io.github.braze4j.benchmarks.engage;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.examples.cli.internal.DeliverySession;
import io.github.braze4j.examples.cli.internal.InputLines;
import io.github.braze4j.examples.cli.internal.ProfileGrouping;
import io.github.braze4j.personas.InMemoryMembershipStore;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.SkipReason;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.pipeline.BrazePipeline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code sync}'s loop with the gate's state kept from one file to the next, as
 * {@code sync --state} will keep it on disk: one {@link MembershipGate} whose in-memory store
 * holds every (profile, audience) key of the workload, used for all three scenarios. Each file
 * goes through the same classes {@code personas-braze sync} uses ({@link InputLines},
 * {@link ProfileGrouping} for the finite files, {@link DeliverySession}, {@link BrazePipeline},
 * a {@link BrazeClient} with Braze's default rate limit), so the only difference from the
 * {@code sync} rows is the state: values Braze already has are skipped as duplicates and
 * messages older than a delivered value as stale.
 */
final class StatefulSync {
  private final PersonasMapper mapper;
  private final MembershipGate gate;
  private final MapperOptions options;

  StatefulSync(int keys) {
    this.options = MapperOptions.builder().storeCapacity(keys).build();
    this.mapper = PersonasMapper.create(options);
    this.gate = MembershipGate.create(options, InMemoryMembershipStore.withCapacity(keys));
  }

  /** Delivers {@code file}, grouped by profile when {@code group}; returns the summary line. */
  String run(Path file, String url, String key, boolean group) throws IOException, InterruptedException {
    try (BrazeClient client = BrazeClient.builder().apiKey(key).endpoint(url).build();
        InputStream in = Files.newInputStream(file)) {
      BrazePipeline pipeline = BrazePipeline.builder(client).build();
      DeliverySession session = new DeliverySession(PersonasSync.create(mapper, gate, pipeline), null);
      try (pipeline; ProfileGrouping grouping = group
          ? new ProfileGrouping(mapper, options.maxLineLength(), ProfileGrouping.defaultMemoryBudget()) : null) {
        InputLines lines = new InputLines(in, options.maxLineLength());
        for (InputLines.Line line = lines.next(); line != null; line = lines.next()) {
          MappingResult result = gate.admit(InputLines.map(mapper, line, options.maxLineLength()));
          if (result instanceof MappingResult.Mapped m && grouping != null && ProfileGrouping.groups(m)) {
            grouping.add(m, line);
          } else {
            session.handle(result, "line " + line.number(), null);
          }
        }
        if (grouping != null) {
          grouping.drain(new ProfileGrouping.Sink() {
            @Override public boolean newest(MappingResult.Mapped mapped, InputLines.Line line) {
              session.handle(mapped, "line " + line.number(), null);
              return true;
            }

            @Override public void superseded(InputLines.Line line) {
              session.handle(new MappingResult.Skipped(SkipReason.STALE, "superseded"), "line " + line.number(), null);
            }

            @Override public void rest(InputLines.Line line) {
              throw new AssertionError("the sink never stops");
            }
          });
        }
        pipeline.flush().join();
        session.awaitSettled(Duration.ofMinutes(5));
      }
      return session.summary();
    }
  }
}
