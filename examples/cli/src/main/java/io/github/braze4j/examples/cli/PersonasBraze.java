package io.github.braze4j.examples.cli;

import io.github.braze4j.examples.cli.internal.Version;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code personas-braze} command: Segment Personas audiences and computed traits into Braze.
 * Subcommands {@code map}, {@code sync}, {@code serve}, {@code check}, {@code demo},
 * {@code kafka} and {@code stand-in}; see {@code docs/cli.md} and {@code docs/kafka.md}.
 *
 * <p>Every error is one line on standard error, {@code personas-braze COMMAND: message}; a usage
 * error adds a second line pointing to {@code --help}. None shows a stack trace.
 *
 * <p>Exit status: 0 success, 1 when some input was rejected or some update not accepted (or the
 * check failed), 2 for a usage error (a bad flag, a missing API key, an unreadable input file).
 */
@Command(name = "personas-braze",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Map Segment Personas audience and computed-trait events to Braze attributes and"
        + " deliver them through users/track.",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footer = {"", "The API key comes from the environment variable BRAZE_API_KEY or --api-key-file,"
        + " never from a flag.", "Exit status: 0 ok, 1 some input rejected or some update not accepted,"
        + " 2 usage error, 3 fatal error (such as out of memory; the process stopped at once)."})
public final class PersonasBraze implements Callable<Integer> {
  /** Exit status when everything went well. */
  public static final int OK = 0;
  /** Exit status when some input was rejected, some update failed, or a check did not pass. */
  public static final int FAILED = 1;
  /** Exit status for a usage error. */
  public static final int USAGE = 2;
  /**
   * Exit status when an {@link Error} (such as {@link OutOfMemoryError}) ended a thread: the
   * process stops at once, without flushing, so that a supervisor restarts it.
   */
  public static final int FATAL = 3;

  /** Kept so that java.util.logging does not forget the level set on it. */
  private static final Logger LIBRARY_LOG = Logger.getLogger("io.github.braze4j");

  @Spec
  private CommandSpec spec;

  private PersonasBraze() {}

  /** {@code --verbose} on any command: show the library's own log (retries, pipeline stops) on standard error. */
  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Also show braze4j's log on standard error (retries, rate-limit waits, pipeline stops).")
  void verbose(boolean verbose) {
    if (verbose) {
      LIBRARY_LOG.setLevel(Level.INFO);
    }
  }

  /**
   * Runs the tool in this process and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    // serve: a client that sends its request (or reads the answer) slower than this is cut off,
    // so slow connections cannot hold the receiver's threads. Set before the JDK server loads.
    setIfAbsent("sun.net.httpserver.maxReqTime", "30");
    setIfAbsent("sun.net.httpserver.maxRspTime", "30");
    Thread.setDefaultUncaughtExceptionHandler(PersonasBraze::uncaught);
    CommandLine line = commandLine(CliContext.system());
    line.setExecutionStrategy(parsed -> {
      // map, sync, serve, check and demo report outcomes themselves; the library's log lines would
      // repeat them (--verbose shows them). The kafka consumer reports through the log: left alone.
      if (!parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1).getCommandName().equals("kafka")
          && LIBRARY_LOG.getLevel() == null) {
        LIBRARY_LOG.setLevel(Level.OFF);
      }
      return new CommandLine.RunLast().execute(parsed);
    });
    System.exit(line.execute(args));
  }

  /**
   * An exception no one caught ended a thread. An {@link Error} (out of memory in an HTTP handler
   * or in the JDK server's own thread) leaves the process half alive, for example listening but
   * never answering: it halts at once with {@link #FATAL}. Anything else is printed as the JVM
   * would.
   */
  private static void uncaught(Thread thread, Throwable failure) {
    if (failure instanceof Error) {
      try {
        System.err.println("personas-braze: fatal: " + failure.getClass().getName() + " in thread "
            + thread.getName() + "; exiting with status " + FATAL);
        System.err.flush();
      } finally {
        Runtime.getRuntime().halt(FATAL);
      }
    }
    System.err.print("Exception in thread \"" + thread.getName() + "\" ");
    failure.printStackTrace();
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /**
   * The command line with every subcommand, wired to {@code context}'s streams and environment.
   * Run it with {@link CommandLine#execute(String...)}, which returns the exit status.
   */
  public static CommandLine commandLine(CliContext context) {
    CommandLine line = new CommandLine(new PersonasBraze())
        .addSubcommand(new MapCommand(context))
        .addSubcommand(new SyncCommand(context))
        .addSubcommand(new ServeCommand(context))
        .addSubcommand(new CheckCommand(context))
        .addSubcommand(new DemoCommand(context))
        .addSubcommand(new KafkaCommand(context.environment()))
        .addSubcommand(new StandInCommand(context));
    line.setOut(context.out());
    line.setErr(context.err());
    line.setParameterExceptionHandler(new ShortUsageErrors());
    line.setExecutionExceptionHandler((e, failed, parsed) -> {
      failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + describe(e));
      failed.getErr().flush();
      return FAILED;
    });
    return line;
  }

  /** Without a command: the usage help on standard error, and the usage-error status. */
  @Override public Integer call() {
    CommandLine line = spec.commandLine();
    line.getErr().println("personas-braze: say which command to run");
    line.usage(line.getErr());
    line.getErr().flush();
    return USAGE;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** A usage error is one line and a hint, not the whole help and never a stack trace. */
  private static final class ShortUsageErrors implements IParameterExceptionHandler {
    @Override public int handleParseException(ParameterException e, String[] args) {
      CommandLine failed = e.getCommandLine();
      PrintWriter err = failed.getErr();
      String name = failed.getCommandSpec().qualifiedName();
      err.println(name + ": " + e.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
      err.println("Try '" + name + " --help' for more information.");
      err.flush();
      return USAGE;
    }
  }
}
