package org.jledger.consensus.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * Equivocation evidence: two different validly signed messages of one validator for one (height,
 * round, kind), as received.
 */
@Entity
@Table(name = "JLEDGER_EVIDENCE")
@NamedQuery(
    name = StoredEvidence.NEWEST_FIRST,
    query = "SELECT e FROM StoredEvidence e ORDER BY e.id DESC")
public class StoredEvidence {

  public static final String NEWEST_FIRST = "StoredEvidence.newestFirst";

  @Id
  @GeneratedValue(strategy = GenerationType.TABLE)
  @Column(name = "ID")
  private long id;

  @Column(name = "VALIDATOR", nullable = false, length = 64)
  private String validator;

  @Column(name = "HEIGHT", nullable = false)
  private long height;

  @Column(name = "FOUND_AT_MS", nullable = false)
  private long foundAtMillis;

  @Lob
  @Column(name = "FIRST_JSON", nullable = false)
  private String first;

  @Lob
  @Column(name = "SECOND_JSON", nullable = false)
  private String second;

  protected StoredEvidence() {}

  public StoredEvidence(
      String validator, long height, long foundAtMillis, String first, String second) {
    this.validator = validator;
    this.height = height;
    this.foundAtMillis = foundAtMillis;
    this.first = first;
    this.second = second;
  }

  public String validator() {
    return validator;
  }

  public long height() {
    return height;
  }

  public long foundAtMillis() {
    return foundAtMillis;
  }

  /** The first of the two conflicting messages, as received. */
  public String first() {
    return first;
  }

  /** The second, conflicting message, as received. */
  public String second() {
    return second;
  }
}
