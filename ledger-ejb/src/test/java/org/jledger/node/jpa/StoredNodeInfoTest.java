package org.jledger.node.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredNodeInfoTest {

  private static final Instant FIRST = Instant.parse("2026-01-01T00:00:00.123Z");
  private static final Instant SECOND = Instant.parse("2026-01-02T10:00:00.456Z");

  @Test
  void aFirstStartWritesTheCurrentSchemaVersionAndCountsOneStart() {
    StoredNodeInfo row = StoredNodeInfo.firstStart("0.1.0", FIRST);

    assertThat(row.schemaVersion()).isEqualTo(StoredNodeInfo.SCHEMA_VERSION);
    assertThat(row.softwareVersion()).isEqualTo("0.1.0");
    assertThat(row.firstStarted()).isEqualTo(FIRST);
    assertThat(row.lastStarted()).isEqualTo(FIRST);
    assertThat(row.starts()).isEqualTo(1);
  }

  @Test
  void aRestartKeepsTheFirstStartAndRecordsTheNewSoftwareAndTime() {
    StoredNodeInfo row = StoredNodeInfo.firstStart("0.1.0", FIRST);

    row.restart("0.2.0", SECOND);

    assertThat(row.softwareVersion()).isEqualTo("0.2.0");
    assertThat(row.firstStarted()).isEqualTo(FIRST);
    assertThat(row.lastStarted()).isEqualTo(SECOND);
    assertThat(row.starts()).isEqualTo(2);
  }

  @Test
  void aDatabaseWrittenByANewerSchemaIsRefusedAndLeftUnchanged() throws Exception {
    StoredNodeInfo row = StoredNodeInfo.firstStart("9.0.0", FIRST);
    Field schema = StoredNodeInfo.class.getDeclaredField("schemaVersion");
    schema.setAccessible(true);
    schema.setInt(row, StoredNodeInfo.SCHEMA_VERSION + 1);

    assertThatThrownBy(() -> row.restart("0.1.0", SECOND))
        .isInstanceOf(NewerSchemaException.class)
        .hasMessageContaining("schema version " + (StoredNodeInfo.SCHEMA_VERSION + 1))
        .hasMessageContaining("9.0.0");
    assertThat(row.softwareVersion()).isEqualTo("9.0.0");
    assertThat(row.lastStarted()).isEqualTo(FIRST);
    assertThat(row.starts()).isEqualTo(1);
  }
}
