package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.state.DurableMembershipStore;
import io.github.braze4j.personas.state.StateDirectory;
import io.github.braze4j.personas.state.StateDirectoryInUseException;
import io.github.braze4j.personas.state.StateException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The mapper flags ({@link MapperFlags}) and {@code --state DIR}, shared by {@code sync} and
 * {@code serve}: how messages are mapped, and where the gate that judges them keeps its ordering
 * and duplicate state. With {@code --state} that is a {@link StateDirectory}, so it outlives the
 * process; without it the state is in memory ({@code CompactMembershipStore}) and gone when the
 * process stops. ({@code kafka} has a {@code --state} of its own and shares {@link #refusal}.)
 */
public final class GateFlags {
  @Spec(Spec.Target.MIXEE)
  @Nullable CommandSpec spec;

  @Mixin
  MapperFlags mapper = new MapperFlags();

  @Option(names = "--state", paramLabel = "DIR",
      description = "Keep ordering and duplicate state in DIR (created if missing; one process at a time),"
          + " so it survives restarts: a value already delivered is not sent again and a replayed"
          + " line older than what was delivered is skipped as stale. Default: in memory only.")
  @Nullable Path dir;

  /** The directory given, or {@code null}. */
  public @Nullable Path dir() {
    return dir;
  }

  /**
   * The mapper for the mapper flags and its gate: the gate on the durable store in
   * {@code --state DIR} when given, else on the default in-memory store. Close what this returns
   * after the pipeline is closed.
   *
   * @throws picocli.CommandLine.ParameterException (exit status 2) for a mapper flag value that is
   *     not acceptable, or when DIR is in use by another process or cannot be opened
   */
  public Opened open() {
    MapperOptions options = mapper.options();
    if (dir == null) {
      return new Opened(null, PersonasMapper.create(options), MembershipGate.create(options));
    }
    if (spec != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption("--store-capacity")) {
      // the durable store keeps every key on disk: a capacity given with it would silently do nothing
      throw Usage.error(spec, "--store-capacity sizes the in-memory state; with --state DIR the state is on disk"
          + " and keeps every key, so give one or the other");
    }
    StateDirectory directory;
    try {
      directory = StateDirectory.open(dir);
    } catch (StateDirectoryInUseException | StateException e) {
      throw Usage.error(spec, refusal(e));
    }
    return new Opened(directory, PersonasMapper.create(options),
        MembershipGate.create(options, DurableMembershipStore.open(directory)));
  }

  /**
   * The error line for a {@code --state DIR} that could not be opened: the library's message, and
   * for a directory in use what to do about it in terms of this command's flags.
   */
  public static String refusal(RuntimeException e) {
    String message = "--state: " + e.getMessage();
    if (e instanceof StateDirectoryInUseException inUse) {
      return message + (inUse.heldByThisProcess()
          ? "; give this command its own --state directory"
          : "; stop it first, or give this command its own --state directory");
    }
    return message;
  }

  /**
   * A mapper, its gate and the state directory the gate keeps its state in (if any).
   *
   * @param directory the open {@code --state} directory, or {@code null} for in-memory state; other
   *     components (an outbox, say) may open their own maps in it
   * @param mapper the mapper
   * @param gate the gate judging ordering and duplicates
   */
  public record Opened(@Nullable StateDirectory directory, PersonasMapper mapper, MembershipGate gate)
      implements AutoCloseable {
    /** Closes the state directory, releasing its lock. */
    @Override public void close() {
      if (directory != null) {
        directory.close();
      }
    }
  }
}
