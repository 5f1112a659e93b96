package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.model.UserId;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.SentValue;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * Holds the mapped messages of a finite input and hands them back grouped by profile, keeping
 * only the newest value per (profile, attribute) by message time (the later line wins a tie, as
 * does a message with a time over one without). A first sync arrives audience by audience, so a
 * profile's memberships lie far apart in the input; handed to the pipeline together, they are
 * merged into one users/track object, and superseded values are never sent.
 *
 * <p>Memory is bounded: entries are kept until their estimated size passes {@code memoryBudget},
 * then sorted and written to a temporary file (a sorted run); {@link #drain} merges the runs. The
 * files are scratch, deleted by {@link #close}, and nothing in them outlives the process. Each
 * newest entry is mapped again from its raw line by the (stateless) mapper, so the update sent
 * is exactly the one the line maps to.
 *
 * <p>Not thread-safe: one reader adds, then drains once.
 */
public final class ProfileGrouping implements Closeable {
  /** Per-entry overhead beyond its bytes, for the memory estimate (objects, arrays, list slot). */
  private static final int ENTRY_OVERHEAD = 120;
  private static final Comparator<Entry> ORDER = Comparator.comparing((Entry e) -> e.profile)
      .thenComparing(e -> e.attribute)
      .thenComparingLong(e -> e.seconds)
      .thenComparingInt(e -> e.nanos)
      .thenComparingLong(e -> e.line);

  /** What {@link #drain} hands out for each input line it held. */
  public interface Sink {
    /**
     * The newest value of its (profile, attribute): send {@code mapped}.
     *
     * @return false to stop draining (the rest is then offered to {@link #rest})
     */
    boolean newest(MappingResult.Mapped mapped, InputLines.Line line);

    /** A line whose value a newer message for the same profile and attribute replaced. */
    void superseded(InputLines.Line line);

    /** A line not handed out because {@link #newest} asked to stop (superseded ones included). */
    void rest(InputLines.Line line);
  }

  private record Entry(String profile, String attribute, long seconds, int nanos, long line, byte[] raw) {
    long estimate() {
      return ENTRY_OVERHEAD + raw.length + 2L * (profile.length() + attribute.length());
    }
  }

  private final PersonasMapper remapper;
  private final int maxLineLength;
  private final long memoryBudget;
  private final List<Entry> held = new ArrayList<>();
  private final List<Path> runs = new ArrayList<>();
  private long heldBytes;
  private @Nullable Path directory;
  private long count;

  /**
   * A grouping whose newest entries are mapped again by {@code remapper} (the sync's mapper; the
   * gate judged the lines as they were read).
   *
   * @param memoryBudget estimated bytes of entries kept in memory before a sorted run is written
   */
  public ProfileGrouping(PersonasMapper remapper, int maxLineLength, long memoryBudget) {
    if (memoryBudget < 1) {
      throw new IllegalArgumentException("memoryBudget must be at least 1, was " + memoryBudget);
    }
    this.remapper = remapper;
    this.maxLineLength = maxLineLength;
    this.memoryBudget = memoryBudget;
  }

  /** A quarter of the heap the JVM may grow to: the rest is left to the pipeline and the gate's store. */
  public static long defaultMemoryBudget() {
    return Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 4);
  }

  /**
   * Whether a result can be grouped: an attribute update alone. A result holding a custom event
   * ({@code --track-as event} or {@code both}) must not be: events are not values a newer one
   * replaces, so each is sent as it is read.
   */
  public static boolean groups(MappingResult.Mapped mapped) {
    return mapped.sent() != null && mapped.objects().size() == 1;
  }

  /**
   * Holds one mapped line.
   *
   * @throws IllegalArgumentException if {@link #groups} says it cannot be grouped
   */
  public void add(MappingResult.Mapped mapped, InputLines.Line line) {
    SentValue sent = mapped.sent();
    if (sent == null || !groups(mapped)) {
      throw new IllegalArgumentException("line " + line.number() + " holds more than an attribute update");
    }
    Instant time = sent.time();
    Entry entry = new Entry(profileKey(sent.profile()), sent.key().attribute(),
        time == null ? Long.MIN_VALUE : time.getEpochSecond(), time == null ? 0 : time.getNano(),
        line.number(), line.bytes());
    held.add(entry);
    count++;
    heldBytes += entry.estimate();
    if (heldBytes >= memoryBudget) {
      spill();
    }
  }

  /** Lines held so far. */
  public long size() {
    return count;
  }

  /** Sorted runs written to disk so far. */
  public int runs() {
    return runs.size();
  }

  /**
   * Hands every held line to {@code sink}, grouped by profile, each (profile, attribute)'s newest
   * last in its group. Call once.
   */
  public void drain(Sink sink) {
    held.sort(ORDER);
    List<Source> sources = new ArrayList<>();
    for (Path run : runs) {
      sources.add(new RunSource(run));
    }
    sources.add(new ListSource(held));
    try {
      PriorityQueue<Source> queue = new PriorityQueue<>((a, b) -> ORDER.compare(a.head(), b.head()));
      for (Source source : sources) {
        if (source.advance()) {
          queue.add(source);
        }
      }
      boolean stopped = false;
      Entry previous = null;
      while (!queue.isEmpty()) {
        Source source = queue.poll();
        Entry current = source.head();
        if (previous != null) {
          boolean sameKey = previous.profile.equals(current.profile) && previous.attribute.equals(current.attribute);
          stopped = offer(sink, previous, !sameKey, stopped);
        }
        previous = current;
        if (source.advance()) {
          queue.add(source);
        }
      }
      if (previous != null) {
        offer(sink, previous, true, stopped);
      }
    } finally {
      for (Source source : sources) {
        source.close();
      }
      held.clear();
    }
  }

  /** @return whether draining has stopped */
  private boolean offer(Sink sink, Entry entry, boolean newest, boolean stopped) {
    InputLines.Line line = new InputLines.Line(entry.line, entry.raw, false);
    if (stopped) {
      sink.rest(line);
      return true;
    }
    if (!newest) {
      sink.superseded(line);
      return false;
    }
    MappingResult again = InputLines.map(remapper, line, maxLineLength);
    if (!(again instanceof MappingResult.Mapped mapped)) {
      // the same bytes and options mapped before; only ordering and duplicate state differ
      throw new IllegalStateException("line " + entry.line + " no longer maps: " + again);
    }
    return !sink.newest(mapped, line);
  }

  private void spill() {
    held.sort(ORDER);
    try {
      if (directory == null) {
        directory = Files.createTempDirectory("personas-braze-group-");
      }
      Path run = directory.resolve("run-" + runs.size());
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
        for (Entry e : held) {
          writeBytes(out, e.profile.getBytes(StandardCharsets.UTF_8));
          writeBytes(out, e.attribute.getBytes(StandardCharsets.UTF_8));
          out.writeLong(e.seconds);
          out.writeInt(e.nanos);
          out.writeLong(e.line);
          writeBytes(out, e.raw);
        }
      }
      runs.add(run);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a sorted run to the temporary directory", e);
    }
    held.clear();
    heldBytes = 0;
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** A string that is equal for two ids exactly when they name the same profile. */
  static String profileKey(UserId id) {
    if (id instanceof UserId.Alias alias) {
      // describe() joins label and name with ':', which either may contain
      return "user_alias=" + alias.label().length() + ":" + alias.label() + ":" + alias.name();
    }
    return id.describe();
  }

  /** Deletes the sorted runs. */
  @Override public void close() {
    held.clear();
    try {
      for (Path run : runs) {
        Files.deleteIfExists(run);
      }
      if (directory != null) {
        Files.deleteIfExists(directory);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the sorted runs in " + directory, e);
    }
    runs.clear();
  }

  private interface Source extends Closeable {
    boolean advance();

    Entry head();

    @Override void close();
  }

  private static final class ListSource implements Source {
    private final List<Entry> entries;
    private int next;
    private @Nullable Entry head;

    ListSource(List<Entry> entries) {
      this.entries = entries;
    }

    @Override public boolean advance() {
      head = next < entries.size() ? entries.get(next++) : null;
      return head != null;
    }

    @Override public Entry head() {
      return Objects.requireNonNull(head);
    }

    @Override public void close() {}
  }

  private static final class RunSource implements Source {
    private final Path file;
    private final DataInputStream in;
    private @Nullable Entry head;

    RunSource(Path file) {
      this.file = file;
      try {
        this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the sorted run " + file, e);
      }
    }

    @Override public boolean advance() {
      try {
        byte[] profile;
        try {
          profile = readBytes(in);
        } catch (EOFException end) {
          head = null;
          return false;
        }
        String attribute = new String(readBytes(in), StandardCharsets.UTF_8);
        long seconds = in.readLong();
        int nanos = in.readInt();
        long line = in.readLong();
        head = new Entry(new String(profile, StandardCharsets.UTF_8), attribute, seconds, nanos, line, readBytes(in));
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the sorted run " + file, e);
      }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      return bytes;
    }

    @Override public Entry head() {
      return Objects.requireNonNull(head);
    }

    @Override public void close() {
      try {
        in.close();
      } catch (IOException e) {
        // a scratch file being read: nothing to lose
      }
    }
  }

  @Override public String toString() {
    return "ProfileGrouping{held=" + count + ", runs=" + runs.size() + "}";
  }
}
