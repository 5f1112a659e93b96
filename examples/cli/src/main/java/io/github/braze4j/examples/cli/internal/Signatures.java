package io.github.braze4j.examples.cli.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Segment's webhook signature: {@code X-Signature} is the hex HMAC-SHA1 of the raw body keyed with
 * the shared secret. Compared in constant time. The secret is kept only inside the {@link Mac} key
 * and never shown by {@link #toString()}.
 */
public final class Signatures {
  private final SecretKeySpec key;

  /** Signatures keyed with {@code secret} (UTF-8). */
  public Signatures(String secret) {
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the shared secret must not be empty");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
  }

  /** The hex HMAC-SHA1 of {@code body}, as Segment sends it. */
  public String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available in this JVM", e);
    }
  }

  /** Whether {@code header} is the signature of {@code body}; compared in constant time. */
  public boolean matches(byte[] body, @Nullable String header) {
    if (header == null) {
      return false;
    }
    byte[] expected = sign(body).getBytes(StandardCharsets.US_ASCII);
    byte[] given = header.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  @Override public String toString() {
    return "Signatures{HmacSHA1, secret=[redacted]}";
  }
}
