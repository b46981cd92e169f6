package org.jledger.dapp.acl;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jledger.dapp.DApps;
import org.jledger.dapp.Model;
import org.jledger.dapp.Transform;
import org.jledger.dapp.TransformName;
import org.jledger.dapp.UnknownModelException;
import org.jledger.state.State;
import org.jledger.state.StateView;

/**
 * Plug's access control lists (documentation section 6.3), as pure functions of a state.
 *
 * <h2>Groups</h2>
 *
 * An address belongs to group {@code g} when the {@link AclGroupModel} entry {@code g} lists it.
 * The {@link GroupDirectory} answers the reverse question, needed for {@code ^regex$} rules.
 *
 * <h2>Writes ({@link #checkWrite})</h2>
 *
 * The {@link AclWriteModel} entry of a transform maps field names to allowed groups. Each field
 * must hold an address (a string) that is allowed by at least one item of its list: {@code _all}
 * allows any address, {@code _none} none, {@code a|b} an address in {@code a} or in {@code b}, a
 * group name its members, {@code ^regex$} an address in some group whose whole name matches. Every
 * listed field must pass. A transform without an entry (or with an empty one) may be run by anyone.
 * Entries are looked up under the canonical FQDN and under every alias, and all that exist apply,
 * so an alias cannot bypass an entry.
 *
 * <h2>Reads ({@link #canRead})</h2>
 *
 * The {@link AclReadModel} entry of a model maps rules to targets. A rule matches a caller when it
 * is {@code _anonymous} (every caller: what anonymous callers may read, anyone may read, since
 * anyone can ask anonymously), {@code _authenticated} (any authenticated caller), a group name the
 * caller belongs to, {@code a|b} (either alternative matches), or {@code ^regex$} matching the
 * whole name of one of the caller's groups. A target grants a key when it is {@code _all} (every
 * key), {@code _self} (the key equal to the caller's own address) or {@code ^regex$} (keys it
 * matches whole); {@code _none} grants nothing and denies nothing. A caller may read a key when
 * some matching rule has a target that grants it: the most permissive rule wins. A model without an
 * entry (or with an empty one) is readable by everyone; with a non-empty entry, a caller that no
 * rule grants is refused. As for writes, entries under the model's canonical FQDN and under each
 * alias all apply.
 *
 * <p>Malformed entries fail closed: a rule or item that is not a list of strings, a target or item
 * that is not understood, or a regex that does not compile grants nothing; an entry that is not an
 * object refuses everything.
 */
public final class AclPolicy {

  private final DApps dapps;
  private final GroupDirectory directory;

