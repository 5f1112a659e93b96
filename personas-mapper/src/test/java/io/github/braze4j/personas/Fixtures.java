package io.github.braze4j.personas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test helpers: fixture files and outcome assertions. */
final class Fixtures {
  /** The {@code context} member of an audience message whose computation_key is {@code vip}. */
  static final String PERSONAS =
      "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}";

  private Fixtures() {}

  /** {@code json} mapped by a mapper with the default options. */
  static MappingResult map(String json) {
    return PersonasMapper.create().map(json);
  }

  /** The fixture {@code messages/<name>} as text. */
  static String message(String name) {
    return resource("messages/" + name);
  }

  static String resource(String path) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MappingResult.Mapped mapped(MappingResult result) {
    assertThat(result).isInstanceOf(MappingResult.Mapped.class);
    return (MappingResult.Mapped) result;
  }

  static MappingResult.Skipped skipped(MappingResult result, SkipReason reason) {
    assertThat(result).isInstanceOf(MappingResult.Skipped.class);
    MappingResult.Skipped skipped = (MappingResult.Skipped) result;
    assertThat(skipped.reason()).as(skipped.message()).isEqualTo(reason);
    return skipped;
  }

  static MappingResult.Rejected rejected(MappingResult result) {
    assertThat(result).isInstanceOf(MappingResult.Rejected.class);
    return (MappingResult.Rejected) result;
  }

  /** The update the default options produce: one attribute on external_id, _update_existing_only false. */
  static UserAttributes update(UserId profile, String key, AttributeValue value) {
    return UserAttributes.builder(profile).updateExistingOnly(false).put(key, value).build();
  }

  static UserAttributes update(String externalId, String key, AttributeValue value) {
    return update(UserId.external(externalId), key, value);
  }
}
