package org.jledger.node.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeStatusTest {

  @Test
  void aNewNodeIsNotReadyAndSaysWhatItHasNotCheckedYet() {
    NodeStatus status = new NodeStatus();

    assertThat(status.isReady()).isFalse();
    assertThat(status.conditions())
        .extracting(Condition::name)
        .containsExactlyElementsOf(NodeStatus.REQUIRED_CONDITIONS);
    assertThat(status.conditions())
        .allSatisfy(c -> assertThat(c.detail()).isEqualTo("not checked yet"));
    assertThat(status.info()).isEmpty();
  }

  @Test
  void aNodeIsReadyOnceEveryRequiredConditionIsMet() {
    NodeStatus status = new NodeStatus();

    NodeStatus.REQUIRED_CONDITIONS.forEach(name -> status.met(name, "fine"));

    assertThat(status.isReady()).isTrue();
  }

  @Test
  void aConditionReportedUnmetAgainMakesTheNodeNotReady() {
    NodeStatus status = new NodeStatus();
    NodeStatus.REQUIRED_CONDITIONS.forEach(name -> status.met(name, "fine"));

    status.unmet(NodeStatus.DATABASE, "connection refused");

    assertThat(status.isReady()).isFalse();
    assertThat(status.conditions())
        .contains(new Condition(NodeStatus.DATABASE, false, "connection refused"));
  }

  @Test
  void anUnknownConditionIsRefused() {
    NodeStatus status = new NodeStatus();

    assertThatThrownBy(() -> status.met("weather", "sunny"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weather");
    assertThat(status.conditions()).extracting(Condition::name).doesNotContain("weather");
  }
}
