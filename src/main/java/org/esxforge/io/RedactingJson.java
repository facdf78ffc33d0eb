package org.esxforge.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.util.function.UnaryOperator;

/**
 * The one way esxforge writes JSON that leaves the process (locks, manifests, {@code --json}
 * output): every string and field name goes through the shared {@link Redactor} as it is written,
 * so a token or password in a depot URL never reaches a file or a pipe, whatever the caller put in
 * the tree. Streaming: no copy of the tree is made.
 *
 * <p>Thread-safe (stateless).
 */
public final class RedactingJson {
  private RedactingJson() {}

  /**
   * Writes {@code value} with {@code writer} to {@code out} (left open), redacting every string.
   */
  public static void write(ObjectWriter writer, OutputStream out, Object value) throws IOException {
    write(writer, out, value, UnaryOperator.identity());
  }

  /**
   * Writes {@code value} like {@link #write(ObjectWriter, OutputStream, Object)}, each string value
   * first passed through {@code strings} (a front end's rendering, e.g. of {@link UserSetting}
   * tokens), then redacted.
   */
  public static void write(
      ObjectWriter writer, OutputStream out, Object value, UnaryOperator<String> strings)
      throws IOException {
    try (JsonGenerator g = redacting(writer.createGenerator(out), strings)) {
      writer.writeValue(g, value);
    }
  }

  /** {@code value} as JSON text, redacting every string. */
  public static String toString(ObjectWriter writer, Object value) throws IOException {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = redacting(writer.createGenerator(w), UnaryOperator.identity())) {
      writer.writeValue(g, value);
    }
    return w.toString();
  }

  private static JsonGenerator redacting(JsonGenerator g, UnaryOperator<String> strings) {
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    Redactor r = Redactor.shared();
    return new JsonGeneratorDelegate(g, false) {
      @Override
      public void writeString(String text) throws IOException {
        super.writeString(text == null ? null : r.redact(strings.apply(text)));
      }

      @Override
      public void writeFieldName(String name) throws IOException {
        super.writeFieldName(r.redact(name));
      }
    };
  }
}
