package org.esxforge.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.esxforge.io.Redactor;

/**
 * Expands placeholders in depot URLs and option values so secrets stay off the command line (and
 * out of shell history and {@code ps}):
 *
 * <ul>
 *   <li>{@code ${NAME}}: the value of environment variable {@code NAME} ({@code
 *       [A-Za-z_][A-Za-z0-9_]*});
 *   <li>{@code ${file:PATH}}: the content of the file {@code PATH}, with surrounding white space
 *       (e.g. the trailing newline) removed.
 * </ul>
 *
 * Example: {@code
 * https://dl.broadcom.com/${ESXFORGE_TOKEN}/PROD/COMP/ESX_HOST/main/vmw-depot-index.xml}. Every
 * expanded value is registered with the {@link org.esxforge.io.Redactor}, so it never appears in
 * output. An unset variable or unreadable file is an error naming the placeholder, never the value.
 *
 * <p>Thread-safe (stateless apart from the redactor it is given).
 */
public final class SecretTemplates {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{(file:[^}]+|[A-Za-z_][A-Za-z0-9_]*)}");

  private final UnaryOperator<String> environment;
  private final Redactor redactor;

  /**
   * @param environment looks up an environment variable ({@code System::getenv} in the CLI);
   *     returns {@code null} when unset
   */
  public SecretTemplates(UnaryOperator<String> environment, Redactor redactor) {
    this.environment = environment;
    this.redactor = redactor;
  }

  /** {@code text} with every placeholder replaced; the values are registered as secrets. */
  public String expand(String text) throws IOException {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = valueOf(m.group(1));
      redactor.register(value);
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Reads a secret file (e.g. {@code --token-file}), registers and returns its trimmed content. */
  public String readSecretFile(Path file) throws IOException {
    String value;
    try {
      value = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IOException(
          file + ": cannot read secret file: " + e.getClass().getSimpleName(), null);
    }
    if (value.isEmpty()) {
      throw new IOException(file + ": secret file is empty");
    }
    redactor.register(value);
    return value;
  }

  private String valueOf(String name) throws IOException {
    if (name.startsWith("file:")) {
      return readSecretFile(Path.of(name.substring(5)));
    }
    String value = environment.apply(name);
    if (value == null || value.isBlank()) {
      throw new IOException(
          "environment variable '" + name + "' used as ${" + name + "} is not set");
    }
    return value.strip();
  }
}
