package org.esxforge.event;

/**
 * Everything the library tells the outside world goes out as one of these; the library never
 * prints. The CLI renders them as text on a terminal or as JSON lines.
 */
public sealed interface BuildEvent permits LogEvent, ProgressEvent {}
