package io.github.braze4j.benchmarks;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import java.io.IOException;
import java.util.Map;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Benchmarks 1 and 4: one realistic Personas message (about 750 bytes, full {@code context}) from
 * bytes to a Braze update, against merely parsing the same bytes into a {@code Map} with Moshi
 * (the baseline any JSON-based mapper pays before doing anything). Run with {@code -prof gc} for
 * the bytes allocated per message ({@code gc.alloc.rate.norm}).
 */
public class MapperBenchmark extends ThroughputBenchmark {
  /**
   * Distinct messages cycled through, a power of two: 131,072 (profile, audience) keys, which the
   * default {@link io.github.braze4j.personas.CompactMembershipStore} (10 million keys) holds
   * without evicting, in tables of about 5 MB that are not all in the CPU's caches, as in a real
   * sync (and the message bytes, about 100 MB, are not in cache either, for both sides).
   */
  private static final int MESSAGES = 1 << 17;

  private byte[][] messages = new byte[0][];
  private PersonasMapper mapper = PersonasMapper.create();
  private MembershipGate gate = MembershipGate.create(MapperOptions.defaults());
  private PersonasMapper statelessMapper = PersonasMapper.create();
  private JsonAdapter<Map<String, Object>> mapAdapter =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));
  private int next;

  /** Builds the messages and checks every one of them maps. */
  @Setup
  public void setUp() throws IOException {
    messages = Fixtures.messages(MESSAGES);
    mapper = PersonasMapper.create(MapperOptions.defaults());
    gate = MembershipGate.create(MapperOptions.defaults());
    statelessMapper = PersonasMapper.create(MapperOptions.builder()
        .ordering(false).duplicateSuppression(false).build());
    for (byte[] message : messages) {
      if (message.length < 600 || message.length > 900) {
        throw new IllegalStateException("fixture is " + message.length + " bytes, not 600-900");
      }
      MappingResult result = statelessMapper.map(message);
      if (!(result instanceof MappingResult.Mapped)) {
        throw new IllegalStateException("fixture does not map: " + result);
      }
      if (mapAdapter.fromJson(new Buffer().write(message)) == null) {
        throw new IllegalStateException("fixture does not parse");
      }
    }
  }

  /** The mapper with its defaults and the gate after it: ordering and duplicate suppression on, the compact in-memory store. */
  @Benchmark
  public MappingResult mapper() {
    return gate.admit(mapper.map(messages[next++ & (MESSAGES - 1)]));
  }

  /** The mapper without ordering and duplicate suppression: parsing and translating only. */
  @Benchmark
  public MappingResult mapperStateless() {
    return statelessMapper.map(messages[next++ & (MESSAGES - 1)]);
  }

  /**
   * The mapper (defaults) and the baseline on the same message, back to back, timed apart in
   * {@link PairedTimes}: the ratio the report leads with.
   */
  @Benchmark
  public void paired(PairedTimes times, Blackhole blackhole) throws IOException {
    int index = next++;
    byte[] message = messages[index & (MESSAGES - 1)];
    times.time((index & 1) == 0, () -> gate.admit(mapper.map(message)),
        () -> mapAdapter.fromJson(new Buffer().write(message)), blackhole);
  }

  /** The baseline: the same bytes parsed into a {@code Map} by Moshi, nothing else. */
  @Benchmark
  public Map<String, Object> moshiMap() throws IOException {
    return mapAdapter.fromJson(new Buffer().write(messages[next++ & (MESSAGES - 1)]));
  }
}
