package io.github.braze4j.benchmarks;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.braze4j.model.TrackRequest;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import okio.Buffer;
import okio.ByteString;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Benchmark 2: writing a full 75-object users/track body with the streaming
 * {@link TrackRequest#writeJson}, against Moshi's {@code Map} adapter writing the same data from maps
 * built in advance (so the baseline is not even charged for building them).
 *
 * <p>Also what sending a {@code Content-Length} costs (issue 15): {@link #bufferedBody()} is what
 * the client does per request, {@code TrackRequestBody.of} (the writer into memory, then the bytes
 * as one {@code ByteString}) followed by one attempt's copy into the socket's sink, against the
 * writer streaming straight into the sink ({@link #trackRequestWriter()}, what a chunked body
 * cost); {@link #pairedBuffering} times both back to back.
 */
@Warmup(iterations = 5, time = 1)
public class RequestBodyBenchmark extends ThroughputBenchmark {
  private TrackRequest request = Fixtures.request(0);
  private Map<String, Object> maps = Fixtures.requestAsMaps(0);
  private int flip;
  private JsonAdapter<Map<String, Object>> mapAdapter =
      new Moshi.Builder().build().adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  /** Checks that both write the same JSON (compared as parsed trees). */
  @Setup
  public void setUp() throws IOException {
    request = Fixtures.request(0);
    maps = Fixtures.requestAsMaps(0);
    Buffer ours = new Buffer();
    request.writeJson(ours);
    Buffer theirs = new Buffer();
    mapAdapter.toJson(theirs, maps);
    Map<String, Object> a = mapAdapter.fromJson(ours);
    Map<String, Object> b = mapAdapter.fromJson(theirs);
    if (!Objects.equals(a, b)) {
      throw new IllegalStateException("the two bodies differ:\n" + a + "\n" + b);
    }
  }

  /** The library's streaming writer straight into the sink: a chunked body's cost. */
  @Benchmark
  public long trackRequestWriter() {
    Buffer sink = new Buffer();
    request.writeJson(sink);
    return emptied(sink);
  }

  /**
   * Both writers on the same data, back to back, timed apart in {@link PairedTimes}: the ratio
   * the report leads with.
   */
  @Benchmark
  public void paired(PairedTimes times, Blackhole blackhole) throws IOException {
    times.time((flip++ & 1) == 0, this::trackRequestWriter, this::moshiMaps, blackhole);
  }

  /**
   * What the client does per request since issue 15: the body written once into memory (so it
   * has a length and a retry reuses it), then copied into the sink for one attempt.
   */
  @Benchmark
  public long bufferedBody() throws IOException {
    // as the client's TrackRequestBody.of (internal): the JSON into memory, kept as one ByteString
    Buffer memory = new Buffer();
    request.writeJson(memory);
    ByteString body = memory.readByteString();
    Buffer sink = new Buffer();
    sink.write(body);
    return emptied(sink) + body.size();
  }

  /**
   * The buffered body (subject) and the streaming writer (baseline) back to back, timed apart in
   * {@link PairedTimes}: {@code baselineNanos / subjectNanos} is the buffered body's speed as a
   * share of streaming's (below 1 means buffering costs).
   */
  @Benchmark
  public void pairedBuffering(PairedTimes times, Blackhole blackhole) throws IOException {
    times.time((flip++ & 1) == 0, this::bufferedBody, this::trackRequestWriter, blackhole);
  }

  /** The baseline: Moshi's {@code Map} adapter writing the same data from maps. */
  @Benchmark
  public long moshiMaps() throws IOException {
    Buffer sink = new Buffer();
    mapAdapter.toJson(sink, maps);
    return emptied(sink);
  }

  /** The bytes {@code sink} held, after handing its segments back to Okio's pool. */
  private static long emptied(Buffer sink) {
    long size = sink.size();
    sink.clear();
    return size;
  }
}
