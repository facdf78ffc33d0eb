package org.esxforge.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns. Not thread-safe. */
final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  Table row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table " + headers.size());
    }
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(c == null ? "" : String.valueOf(c));
    }
    rows.add(r);
    return this;
  }

  void print(PrintStream out) {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = headers.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    printRow(out, headers, width);
    for (List<String> r : rows) {
      printRow(out, r, width);
    }
  }

  private static void printRow(PrintStream out, List<String> cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      sb.append(c);
      if (i < cells.size() - 1) {
        sb.append(" ".repeat(width[i] - c.length() + 2));
      }
    }
    out.println(sb.toString().stripTrailing());
  }
}
