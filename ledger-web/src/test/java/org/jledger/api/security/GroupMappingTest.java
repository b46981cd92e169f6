package org.jledger.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupMappingTest {

  @Test
  void mappedGroupsTakeTheirAclNameAndOthersKeepTheirOwn() {
    GroupMapping mapping = GroupMapping.parse(" auditors:auditor , customers:customer");

    assertThat(mapping.map(Set.of("auditors", "customers", "ops")))
        .containsExactly("auditor", "customer", "ops");
  }

  @Test
  void aBlankSettingMapsNothing() {
    assertThat(GroupMapping.parse(" ").map(Set.of("auditors"))).containsExactly("auditors");
    assertThat(GroupMapping.parse(null)).isEqualTo(GroupMapping.NONE);
  }

  @Test
  void aMalformedPairIsRefusedByName() {
    assertThatThrownBy(() -> GroupMapping.parse("auditors:auditor,customers"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'customers'");
    assertThatThrownBy(() -> GroupMapping.parse("a:b:c"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GroupMapping.parse("a:b,a:c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mapped twice");
  }
}
