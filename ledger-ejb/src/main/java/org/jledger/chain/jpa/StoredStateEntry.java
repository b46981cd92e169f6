package org.jledger.chain.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import org.jledger.transaction.Execution;

/**
 * One entry that block {@code height} changed: its new value as canonical JSON, or null for a
 * deletion. The value of a key at height h is its latest change at a height below h.
 */
@Entity
@Table(name = "JLEDGER_STATE_ENTRY")
@IdClass(StoredStateEntry.Key.class)
public class StoredStateEntry {

  @Id
  @Column(name = "HEIGHT")
  private long height;

  @Id
  @Column(name = "MODEL", length = Execution.MAX_MODEL_LENGTH)
  private String model;

  @Id
  @Column(name = "ENTRY_KEY", length = Execution.MAX_KEY_LENGTH)
  private String entryKey;

  @Lob
  @Column(name = "VALUE_JSON")
  private String value;

  protected StoredStateEntry() {}

  StoredStateEntry(long height, String model, String entryKey, String value) {
    this.height = height;
    this.model = model;
    this.entryKey = entryKey;
    this.value = value;
  }

  String model() {
    return model;
  }

  String entryKey() {
    return entryKey;
  }

  String value() {
    return value;
  }

  /** The composite primary key. */
  public static class Key implements Serializable {
    private long height;
    private String model;
    private String entryKey;

    public Key() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && height == k.height
          && Objects.equals(model, k.model)
          && Objects.equals(entryKey, k.entryKey);
    }

    @Override
    public int hashCode() {
      return Objects.hash(height, model, entryKey);
    }
  }
}