  public AclPolicy(DApps dapps, GroupDirectory directory) {
    this.dapps = Objects.requireNonNull(dapps, "dapps");
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /**
   * The policy the node decides with: groups are listed from the {@link State} being checked. Any
   * other view lists no group, so regular-expression group rules grant nothing there (fail closed).
   */
  public static AclPolicy overStates(DApps dapps) {
    return new AclPolicy(
        dapps,
        GroupDirectory.listing(
            view -> view instanceof State state ? state.entries(AclGroupModel.FQDN) : Map.of()));
  }

  /** The authenticated caller {@code address}, with the groups it belongs to in {@code state}. */
  public Caller caller(String address, StateView state) {
    return Caller.authenticated(address, directory.groupsOf(address, state));
  }

  /**
   * Whether the write ACL lets {@code t}, bound from {@code transformJson}, run against {@code
   * state}.
   *
   * @return empty when allowed, otherwise the reason it is not
   */
  public Optional<String> checkWrite(Transform t, JsonObject transformJson, StateView state) {
    for (String name : transformNames(t)) {
      Optional<JsonValue> stored = state.get(AclWriteModel.FQDN, name);
      if (stored.isEmpty()) {
        continue;
      }
      if (!(stored.get() instanceof JsonObject entry)) {
        return Optional.of("the write ACL of " + name + " is malformed; nobody may run it");
      }
      for (String field : new TreeSet<>(entry.keySet())) {
        Optional<List<String>> allowed = AclRules.strings(entry.get(field));
        if (allowed.isEmpty()) {
          return Optional.of(
              "the write ACL of " + name + " for field '" + field + "' is malformed");
        }
        JsonValue value = transformJson.get(field);
        if (!(value instanceof JsonString address)) {
          return Optional.of(
              "field '"
                  + field
                  + "' of "
                  + t.fqdn()
                  + " must hold an address for the write ACL, but "
                  + (value == null ? "it is missing" : "it is not a string"));
        }
        if (allowed.get().stream().noneMatch(g -> writeAllows(g, address.getString(), state))) {
          return Optional.of(
              address.getString()
                  + " (field '"
                  + field
                  + "') is not in a group allowed to run "
                  + t.fqdn()
                  + " (allowed: "
                  + String.join(", ", allowed.get())
                  + ")");
        }
      }
    }
    return Optional.empty();
  }

  private static Set<String> transformNames(Transform t) {
    Set<String> names = new LinkedHashSet<>();
    names.add(t.fqdn());
    TransformName annotation = t.getClass().getAnnotation(TransformName.class);
    if (annotation != null) {
      names.addAll(List.of(annotation.aliases()));
    }
    return names;
  }

  private boolean writeAllows(String item, String address, StateView state) {
    if (item.equals(AclRules.ALL)) {
      return true;
    }
    if (item.equals(AclRules.NONE)) {
      return false;
    }
    if (AclRules.isPattern(item)) {
      Optional<Pattern> p = AclRules.pattern(item);
      return p.isPresent()
          && directory.groupsOf(address, state).stream()
              .anyMatch(g -> p.get().matcher(g).matches());
    }
    for (String group : AclRules.alternatives(item)) {
      if (!group.startsWith("_")
          && AclGroupModel.members(
                  state.get(AclGroupModel.FQDN, group).orElse(JsonValue.EMPTY_JSON_OBJECT))
              .contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code caller} may read {@code (model, key)} in {@code state}. */
  public boolean canRead(Caller caller, String model, String key, StateView state) {
    return readableKeys(caller, model, state).test(key);
  }

  /**
   * The keys of {@code model} that {@code caller} may read in {@code state}, as a test that looks
   * the model's read ACL up once (for filtering many keys).
   */
  public Predicate<String> readableKeys(Caller caller, String model, StateView state) {
    List<JsonObject> entries = new ArrayList<>();
    for (String name : modelNames(model)) {
      Optional<JsonValue> stored = state.get(AclReadModel.FQDN, name);
      if (stored.isEmpty()) {
        continue;
      }
      if (!(stored.get() instanceof JsonObject entry)) {
        return key -> false;
      }
      if (!entry.isEmpty()) {
        entries.add(entry);
      }
    }
    if (entries.isEmpty()) {
      return key -> true;
    }
    return key -> entries.stream().allMatch(entry -> grants(entry, caller, key));
  }

  private Set<String> modelNames(String model) {
    Set<String> names = new LinkedHashSet<>();
    try {
      Model m = dapps.model(model);
      names.add(m.fqdn());
      names.addAll(m.aliases());
    } catch (UnknownModelException e) {
      names.add(model);
    }
    return names;
  }

  private static boolean grants(JsonObject entry, Caller caller, String key) {
    for (String rule : entry.keySet()) {
      if (ruleMatches(rule, caller)) {
        Optional<List<String>> targets = AclRules.strings(entry.get(rule));
        if (targets.isPresent()
            && targets.get().stream().anyMatch(t -> targetGrants(t, caller, key))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean ruleMatches(String rule, Caller caller) {
    if (AclRules.isPattern(rule)) {
      Optional<Pattern> p = AclRules.pattern(rule);
      return p.isPresent() && caller.groups().stream().anyMatch(g -> p.get().matcher(g).matches());
    }
    for (String alt : AclRules.alternatives(rule)) {
      boolean matches =
          switch (alt) {
            case AclRules.ANONYMOUS -> true;
            case AclRules.AUTHENTICATED -> caller.authenticated();
            default -> !alt.startsWith("_") && caller.groups().contains(alt);
          };
      if (matches) {
        return true;
      }
    }
    return false;
  }

  private static boolean targetGrants(String target, Caller caller, String key) {
    if (AclRules.isPattern(target)) {
      return AclRules.pattern(target).map(p -> p.matcher(key).matches()).orElse(false);
    }
    return switch (target) {
      case AclRules.ALL -> true;
      case AclRules.SELF -> caller.authenticated() && key.equals(caller.address());
      default -> false;
    };
  }
}
