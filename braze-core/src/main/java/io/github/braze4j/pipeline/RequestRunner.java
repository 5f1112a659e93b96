package io.github.braze4j.pipeline;

import io.github.braze4j.CallListener;
import io.github.braze4j.error.AuthenticationException;
import io.github.braze4j.error.BadRequestException;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.BrazeException;
import io.github.braze4j.error.NotFoundException;
import io.github.braze4j.error.PermissionException;
import io.github.braze4j.model.InputArray;
import io.github.braze4j.model.TrackError;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import io.github.braze4j.pipeline.Pending.Entry;
import io.github.braze4j.pipeline.Pending.Waiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Sends one batch and decides the outcome of each of its objects: per-object errors of a 2xx,
 * narrowing a 400 by splitting, resending the updates merged into a refused coalesced object one
 * by one, stopping on 401/403/404, and resending only the attribute
 * updates of a mixed request whose answer was lost. Runs on a lane thread, without the lock; the
 * profiles of the batch stay in flight until it returns, so every resend keeps per-profile order.
 */
final class RequestRunner {
  /** The outcome of one waiter: exactly one of {@code delivery} and {@code failure}. */
  record Settlement(Waiter waiter, @Nullable Delivery delivery, @Nullable Throwable failure) {}

  private final TrackSender sender;
  private final PipelineListener listener;
  private final Counters counters;
  private final Consumer<BrazeException> onFatal;
  private final CallListener bridge;
  /** The 401, 403 or 404 that stopped sending; once set, nothing more is sent. */
  private volatile @Nullable BrazeException stoppedBy;
  /** Lanes waiting out a retry's backoff inside the client; interrupted when sending stops. Guarded by itself. */
  private final Set<Thread> backingOff = new HashSet<>();

  RequestRunner(TrackSender sender, PipelineListener listener, Counters counters,
      Consumer<BrazeException> onFatal) {
    this.sender = sender;
    this.listener = listener;
    this.counters = counters;
    this.onFatal = onFatal;
    this.bridge = new CallListener() {
      @Override public void requestSent(TrackRequest request, int attempt) {
        synchronized (backingOff) {
          backingOff.remove(Thread.currentThread());
        }
        counters.httpAttempts.increment();
        listener.requestSent(request, attempt);
      }

      @Override public void responseReceived(TrackRequest request, int attempt, int statusCode, Duration latency) {
        listener.responseReceived(request, attempt, statusCode, latency);
      }

      @Override public void retryScheduled(TrackRequest request, int attempt, Duration delay, BrazeException cause) {
        synchronized (backingOff) {
          if (stoppedBy != null) {
            Thread.currentThread().interrupt(); // the client's wait ends at once and it gives up
          } else {
            backingOff.add(Thread.currentThread());
          }
        }
        counters.retries.increment();
        listener.retryScheduled(request, attempt, delay, cause);
      }
    };
  }

  /** Sends {@code entries} (in this order) and appends the outcome of every waiter to {@code out}. */
  void run(List<Entry> entries, List<Settlement> out) {
    BrazeException stop = stoppedBy;
    if (stop != null) {
      // Another request (or another part of this one) was refused 401/403/404: send nothing more.
      failAll(entries, new PipelineClosedException(
          "pipeline stopped before sending this object, after " + stop.getMessage(), stop), out);
      return;
    }
    Map<InputArray, List<Entry>> byArray = new EnumMap<>(InputArray.class);
    TrackRequest.Builder builder = TrackRequest.builder();
    for (Entry entry : entries) {
      builder.add(entry.object);
      byArray.computeIfAbsent(entry.object.inputArray(), a -> new ArrayList<>()).add(entry);
    }
    TrackRequest request = builder.build();
    counters.requests.increment();
    int before = out.size();
    try {
      TrackResponse response = send(request);
      List<Entry> refusedCoalesced = settleResponse(entries, byArray, response, out);
      if (!refusedCoalesced.isEmpty()) {
        report(request, out, before);
        for (Entry entry : refusedCoalesced) {
          resendEachWaiter(entry, out);
        }
        return;
      }
    } catch (BadRequestException e) {
      if (entries.size() == 1 && entries.get(0).waiters.size() > 1) {
        resendEachWaiter(entries.get(0), out);
        return;
      } else if (entries.size() == 1) {
        failAll(entries, e, out);
      } else {
        // Braze processed nothing: resending parts is safe, events included.
        counters.splits.increment();
        int half = entries.size() / 2;
        run(new ArrayList<>(entries.subList(0, half)), out);
        run(new ArrayList<>(entries.subList(half, entries.size())), out);
        return;
      }
    } catch (AuthenticationException | PermissionException | NotFoundException e) {
      stopSending(e);
      onFatal.accept(e);
      failAll(entries, e, out);
    } catch (BrazeConnectionException e) {
      List<Entry> attributes = byArray.getOrDefault(InputArray.ATTRIBUTES, List.of());
      if (e.mayHaveReachedBraze() && !request.isIdempotent() && !attributes.isEmpty()) {
        // The events and purchases may have been recorded: never resend them. The attribute
        // updates are idempotent: send them again on their own.
        List<Entry> others = new ArrayList<>(entries);
        others.removeAll(attributes);
        failAll(others, e, out);
        report(request, out, before);
        run(attributes, out);
        return;
      }
      failAll(entries, e, out);
    } catch (RuntimeException e) {
      failAll(entries, e, out);
    }
    report(request, out, before);
  }

