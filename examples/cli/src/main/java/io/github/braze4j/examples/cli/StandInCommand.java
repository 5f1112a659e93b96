package io.github.braze4j.examples.cli;

import io.github.braze4j.examples.cli.internal.FaultScheduleConverter;
import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.FaultPlan;
import io.github.braze4j.standin.StandInStats;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code personas-braze stand-in}: runs the local Braze stand-in ({@link BrazeStandIn}) on
 * 127.0.0.1 until Ctrl-C or SIGTERM, for trying {@code sync}, {@code serve}, {@code check} or your
 * own code without a Braze account. It accepts the key in {@code BRAZE_API_KEY} when that is set,
 * else {@link BrazeStandIn#DEFAULT_API_KEY}, and prints its URL.
 */
@Command(name = "stand-in", mixinStandardHelpOptions = true,
    description = {"Run a local Braze stand-in (POST /users/track on 127.0.0.1) until Ctrl-C.",
        "It checks requests as Braze does and keeps the profiles in memory. It accepts the key in"
        + " BRAZE_API_KEY, or '" + BrazeStandIn.DEFAULT_API_KEY + "' when that is not set."
        + " Point other commands at it with --endpoint URL."},
    footer = {"", "Exit status: 0 after Ctrl-C or SIGTERM, 1 when it cannot listen, 2 usage error."})
public final class StandInCommand extends CliCommand {
  @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "0",
      description = "The port on 127.0.0.1 (default: 0, a free port; the URL line shows it).")
  int port;

  @Option(names = "--fault-schedule", paramLabel = "WHEN=FAULT[,...]",
      converter = FaultScheduleConverter.class,
      description = {"Faults for numbered requests, e.g. 1-3=503,5=429:2s,8=drop-after-body,20+=401.",
          "WHEN: N, N-M, or N+ (401/403 only). FAULT: " + FaultScheduleConverter.FAULTS + "."})
  @Nullable FaultPlan faults;

  /** A {@code stand-in} command using {@code context}'s environment and streams. */
  public StandInCommand(CliContext context) {
    super(context);
  }

  @Override public Integer call() throws InterruptedException {
    String name = spec == null ? "stand-in" : spec.qualifiedName();
    String key = context.getenv(CliContext.API_KEY_VARIABLE);
    boolean keyFromEnvironment = key != null && !key.isBlank();
    BrazeStandIn.Builder builder = BrazeStandIn.builder().port(port)
        .apiKey(keyFromEnvironment ? key.strip() : BrazeStandIn.DEFAULT_API_KEY);
    if (faults != null) {
      builder.faultPlan(faults);
    }
    BrazeStandIn braze;
    try {
      braze = builder.build().start();
    } catch (UncheckedIOException e) {
      return fail(PersonasBraze.FAILED, e.getMessage()
          + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    IntSupplier shutdown = new IntSupplier() {
      private boolean done;

      @Override public synchronized int getAsInt() {
        if (!done) {
          done = true;
          StandInStats stats = braze.stats();
          int profiles = braze.profiles().size();
          braze.close();
          context.err().println(name + ": stopped; requests=" + stats.requests() + " applied="
              + stats.appliedRequests() + " profiles=" + profiles);
          context.err().flush();
          stopped.countDown();
        }
        return PersonasBraze.OK;
      }
    };
    context.lifecycle().serving(new InetSocketAddress("127.0.0.1", braze.port()), shutdown);
    context.out().println(braze.url());
    context.out().flush();
    context.err().println(name + ": Braze stand-in listening on " + braze.url() + " (POST /users/track);"
        + " accepting the key " + (keyFromEnvironment ? "in " + CliContext.API_KEY_VARIABLE
        : "'" + BrazeStandIn.DEFAULT_API_KEY + "'") + (faults == null ? "" : "; faults scheduled")
        + "; Ctrl-C stops it");
    context.err().flush();
    stopped.await();
    return PersonasBraze.OK;
  }
}
