package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableSearchTest {
  @TempDir Path tmp;

  private Path program(String folder, boolean executable) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(folder));
    Path p = dir.resolve("tool");
    Files.writeString(p, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(
        p, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    return p;
  }

  /** A PATH-style list of {@code entries}, empty ones included. */
  private static String path(Object... entries) {
    return java.util.Arrays.stream(entries)
        .map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(File.pathSeparator));
  }

  @Test
  void find_firstExecutableInOrder_skipsNonExecutableAndMissingFolders() throws Exception {
    Path plain = program("a", false);
    Path first = program("b", true);
    program("c", true);
    assertEquals(
        Optional.of(first),
        ExecutableSearch.find(
            "tool",
            path(tmp.resolve("missing"), plain.getParent(), first.getParent(), tmp.resolve("c"))));
    assertEquals(Optional.empty(), ExecutableSearch.find("tool", path(plain.getParent())));
    assertEquals(Optional.empty(), ExecutableSearch.find("tool", null));
  }

  @Test
  void find_folderNamedLikeTheProgram_isNotAProgram() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("d/tool"));
    assertEquals(Optional.empty(), ExecutableSearch.find("tool", path(dir.getParent())));
  }

  @Test
  void find_emptyAndRelativeEntries_neverSearchTheCurrentFolder() throws Exception {
    // the test runs in the project folder; a program there must not be found through "" or "."
    Path here = Path.of("").toAbsolutePath();
    Path local = Files.createTempFile(here, "esxforge-search-", ".sh");
    try {
      Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rwxr-xr-x"));
      String name = local.getFileName().toString();
      assertEquals(
          Optional.of(local), ExecutableSearch.find(name, path(here)), "found by its folder");
      for (String entries :
          new String[] {
            "", File.pathSeparator, path(tmp, ""), path("", tmp), path(".", "./", "target/..")
          }) {
        assertEquals(Optional.empty(), ExecutableSearch.find(name, entries), "PATH=" + entries);
      }
    } finally {
      Files.delete(local);
    }
  }
}