  private TrackResponse send(TrackRequest request) {
    try {
      return sender.send(request, bridge);
    } finally {
      synchronized (backingOff) {
        backingOff.remove(Thread.currentThread());
        if (stoppedBy != null) {
          Thread.interrupted(); // clear an interrupt meant for a backoff that has ended
        }
      }
    }
  }

  /**
   * Sends nothing more: later {@link #run} calls fail their objects at once, and lanes waiting
   * out a retry's backoff are interrupted, so the client gives up instead of resending.
   */
  private void stopSending(BrazeException cause) {
    synchronized (backingOff) {
      if (stoppedBy == null) {
        stoppedBy = cause;
      }
      backingOff.forEach(Thread::interrupt);
    }
  }

  /**
   * Braze refused a coalesced entry (a 400 narrowed to it, or a per-object error): some of the
   * updates merged into it may have been accepted alone. Sends each waiter's submitted update on
   * its own, one request after the other in submission order (the profile stays in flight, so
   * per-profile order holds), so only the truly bad ones fail. One level only: a single waiter's
   * entry is never split further.
   */
  private void resendEachWaiter(Entry entry, List<Settlement> out) {
    counters.splits.increment();
    for (Waiter waiter : entry.waiters) {
      run(List.of(new Entry(waiter)), out);
    }
  }

  private void report(TrackRequest request, List<Settlement> out, int from) {
    int delivered = 0;
    int failed = 0;
    for (Settlement s : out.subList(from, out.size())) {
      if (s.delivery() != null) {
        delivered++;
      } else {
        failed++;
      }
    }
    listener.requestCompleted(request, delivered, failed);
  }

  /**
   * Settles every waiter of a 2xx, except those of coalesced entries Braze refused by position:
   * those entries are returned, to be resent waiter by waiter.
   */
  private static List<Entry> settleResponse(List<Entry> entries, Map<InputArray, List<Entry>> byArray,
      TrackResponse response, List<Settlement> out) {
    Map<Entry, TrackError> refused = new IdentityHashMap<>();
    List<TrackError> unattributed = new ArrayList<>();
    for (TrackError error : response.errors()) {
      List<Entry> array = error.inputArray() == null ? null : byArray.get(error.inputArray());
      Integer index = error.index();
      if (array != null && index != null && index >= 0 && index < array.size()) {
        refused.putIfAbsent(array.get(index), error);
      } else {
        unattributed.add(error);
      }
    }
    Set<Entry> uncertain = new HashSet<>();
    if (!unattributed.isEmpty()) {
      // Braze reported an error without saying for which object: no object can be called accepted.
      for (Entry entry : entries) {
        if (!refused.containsKey(entry)) {
          uncertain.add(entry);
        }
      }
    }
    List<Entry> refusedCoalesced = new ArrayList<>();
    for (Entry entry : entries) {
      TrackError error = refused.get(entry);
      if (error != null && entry.waiters.size() > 1) {
        refusedCoalesced.add(entry);
        continue;
      }
      for (Waiter waiter : entry.waiters) {
        if (error != null) {
          out.add(new Settlement(waiter, null, new ObjectRejectedException(waiter.submitted, entry.object, error,
              "Braze refused " + error + " (HTTP " + response.statusCode() + ")")));
        } else if (uncertain.contains(entry)) {
          out.add(new Settlement(waiter, null, new ObjectRejectedException(waiter.submitted, entry.object, null,
              "Braze reported errors naming no object (" + unattributed + "); this object may not"
                  + " have been processed (HTTP " + response.statusCode() + ")")));
        } else {
          out.add(new Settlement(waiter, new Delivery(waiter.submitted, entry.object, response), null));
        }
      }
    }
    return refusedCoalesced;
  }

  private static void failAll(List<Entry> entries, Throwable cause, List<Settlement> out) {
    for (Entry entry : entries) {
      for (Waiter waiter : entry.waiters) {
        out.add(new Settlement(waiter, null, cause));
      }
    }
  }
}
