package org.jledger.dapp.acl;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jledger.dapp.TransformRejectedException;

/** The syntax of ACL rules, shared by the ACL transforms (which check it) and {@link AclPolicy}. */
final class AclRules {

  static final String ANONYMOUS = "_anonymous";
  static final String AUTHENTICATED = "_authenticated";
  static final String ALL = "_all";
  static final String NONE = "_none";
  static final String SELF = "_self";

  private AclRules() {}

  /** Whether a token is a {@code ^regex$}, matched against a whole group name or key. */
  static boolean isPattern(String token) {
    return token.length() >= 2 && token.startsWith("^") && token.endsWith("$");
  }

  /** The compiled pattern, or empty when it does not compile (such a rule matches nothing). */
  static Optional<Pattern> pattern(String token) {
    try {
      return Optional.of(Pattern.compile(token));
    } catch (PatternSyntaxException e) {
      return Optional.empty();
    }
  }

  /** The alternatives of a non-pattern token: {@code admin|staff -> [admin, staff]}. */
  static List<String> alternatives(String token) {
    return List.of(token.split("\\|", -1));
  }

  /** The strings of a JSON array of strings, or empty if the value is anything else. */
  static Optional<List<String>> strings(JsonValue value) {
    if (!(value instanceof JsonArray array)) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (JsonValue v : array) {
      if (!(v instanceof JsonString s)) {
        return Optional.empty();
      }
      out.add(s.getString());
    }
    return Optional.of(out);
  }

  static TransformRejectedException invalid(String reason) {
    return new TransformRejectedException("invalid_acl", reason);
  }

  /** Refuses a name that cannot be a group: empty, or using the rules' reserved syntax. */
  static void checkGroupName(String group) {
    if (group.isEmpty()
        || group.startsWith("_")
        || group.startsWith("^")
        || group.contains("|")
        || group.strip().length() != group.length()) {
      throw invalid(
          "'"
              + group
              + "' cannot be a group name: it must be non-empty, must not start with '_' or '^',"
              + " hold '|' or be padded with spaces");
    }
  }

  private static void checkPattern(String where, String token) {
    try {
      Pattern.compile(token);
    } catch (PatternSyntaxException e) {
      throw invalid(
          where + ": '" + token + "' is not a valid regular expression: " + e.getDescription());
    }
  }

  /** A group reference: a group name, {@code a|b}, or {@code ^regex$}; {@code keywords} allowed. */
  private static void checkGroupToken(String where, String token, List<String> keywords) {
    if (isPattern(token)) {
      checkPattern(where, token);
      return;
    }
    for (String alt : alternatives(token)) {
      if (keywords.contains(alt)) {
        continue;
      }
      if (alt.startsWith("_")) {
        throw invalid(where + ": '" + alt + "' is not one of " + keywords);
      }
      checkGroupName(alt);
    }
  }

  /** Checks {@code {rule: [target, ...]}} as an {@link AclReadModel} entry. */
  static void checkReadRules(JsonObject rules) {
    for (Map.Entry<String, JsonValue> e : rules.entrySet()) {
      String where = "read rule '" + e.getKey() + "'";
      checkGroupToken(where, e.getKey(), List.of(ANONYMOUS, AUTHENTICATED));
      for (String target : nonEmptyStrings(where, e.getValue())) {
        if (isPattern(target)) {
          checkPattern(where, target);
        } else if (!List.of(NONE, ALL, SELF).contains(target)) {
          throw invalid(where + ": target '" + target + "' is not _none, _all, _self or a ^regex$");
        }
      }
    }
  }

  /** Checks {@code {field: [group, ...]}} as an {@link AclWriteModel} entry. */
  static void checkWriteRules(JsonObject rules) {
    for (Map.Entry<String, JsonValue> e : rules.entrySet()) {
      if (e.getKey().isEmpty()) {
        throw invalid("a write rule needs a field name");
      }
      String where = "write rule for field '" + e.getKey() + "'";
      for (String token : nonEmptyStrings(where, e.getValue())) {
        checkGroupToken(where, token, List.of(ALL, NONE));
      }
    }
  }

  private static List<String> nonEmptyStrings(String where, JsonValue value) {
    List<String> list = strings(value).orElseThrow(() -> invalid(where + " must list strings"));
    if (list.isEmpty()) {
      throw invalid(where + " lists nothing; use [\"_none\"] to grant nothing");
    }
    return list;
  }
}
