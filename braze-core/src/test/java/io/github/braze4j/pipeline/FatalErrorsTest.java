package io.github.braze4j.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.error.AuthenticationException;
import io.github.braze4j.error.BadRequestException;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.NotFoundException;
import io.github.braze4j.error.PermissionException;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.error.PipelineFullException;
import io.github.braze4j.error.ServerErrorException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** {@link BrazePipeline#isFatal}: the one rule of what stops a pipeline (and a caller feeding it). */
class FatalErrorsTest {
  @Test void refusedKeyPermissionOrUrlAndAClosedPipelineAreFatal() {
    assertThat(BrazePipeline.isFatal(new AuthenticationException(401, null, List.of(), ""))).isTrue();
    assertThat(BrazePipeline.isFatal(new PermissionException(403, null, List.of(), ""))).isTrue();
    assertThat(BrazePipeline.isFatal(new NotFoundException(404, null, List.of(), ""))).isTrue();
    assertThat(BrazePipeline.isFatal(new PipelineClosedException("closed", null))).isTrue();
  }

  @Test void failuresOfOneRequestOrObjectAreNot() {
    assertThat(BrazePipeline.isFatal(new BadRequestException(400, null, List.of(), ""))).isFalse();
    assertThat(BrazePipeline.isFatal(new ServerErrorException(503, null, List.of(), ""))).isFalse();
    assertThat(BrazePipeline.isFatal(new BrazeConnectionException("reset", true, new IOException("reset")))).isFalse();
    assertThat(BrazePipeline.isFatal(new PipelineFullException("full"))).isFalse();
    assertThat(BrazePipeline.isFatal(new IllegalStateException("bug"))).isFalse();
  }

  /**
   * A dependent stage of a submit future sees the failure inside a CompletionException, and
   * {@code get()} inside an ExecutionException: the rule looks through both, however deep.
   */
  @Test void aWrappedFailureIsJudgedByItsCause() {
    AuthenticationException unauthorized = new AuthenticationException(401, null, List.of(), "");
    assertThat(BrazePipeline.isFatal(new CompletionException(unauthorized))).isTrue();
    assertThat(BrazePipeline.isFatal(new ExecutionException(new PipelineClosedException("closed", null)))).isTrue();
    assertThat(BrazePipeline.isFatal(new ExecutionException(new CompletionException(unauthorized)))).isTrue();
    assertThat(BrazePipeline.isFatal(new CompletionException(new ServerErrorException(503, null, List.of(), ""))))
        .isFalse();
    assertThat(BrazePipeline.isFatal(new CompletionException("no cause", null))).isFalse();
    // what a real dependent stage hands its function
    Throwable seen = CompletableFuture.failedFuture(unauthorized).thenApply(v -> v).handle((v, e) -> e).join();
    assertThat(seen).isInstanceOf(CompletionException.class);
    assertThat(BrazePipeline.isFatal(seen)).isTrue();
  }
}
