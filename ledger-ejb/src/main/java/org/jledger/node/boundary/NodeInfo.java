package org.jledger.node.boundary;

import java.time.Instant;
import java.util.Objects;
import org.jledger.node.jpa.StoredNodeInfo;

/**
 * This node's database as found at start-up.
 *
 * @param schemaVersion the database layout version
 * @param softwareVersion the JLedger version that started on it
 * @param firstStarted when a node first started on this database
 * @param lastStarted when this start happened
 * @param starts how many starts the database has seen, this one included
 */
public record NodeInfo(
    int schemaVersion,
    String softwareVersion,
    Instant firstStarted,
    Instant lastStarted,
    long starts) {

  public NodeInfo {
    Objects.requireNonNull(softwareVersion, "softwareVersion");
    Objects.requireNonNull(firstStarted, "firstStarted");
    Objects.requireNonNull(lastStarted, "lastStarted");
  }

  static NodeInfo of(StoredNodeInfo row) {
    return new NodeInfo(
        row.schemaVersion(),
        row.softwareVersion(),
        row.firstStarted(),
        row.lastStarted(),
        row.starts());
  }
}
