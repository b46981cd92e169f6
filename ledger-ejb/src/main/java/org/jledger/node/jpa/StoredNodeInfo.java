package org.jledger.node.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * The one row describing this node's database: which schema version wrote it, which software last
 * started on it, and when. Written at every start, so a start proves the data source answers.
 */
@Entity
@Table(name = "JLEDGER_NODE")
public class StoredNodeInfo {

  /**
   * The database layout this software reads and writes. Raise it with every incompatible change.
   */
  public static final int SCHEMA_VERSION = 4;

  /** The primary key of the single row. */
  static final int THE_ROW = 1;

  @Id
  @Column(name = "ID")
  private int id;

  @Column(name = "SCHEMA_VERSION", nullable = false)
  private int schemaVersion;

  @Column(name = "SOFTWARE_VERSION", nullable = false, length = 64)
  private String softwareVersion;

  @Column(name = "FIRST_STARTED_MS", nullable = false)
  private long firstStartedMillis;

  @Column(name = "LAST_STARTED_MS", nullable = false)
  private long lastStartedMillis;

  @Column(name = "STARTS", nullable = false)
  private long starts;

  @Version
  @Column(name = "ROW_VERSION")
  private long rowVersion;

  /** For JPA only. */
  protected StoredNodeInfo() {}

  private StoredNodeInfo(String softwareVersion, Instant now) {
    this.id = THE_ROW;
    this.schemaVersion = SCHEMA_VERSION;
    this.softwareVersion = Objects.requireNonNull(softwareVersion);
    this.firstStartedMillis = now.toEpochMilli();
    this.lastStartedMillis = now.toEpochMilli();
    this.starts = 1;
  }

  /** The row of a database on which no node has started before. */
  public static StoredNodeInfo firstStart(String softwareVersion, Instant now) {
    return new StoredNodeInfo(softwareVersion, now);
  }

  /**
   * Records another start of this software on an existing database.
   *
   * @throws NewerSchemaException if a newer software wrote the database; nothing is changed
   */
  public void restart(String softwareVersion, Instant now) {
    if (schemaVersion > SCHEMA_VERSION) {
      throw new NewerSchemaException(schemaVersion, SCHEMA_VERSION, this.softwareVersion);
    }
    this.schemaVersion = SCHEMA_VERSION;
    this.softwareVersion = Objects.requireNonNull(softwareVersion);
    this.lastStartedMillis = now.toEpochMilli();
    this.starts++;
  }

  public int schemaVersion() {
    return schemaVersion;
  }

  public String softwareVersion() {
    return softwareVersion;
  }

  public Instant firstStarted() {
    return Instant.ofEpochMilli(firstStartedMillis);
  }

  public Instant lastStarted() {
    return Instant.ofEpochMilli(lastStartedMillis);
  }

  /** How many times a node has started on this database, this start included. */
  public long starts() {
    return starts;
  }
}
