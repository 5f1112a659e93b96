package consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.standin.BrazeStandIn;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * The README's Java, exactly as a user pastes it into a project that depends on the published
 * artifacts: every {@code ```java} block of README.md is extracted verbatim, compiled with
 * {@code javax.tools} against this project's test class path, and run against the local stand-in
 * ({@code braze-stand-in}): the programs as processes (with and without their environment
 * variables), the JUnit test with the JUnit launcher.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReadmeCodeTest {
  /** Set by the consumer check's POM (the repository's README.md). */
  private static final Path README = Path.of(System.getProperty("readme.path", "README.md"));
  private static final String KEY = "readme-key";
  private static final Pattern JAVA_BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```$", Pattern.DOTALL);
  private static final Pattern CLASS_NAME = Pattern.compile("(?m)^(?:public )?class (\\w+)");

  @TempDir static Path classes;
  private static final List<String> compiled = new ArrayList<>();

  static List<String> javaBlocks() throws IOException {
    Matcher m = JAVA_BLOCK.matcher(Files.readString(README, StandardCharsets.UTF_8));
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  @BeforeAll
  static void compileEveryBlock() throws IOException {
    Path sources = Files.createDirectories(classes.resolve("src"));
    List<Path> files = new ArrayList<>();
    for (String block : javaBlocks()) {
      Matcher name = CLASS_NAME.matcher(block);
      assertThat(name.find()).as("a README java block declares a top-level class:%n%s", block).isTrue();
      Path file = sources.resolve(name.group(1) + ".java");
      Files.writeString(file, block, StandardCharsets.UTF_8);
      files.add(file);
      compiled.add(name.group(1));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      boolean ok = javac.getTask(null, fileManager, diagnostics,
          List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), "-Xlint:all"),
          null, fileManager.getJavaFileObjectsFromPaths(files)).call();
      assertThat(diagnostics.getDiagnostics()).as("compiler messages for the README's code").isEmpty();
      assertThat(ok).isTrue();
    }
  }

  @Test
  void everyJavaBlockIsAProgramOrATestThatThisClassRuns() {
    assertThat(compiled).containsExactlyInAnyOrder("QuickStart", "OneRequest", "Backfill", "PersonasToBraze",
        "VipSyncTest");
  }

  @Test
  void quickStartDeliversTheUpdateBeforeMainReturns() throws Exception {
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start()) {
      Run run = run("QuickStart", Map.of("BRAZE_API_KEY", KEY, "BRAZE_REST_ENDPOINT", braze.url()), "");
      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(run.out()).isEqualTo("accepted\n");
      assertThat(braze.attribute("u123", "first_time_shopper")).contains(true);
    }
  }

  @Test
  void oneRequestSetsTheNameAndCountsTheVisit() throws Exception {
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start()) {
      Run run = run("OneRequest", Map.of("BRAZE_API_KEY", KEY, "BRAZE_REST_ENDPOINT", braze.url()), "");
      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(braze.attribute("u123", "first_name")).contains("Ada");
      assertThat(braze.attribute("u123", "visits").map(v -> ((Number) v).longValue())).contains(1L);
    }
  }

  @Test
  void backfillSendsEveryUpdateToUsersTrackBulkWithTheHeader() throws Exception {
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start()) {
      Run run = run("Backfill", Map.of("BRAZE_API_KEY", KEY, "BRAZE_REST_ENDPOINT", braze.url()), "");
      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(braze.profiles()).hasSize(2_500);
      assertThat(braze.attribute("u2499", "migrated")).contains(true);
      assertThat(braze.requests()).isNotEmpty().allSatisfy(r -> {
        assertThat(r.path()).isEqualTo("/users/track/bulk");
        assertThat(r.bulkHeader()).isTrue();
      });
      assertThat(braze.stats().maxObjectsInRequest()).isGreaterThan(75);
    }
  }

  @Test
  void personasToBrazeMapsStandardInputAndReportsWhatItDidNotMap() throws Exception {
    String input = """
        {"type":"identify","userId":"u-ada","traits":{"first_time_shopper":true},"context":{"personas":{"computation_class":"audience","computation_key":"first_time_shopper"}}}
        {"type":"identify","userId":"u-bob","traits":{"plan":"pro"}}
        """;
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start()) {
      Run run = run("PersonasToBraze", Map.of("BRAZE_API_KEY", KEY, "BRAZE_REST_ENDPOINT", braze.url()), input);
      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(braze.attribute("u-ada", "first_time_shopper")).contains(true);
      assertThat(braze.profile("u-bob")).isEmpty();
      assertThat(run.err()).contains("Skipped").contains("NOT_PERSONAS");
    }
  }

  @Test
  void withoutTheKeyEveryProgramSaysWhatToSetAndExits2WithoutAStackTrace() throws Exception {
    for (String program : List.of("QuickStart", "OneRequest", "Backfill", "PersonasToBraze")) {
      Run run = run(program, Map.of(), "");
      assertThat(run.exit()).as(run.toString()).isEqualTo(2);
      assertThat(run.err()).isEqualTo(program + ": set BRAZE_API_KEY and BRAZE_REST_ENDPOINT\n");
    }
  }

  @Test
  void theStandInTestPasses() throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> test = Class.forName("VipSyncTest", false, loader);
      Launcher launcher = LauncherFactory.create();
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      launcher.execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(DiscoverySelectors.selectClass(test)).build(), listener);
      TestExecutionSummary summary = listener.getSummary();
      assertThat(summary.getFailures()).isEmpty();
      assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    }
  }

  private record Run(int exit, String out, String err) {}

  /** Runs a compiled README program as its own process, with only {@code environment} for Braze. */
  private static Run run(String mainClass, Map<String, String> environment, String stdin) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), mainClass);
    builder.environment().remove("BRAZE_API_KEY");
    builder.environment().remove("BRAZE_REST_ENDPOINT");
    builder.environment().putAll(environment);
    Process process = builder.start();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    try (var in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(mainClass + " did not finish within 60 s");
    }
    return new Run(process.exitValue(), out.get(), err.get());
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
