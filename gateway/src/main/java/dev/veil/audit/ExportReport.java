package dev.veil.audit;

import java.util.List;

/**
 * What {@link AuditLog#export} wrote.
 *
 * @param directory the bundle directory
 * @param entries entries written, all covered by {@code treeHead}
 * @param treeHeads signed tree heads written
 * @param treeHead the signed tree head issued for the export
 * @param files the files written, relative to {@code directory}
 */
public record ExportReport(
    String directory, long entries, int treeHeads, SignedTreeHead treeHead, List<String> files) {

  /** The report as indented JSON. */
  public String toJson() {
    return Reports.toJson(this);
  }
}
