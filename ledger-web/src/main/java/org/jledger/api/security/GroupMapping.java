package org.jledger.api.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Directory group names to ledger ACL group names, from a setting such as {@code
 * auditors:auditor,customers:customer}. A group the mapping does not name keeps its own name, so a
 * directory whose groups already carry the ledger's names needs no mapping.
 */
public record GroupMapping(Map<String, String> names) {

  public static final GroupMapping NONE = new GroupMapping(Map.of());

  public GroupMapping {
    names = Map.copyOf(names);
  }

  /**
   * Parses {@code directoryGroup:aclGroup} pairs separated by commas; blank means no mapping.
   *
   * @throws IllegalArgumentException naming the pair that is not {@code name:name}, or a directory
   *     group mapped twice
   */
  public static GroupMapping parse(String setting) {
    if (setting == null || setting.isBlank()) {
      return NONE;
    }
    Map<String, String> names = new LinkedHashMap<>();
    for (String pair : setting.split(",")) {
      String[] parts = pair.split(":", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException(
            "a group mapping is directoryGroup:aclGroup, not '" + pair.strip() + "'");
      }
      String from = parts[0].strip();
      if (names.put(from, parts[1].strip()) != null) {
        throw new IllegalArgumentException("directory group '" + from + "' is mapped twice");
      }
    }
    return new GroupMapping(names);
  }

  /** The ACL group names of these directory groups, sorted. */
  public Set<String> map(Set<String> directoryGroups) {
    Set<String> mapped = new TreeSet<>();
    for (String group : directoryGroups) {
      mapped.add(names.getOrDefault(group, group));
    }
    return mapped;
  }
}
