package io.github.braze4j.internal;

import java.lang.System.Logger.Level;

/** The one guard around every listener braze4j calls ({@code CallListener}, {@code PipelineListener}). */
public final class ListenerGuard {
  private ListenerGuard() {}

  /**
   * Runs one listener method ({@code method}, e.g. {@code PipelineListener.objectFailed}); what
   * it throws is logged on {@code log}, not propagated: the class at WARNING, with
   * {@code "; " + outcome} appended, the exception itself only at DEBUG, since its message may
   * carry profile data.
   */
  public static void run(System.Logger log, String method, String outcome, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.log(Level.WARNING, method + " threw " + e.getClass().getName() + "; " + outcome);
      log.log(Level.DEBUG, method + " threw", e);
    }
  }
}
