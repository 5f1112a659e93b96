package io.github.braze4j.pipeline;

import io.github.braze4j.CallListener;
import io.github.braze4j.error.BadRequestException;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.BrazeException;
import io.github.braze4j.error.ClientClosedException;
import io.github.braze4j.error.ObjectRejectedException;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.error.RequestTooLargeException;
import io.github.braze4j.model.TrackError;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.pipeline.Counters.Count;
import io.github.braze4j.pipeline.Pending.Entry;
import io.github.braze4j.pipeline.Pending.Waiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Sends one batch and decides the outcome of each of its objects: per-object errors of a 2xx,
 * narrowing errors that name no object (attribute updates only), narrowing a 400 by splitting,
 * halving a batch over the bulk payload limit, resending the updates merged into a refused
 * coalesced object one by one, stopping on 401/403/404 and on a closed client, and resending only the attribute
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
  /** The 401, 403, 404 or closed client that stopped sending; once set, nothing more is sent. */
  private volatile @Nullable BrazeException stoppedBy;
  /** The cancellations of the calls in flight, completed to cancel them. Guarded by itself. */
  private final Set<CompletableFuture<Void>> inFlight = new HashSet<>();
  /** Those of calls waiting out a retry's backoff inside the client. Guarded by {@link #inFlight}. */
  private final Set<CompletableFuture<Void>> backingOff = new HashSet<>();

  RequestRunner(TrackSender sender, PipelineListener listener, Counters counters,
      Consumer<BrazeException> onFatal) {
    this.sender = sender;
    this.listener = listener;
    this.counters = counters;
    this.onFatal = onFatal;
  }

  /** The listener of one call: counts, forwards, and records when the call waits to retry. */
  private CallListener bridge(CompletableFuture<Void> cancellation) {
    return new CallListener() {
      @Override public void requestSent(TrackRequest request, int attempt) {
        synchronized (inFlight) {
          backingOff.remove(cancellation);
        }
        counters.increment(Count.HTTP_ATTEMPTS);
        listener.requestSent(request, attempt);
      }

      @Override public void responseReceived(TrackRequest request, int attempt, int statusCode, Duration latency) {
        listener.responseReceived(request, attempt, statusCode, latency);
      }

      @Override public void retryScheduled(TrackRequest request, int attempt, Duration delay, BrazeException cause) {
        synchronized (inFlight) {
          if (stoppedBy != null) {
            cancellation.complete(null); // the client's wait ends at once and it gives up
          } else {
            backingOff.add(cancellation);
          }
        }
        counters.increment(Count.RETRIES);
        listener.retryScheduled(request, attempt, delay, cause);
      }
    };
  }

  /** Sends {@code entries} (in this order) and appends the outcome of every waiter to {@code out}. */
  void run(List<Entry> entries, List<Settlement> out) {
    BrazeException stop = stoppedBy;
    if (stop != null) {
      // Another request (or another part of this one) was refused 401/403/404, or the client is
      // closed: send nothing more.
      failAll(entries, new PipelineClosedException(
          "pipeline stopped before sending this object, after " + stop.getMessage(), stop), out);
      return;
    }
    TrackRequest.Builder builder = TrackRequest.builder();
    for (Entry entry : entries) {
      builder.add(entry.object);
    }
    TrackRequest request = builder.build();
    counters.increment(Count.REQUESTS);
    int before = out.size();
    try {
      TrackResponse response = send(request);
      FollowUps next = settleResponse(entries, response, out);
      if (!next.isEmpty()) {
        report(request, out, before);
        for (Entry entry : next.refusedCoalesced()) {
          resendEachWaiter(entry, out);
        }
        List<Entry> unresolved = next.unresolvedAttributes();
        if (!unresolved.isEmpty()) {
          narrowUnattributed(unresolved, unresolved.size() == entries.size(), out);
        }
        return;
      }
    } catch (RequestTooLargeException | BadRequestException e) {
      // Nothing was processed: the client refused the body before sending (over the bulk payload
      // limit), or Braze refused the whole request. Resending parts is safe, events included.
      boolean sent = e instanceof BadRequestException;
      if (!sent) {
        counters.decrement(Count.REQUESTS);
      }
      if (entries.size() > 1 || entries.get(0).waiters.size() > 1) {
        resendInParts(entries, out);
        return;
      }
      failAll(entries, e, out);
      if (!sent) {
        return;
      }
    } catch (ClientClosedException e) {
      // the client was closed under the pipeline: every later request would fail the same way
      stopAndFailAll(entries, e, out);
    } catch (BrazeConnectionException e) {
      List<Entry> attributes = entries.stream().filter(entry -> entry.object instanceof UserAttributes).toList();
      if (e.mayHaveReachedBraze() && !request.isIdempotent() && !attributes.isEmpty()) {
        // The events and purchases may have been recorded: never resend them. The attribute
        // updates are idempotent: send them again on their own.
        List<Entry> others = new ArrayList<>(entries);
        others.removeAll(attributes);
        failAll(others, e, out);
        report(request, out, before);
        run(new ArrayList<>(attributes), out);
        return;
      }
      failAll(entries, e, out);
    } catch (BrazeException e) {
      if (BrazePipeline.isFatal(e)) {
        stopAndFailAll(entries, e, out);
      } else {
        failAll(entries, e, out);
      }
    } catch (RuntimeException e) {
      failAll(entries, e, out);
    }
    report(request, out, before);
  }

  /** A failure every later request would share (isFatal): stop sending, report it, fail the batch. */
  private void stopAndFailAll(List<Entry> entries, BrazeException fatal, List<Settlement> out) {
    stopSending(fatal);
    onFatal.accept(fatal);
    failAll(entries, fatal, out);
  }

  private TrackResponse send(TrackRequest request) {
    CompletableFuture<Void> cancellation = new CompletableFuture<>();
    synchronized (inFlight) {
      inFlight.add(cancellation);
    }
    try {
      return sender.send(request, bridge(cancellation), cancellation);
    } finally {
      synchronized (inFlight) {
        inFlight.remove(cancellation);
        backingOff.remove(cancellation);
      }
    }
  }

  /**
   * Sends nothing more: later {@link #run} calls fail their objects at once, and calls waiting
   * out a retry's backoff are cancelled, so the client gives up instead of resending.
   */
  private void stopSending(BrazeException cause) {
    synchronized (inFlight) {
      if (stoppedBy == null) {
        stoppedBy = cause;
      }
      backingOff.forEach(c -> c.complete(null));
    }
  }

  /** Cancels every call in flight: its exchange ends at once and it is not retried. */
  void cancelCalls() {
    synchronized (inFlight) {
      inFlight.forEach(c -> c.complete(null));
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
    counters.increment(Count.SPLITS);
    for (Waiter waiter : entry.waiters) {
      run(List.of(new Entry(waiter)), out);
    }
  }

  /**
   * Sends refused {@code entries} again in parts, to narrow the refusal down: a single coalesced
   * entry waiter by waiter, more entries in two halves (each narrowed again if refused).
   */
  private void resendInParts(List<Entry> entries, List<Settlement> out) {
    if (entries.size() == 1) {
      resendEachWaiter(entries.get(0), out);
      return;
    }
    counters.increment(Count.SPLITS);
    int half = entries.size() / 2;
    run(new ArrayList<>(entries.subList(0, half)), out);
    run(new ArrayList<>(entries.subList(half, entries.size())), out);
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
   * Attribute updates of a request whose 2xx carried errors naming no object (Braze documents
   * minor errors as {@code "errors": [<minor error message>]}, braze-docs
   * {@code _docs/_api/errors.md}, and says every object not affected by one was processed, but
   * not which one was): sends them again, which is safe because attribute updates are idempotent.
   * When the request held other objects too, the updates go again together first (the error may
   * have been an event's); when they were the whole request, they are split in halves, and a
   * half that answers cleanly is delivered, until an error naming no object comes back for a
   * single update, which is then that update's.
   */
  private void narrowUnattributed(List<Entry> attributes, boolean wholeRequest, List<Settlement> out) {
    if (!wholeRequest) {
      counters.increment(Count.SPLITS);
      run(new ArrayList<>(attributes), out);
      return;
    }
    resendInParts(attributes, out);
  }

  /**
   * What a 2xx leaves to do: coalesced entries Braze refused (resent waiter by waiter) and
   * attribute updates whose outcome an error naming no object left unknown (resent to narrow it).
   */
  private record FollowUps(List<Entry> refusedCoalesced, List<Entry> unresolvedAttributes) {
    boolean isEmpty() {
      return refusedCoalesced.isEmpty() && unresolvedAttributes.isEmpty();
    }
  }

  /**
   * Settles every waiter of a 2xx, except those of coalesced entries Braze refused by position
   * and the attribute updates an error naming no object leaves unresolved: those are returned.
   * Events and purchases such an error leaves unresolved fail with an
   * {@link ObjectRejectedException} without an error: they may have been recorded, and Braze
   * does not deduplicate them, so they are not resent. When the request held one object, an
   * error naming none is that object's. Errors are matched to entries by their position in the
   * request ({@link TrackResponse#failures()}), never by object: the same object may be in two
   * entries.
   */
  private static FollowUps settleResponse(List<Entry> entries, TrackResponse response, List<Settlement> out) {
    List<Entry> inBodyOrder = null; // built at the first error naming a position; most answers have none
    Map<Entry, TrackError> refused = new IdentityHashMap<>();
    List<TrackError> unattributed = new ArrayList<>();
    for (TrackResponse.Failure failure : response.failures()) {
      Integer position = failure.position();
      if (position != null) {
        if (inBodyOrder == null) {
          inBodyOrder = inBodyOrder(entries);
        }
        refused.putIfAbsent(inBodyOrder.get(position), failure.error());
      } else {
        unattributed.add(failure.error());
      }
    }
    if (!unattributed.isEmpty() && entries.size() == 1 && !refused.containsKey(entries.get(0))) {
      refused.put(entries.get(0), unattributed.get(0));
      unattributed.clear();
    }
    List<Entry> refusedCoalesced = new ArrayList<>();
    List<Entry> unresolved = new ArrayList<>();
    for (Entry entry : entries) {
      TrackError error = refused.get(entry);
      if (error != null && entry.waiters.size() > 1) {
        refusedCoalesced.add(entry);
        continue;
      }
      if (error == null && !unattributed.isEmpty() && entry.object instanceof UserAttributes) {
        unresolved.add(entry);
        continue;
      }
      for (Waiter waiter : entry.waiters) {
        if (error != null) {
          out.add(new Settlement(waiter, null, new ObjectRejectedException(waiter.submitted, entry.object, error,
              "Braze refused " + error + " (HTTP " + response.statusCode() + ")")));
        } else if (!unattributed.isEmpty()) {
          out.add(new Settlement(waiter, null, new ObjectRejectedException(waiter.submitted, entry.object, null,
              "Braze reported errors naming no object (" + unattributed + "); this "
                  + entry.object.inputArray().field().replaceAll("s$", "") + " may or may not have been"
                  + " recorded, and is not resent because Braze does not deduplicate events and"
                  + " purchases (HTTP " + response.statusCode() + ")")));
        } else {
          out.add(new Settlement(waiter, new Delivery(waiter.submitted, entry.object, response), null));
        }
      }
    }
    return new FollowUps(refusedCoalesced, unresolved);
  }

  /**
   * {@code entries} in the order of the request built from them ({@link TrackRequest#objects()}:
   * attribute updates, events, purchases, each in entry order), so a failure's position is an
   * index into it. A stable sort by array.
   */
  private static List<Entry> inBodyOrder(List<Entry> entries) {
    return entries.stream().sorted(Comparator.comparing((Entry entry) -> entry.object.inputArray())).toList();
  }

  /**
   * Fails every waiter of {@code entries} not settled yet with {@code cause}, appending to
   * {@code out}: the one "fail every waiter" loop of the pipeline (a refused request, a stop, a
   * close timeout, a lane's unexpected error).
   */
  static void failAll(Iterable<Entry> entries, Throwable cause, List<Settlement> out) {
    for (Entry entry : entries) {
      for (Waiter waiter : entry.waiters) {
        if (!waiter.settled) {
          out.add(new Settlement(waiter, null, cause));
        }
      }
    }
  }
}
