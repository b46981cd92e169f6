package org.jledger.config;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jledger.encoding.CanonicalJson;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A network's configuration: the Plug YAML unchanged (DESIGN section 10). {@code plug.runner} holds
 * {@code refresh_window} (ISO-8601 duration), {@code voting_model_fqdn}, {@code max_block_size},
 * {@code quorum}, {@code network_id} and optionally {@code pending_ttl}; {@code plug.middlewares},
 * {@code plug.models} and {@code plug.transforms} whitelist what the node runs; the genesis entries
 * are under {@code plug.initial_state} or a top-level {@code initial_state} (not both). Model names
 * may be aliases; they are resolved by {@link Genesis}.
 *
 * <p>An optional top-level {@code pki} section (a JLedger addition, not part of the genesis state
 * or its hash) names the trust anchors and CRLs that validators' certificates are checked against:
 * {@code pki: {trust_anchors: [ca.pem], crl: [ca.crl]}}, paths relative to the config file. Without
 * it no certificates are checked.
 *
 * @param initialState model name as written -> key -> value (values already canonical JSON)
 * @param pki the trust anchors and CRLs, or {@link Pki#NONE}
 */
public record NetworkConfig(
    String networkId,
    Duration refreshWindow,
    String votingModelFqdn,
    int maxBlockSize,
    int quorum,
    int pendingTtl,
    List<String> middlewares,
    List<String> models,
    List<String> transforms,
    Map<String, Map<String, JsonValue>> initialState,
    Pki pki) {

  /**
   * Where validators' certificates are checked against: PEM trust-anchor files and PEM CRL files,
   * as written in the config (relative to it).
   */
  public record Pki(List<String> trustAnchors, List<String> crls) {

    public static final Pki NONE = new Pki(List.of(), List.of());

    public Pki {
      trustAnchors = List.copyOf(trustAnchors);
      crls = List.copyOf(crls);
    }

    /** Whether certificates are checked at all. */
    public boolean isEnabled() {
      return !trustAnchors.isEmpty();
    }

    /** The trust-anchor files, relative to the config file's folder. */
    public List<Path> trustAnchorFiles(Path configFile) {
      return resolve(trustAnchors, configFile);
    }

    /** The CRL files, relative to the config file's folder. */
    public List<Path> crlFiles(Path configFile) {
      return resolve(crls, configFile);
    }

    private static List<Path> resolve(List<String> files, Path configFile) {
      Path dir = configFile.toAbsolutePath().getParent();
      return files.stream().map(f -> dir.resolve(f).normalize()).toList();
    }
  }

  /** A config without a {@code pki} section. */
  public NetworkConfig(
      String networkId,
      Duration refreshWindow,
      String votingModelFqdn,
      int maxBlockSize,
      int quorum,
      int pendingTtl,
      List<String> middlewares,
      List<String> models,
      List<String> transforms,
      Map<String, Map<String, JsonValue>> initialState) {
    this(
        networkId,
        refreshWindow,
        votingModelFqdn,
        maxBlockSize,
        quorum,
        pendingTtl,
        middlewares,
        models,
        transforms,
        initialState,
        Pki.NONE);
  }

  public static final String VOTING_POWER_MODEL = "plug.model.VotingPowerModel";
  public static final int DEFAULT_PENDING_TTL = 100;

  /**
   * The largest config read, in characters: room for a genesis of about four million accounts
   * (SnakeYAML's own default, 3 MiB, refuses one of 50,000).
   */
  public static final int MAX_CODE_POINTS = 256 * 1024 * 1024;

  private static final Pattern NETWORK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Set<String> TOP_KEYS = Set.of("plug", "initial_state", "pki");
  private static final Set<String> PKI_KEYS = Set.of("trust_anchors", "crl");
  private static final Set<String> PLUG_KEYS =
      Set.of("runner", "middlewares", "models", "transforms", "initial_state");
  private static final Set<String> RUNNER_KEYS =
      Set.of(
          "refresh_window",
          "voting_model_fqdn",
          "max_block_size",
          "quorum",
          "network_id",
          "pending_ttl");

  public NetworkConfig {
    middlewares = List.copyOf(middlewares);
    models = List.copyOf(models);
    transforms = List.copyOf(transforms);
    Map<String, Map<String, JsonValue>> copy = new LinkedHashMap<>();
    initialState.forEach(
        (m, entries) -> copy.put(m, Collections.unmodifiableMap(new TreeMap<>(entries))));
    initialState = Collections.unmodifiableMap(copy);
    pki = pki == null ? Pki.NONE : pki;
  }

  /** Reads and validates a config file. */
  public static NetworkConfig load(Path file) {
    String name = file.toString();
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), name);
    } catch (NoSuchFileException e) {
      throw new ConfigException(name, "", "no such file");
    } catch (IOException e) {
      throw new ConfigException(name, "", "cannot be read: " + e.getMessage());
    }
  }

  /** Parses and validates config text; {@code file} names it in errors. */
  public static NetworkConfig parse(String yamlText, String file) {
    Reader r = new Reader(file);
    Object root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(50);
      options.setCodePointLimit(MAX_CODE_POINTS);
      root = new Yaml(new SafeConstructor(options)).load(yamlText);
    } catch (YAMLException e) {
      throw new ConfigException(file, "", "not valid YAML: " + firstLine(e.getMessage()));
    }
    Map<String, Object> top = r.map(root, "");
    r.onlyKeys(top, TOP_KEYS, "");
    Map<String, Object> plug = r.map(r.required(top, "plug", ""), "plug");
    r.onlyKeys(plug, PLUG_KEYS, "plug");
    Map<String, Object> runner = r.map(r.required(plug, "runner", "plug"), "plug.runner");
    r.onlyKeys(runner, RUNNER_KEYS, "plug.runner");

    String networkId =
        r.string(r.required(runner, "network_id", "plug.runner"), "plug.runner.network_id");
    if (!NETWORK_ID.matcher(networkId).matches()) {
      throw new ConfigException(
          file,
          "plug.runner.network_id",
          "must be 1 to 64 letters, digits, '.', '_' or '-' (it names JMS destinations), got '"
              + networkId
              + "'");
    }
    Duration refresh =
        r.duration(
            r.required(runner, "refresh_window", "plug.runner"), "plug.runner.refresh_window");
    String votingModel =
        r.string(
            r.required(runner, "voting_model_fqdn", "plug.runner"),
            "plug.runner.voting_model_fqdn");
    if (!VOTING_POWER_MODEL.equals(votingModel)) {
      throw new ConfigException(
          file,
          "plug.runner.voting_model_fqdn",
          "only " + VOTING_POWER_MODEL + " is supported, got '" + votingModel + "'");
    }
    int maxBlockSize =
        r.integer(
            r.required(runner, "max_block_size", "plug.runner"),
            "plug.runner.max_block_size",
            1,
            100_000);
    int quorum =
        r.integer(r.required(runner, "quorum", "plug.runner"), "plug.runner.quorum", 51, 100);
    int pendingTtl =
        runner.containsKey("pending_ttl")
            ? r.integer(runner.get("pending_ttl"), "plug.runner.pending_ttl", 1, 1_000_000)
            : DEFAULT_PENDING_TTL;

    List<String> middlewares = r.names(r.required(plug, "middlewares", "plug"), "plug.middlewares");
    List<String> models = r.names(r.required(plug, "models", "plug"), "plug.models");
    List<String> transforms = r.names(r.required(plug, "transforms", "plug"), "plug.transforms");

    if (plug.containsKey("initial_state") && top.containsKey("initial_state")) {
      throw new ConfigException(
          file,
          "initial_state",
          "given both under plug.initial_state and at the top level; keep one");
    }
    String stateKey = plug.containsKey("initial_state") ? "plug.initial_state" : "initial_state";
    Object stateNode =
        plug.containsKey("initial_state") ? plug.get("initial_state") : top.get("initial_state");
    Map<String, Map<String, JsonValue>> initialState = new LinkedHashMap<>();
    if (stateNode != null) {
      for (Map.Entry<String, Object> model : r.map(stateNode, stateKey).entrySet()) {
        String modelKey = stateKey + "." + model.getKey();
        Map<String, JsonValue> entries = new TreeMap<>();
        if (model.getValue() != null) {
          for (Map.Entry<String, Object> e : r.map(model.getValue(), modelKey).entrySet()) {
            String entryKey = modelKey + "." + e.getKey();
            JsonValue value = r.json(e.getValue(), entryKey);
            if (VOTING_POWER_MODEL.equals(model.getKey())) {
              value = r.votingPower(value, entryKey);
            }
            entries.put(e.getKey(), value);
          }
        }
        initialState.put(model.getKey(), entries);
      }
    }
    Pki pki = Pki.NONE;
    if (top.containsKey("pki")) {
      Map<String, Object> section = r.map(top.get("pki"), "pki");
      r.onlyKeys(section, PKI_KEYS, "pki");
      List<String> anchors =
          r.names(r.required(section, "trust_anchors", "pki"), "pki.trust_anchors");
      if (anchors.isEmpty()) {
        throw new ConfigException(
            file, "pki.trust_anchors", "must name at least one PEM file of a trusted CA");
      }
      pki = new Pki(anchors, r.names(section.get("crl"), "pki.crl"));
    }
    return new NetworkConfig(
        networkId,
        refresh,
        votingModel,
        maxBlockSize,
        quorum,
        pendingTtl,
        middlewares,
        models,
        transforms,
        initialState,
        pki);
  }

  /** The same config with another {@code pki} section. */
  public NetworkConfig withPki(Pki other) {
    return new NetworkConfig(
        networkId,
        refreshWindow,
        votingModelFqdn,
        maxBlockSize,
        quorum,
        pendingTtl,
        middlewares,
        models,
        transforms,
        initialState,
        other);
  }

  /** The same config with other genesis entries (e.g. the validators {@code jledger new} made). */
  public NetworkConfig withInitialState(Map<String, Map<String, JsonValue>> state) {
    return new NetworkConfig(
        networkId,
        refreshWindow,
        votingModelFqdn,
        maxBlockSize,
        quorum,
        pendingTtl,
        middlewares,
        models,
        transforms,
        state,
        pki);
  }

  /** The config as YAML, in the Plug layout, for writing the genesis of a new network. */
  public String toYaml() {
    Map<String, Object> runner = new LinkedHashMap<>();
    runner.put("refresh_window", refreshWindow.toString());
    runner.put("voting_model_fqdn", votingModelFqdn);
    runner.put("max_block_size", maxBlockSize);
    runner.put("quorum", quorum);
    runner.put("network_id", networkId);
    runner.put("pending_ttl", pendingTtl);
    Map<String, Object> plug = new LinkedHashMap<>();
    plug.put("runner", runner);
    plug.put("middlewares", middlewares);
    plug.put("models", models);
    plug.put("transforms", transforms);
    Map<String, Object> state = new LinkedHashMap<>();
    initialState.forEach(
        (model, entries) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          entries.forEach((k, v) -> m.put(k, Reader.plain(v)));
          state.put(model, m);
        });
    plug.put("initial_state", state);
    org.yaml.snakeyaml.DumperOptions options = new org.yaml.snakeyaml.DumperOptions();
    options.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("plug", plug);
    if (pki.isEnabled()) {
      Map<String, Object> section = new LinkedHashMap<>();
      section.put("trust_anchors", pki.trustAnchors());
      if (!pki.crls().isEmpty()) {
        section.put("crl", pki.crls());
      }
      top.put("pki", section);
    }
    return new Yaml(options).dump(top);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    return s.strip().replace('\n', ' ');
  }

  /** Typed, strict reading of the YAML tree; every error names the file and the key. */
  private record Reader(String file) {

    ConfigException error(String key, String problem) {
      return new ConfigException(file, key, problem);
    }

    Object required(Map<String, Object> map, String name, String parent) {
      if (!map.containsKey(name)) {
        throw error(parent.isEmpty() ? name : parent + "." + name, "is required");
      }
      return map.get(name);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Object node, String key) {
      if (!(node instanceof Map<?, ?> m)) {
        throw error(key, "must be a mapping, got " + describe(node));
      }
      for (Object k : m.keySet()) {
        if (!(k instanceof String)) {
          throw error(key, "keys must be strings, got " + describe(k) + " (quote it)");
        }
      }
      return (Map<String, Object>) m;
    }

    void onlyKeys(Map<String, Object> map, Set<String> allowed, String key) {
      for (String k : map.keySet()) {
        if (!allowed.contains(k)) {
          throw error(
              key.isEmpty() ? k : key + "." + k,
              "unknown key; expected one of " + new java.util.TreeSet<>(allowed));
        }
      }
    }

    String string(Object node, String key) {
      if (!(node instanceof String s) || s.isBlank()) {
        throw error(key, "must be a non-empty string, got " + describe(node));
      }
      return s;
    }

    int integer(Object node, String key, int min, int max) {
      if (!(node instanceof Integer i)) {
        throw error(
            key, "must be an integer from " + min + " to " + max + ", got " + describe(node));
      }
      if (i < min || i > max) {
        throw error(key, "must be from " + min + " to " + max + ", got " + i);
      }
      return i;
    }

    Duration duration(Object node, String key) {
      String text = string(node, key);
      try {
        Duration d = Duration.parse(text);
        if (d.isNegative() || d.isZero()) {
          throw error(key, "must be a positive duration, got " + text);
        }
        return d;
      } catch (DateTimeParseException e) {
        throw error(key, "must be an ISO-8601 duration such as PT5S, got '" + text + "'");
      }
    }

    List<String> names(Object node, String key) {
      if (node == null) {
        return List.of();
      }
      if (!(node instanceof List<?> list)) {
        throw error(key, "must be a list of names, got " + describe(node));
      }
      for (int i = 0; i < list.size(); i++) {
        string(list.get(i), key + "[" + i + "]");
      }
      return list.stream().map(String.class::cast).toList();
    }

    JsonValue json(Object node, String key) {
      if (node == null) {
        return JsonValue.NULL;
      }
      if (node instanceof String s) {
        return CanonicalJson.PROVIDER.createValue(s);
      }
      if (node instanceof Boolean b) {
        return b ? JsonValue.TRUE : JsonValue.FALSE;
      }
      if (node instanceof Integer || node instanceof Long || node instanceof BigInteger) {
        BigInteger n = new BigInteger(node.toString());
        if (n.abs().compareTo(BigInteger.valueOf(CanonicalJson.MAX_SAFE_INTEGER)) > 0) {
          throw error(key, "integer " + n + " is outside [-(2^53-1), 2^53-1]");
        }
        return CanonicalJson.PROVIDER.createValue(n.longValue());
      }
      if (node instanceof List<?> list) {
        JsonArrayBuilder a = CanonicalJson.PROVIDER.createArrayBuilder();
        for (int i = 0; i < list.size(); i++) {
          a.add(json(list.get(i), key + "[" + i + "]"));
        }
        return a.build();
      }
      if (node instanceof Map<?, ?>) {
        JsonObjectBuilder o = CanonicalJson.PROVIDER.createObjectBuilder();
        for (Map.Entry<String, Object> e : map(node, key).entrySet()) {
          o.add(e.getKey(), json(e.getValue(), key + "." + e.getKey()));
        }
        return o.build();
      }
      if (node instanceof Double) {
        throw error(key, "number " + node + " is not an integer; ledger values hold integers only");
      }
      throw error(key, describe(node) + " is not allowed here (quote it to make it a string)");
    }

    /** Voting power is written either {@code addr: 100} or {@code addr: {value: 100}}. */
    JsonValue votingPower(JsonValue value, String key) {
      JsonValue v = value;
      if (v.getValueType() == JsonValue.ValueType.OBJECT) {
        var o = v.asJsonObject();
        if (o.size() != 1 || !o.containsKey("value")) {
          throw error(key, "voting power must be an integer or {value: integer}");
        }
        v = o.get("value");
      }
      if (v.getValueType() != JsonValue.ValueType.NUMBER
          || ((jakarta.json.JsonNumber) v).longValue() < 0) {
        throw error(key, "voting power must be a non-negative integer, got " + value);
      }
      return v;
    }

    static Object plain(JsonValue v) {
      return switch (v.getValueType()) {
        case NULL -> null;
        case TRUE -> true;
        case FALSE -> false;
        case STRING -> ((jakarta.json.JsonString) v).getString();
        case NUMBER -> ((jakarta.json.JsonNumber) v).longValueExact();
        case ARRAY -> v.asJsonArray().stream().map(Reader::plain).toList();
        case OBJECT -> {
          Map<String, Object> m = new LinkedHashMap<>();
          v.asJsonObject().forEach((k, x) -> m.put(k, plain(x)));
          yield m;
        }
      };
    }

    private static String describe(Object node) {
      if (node == null) {
        return "nothing";
      }
      if (node instanceof Map) {
        return "a mapping";
      }
      if (node instanceof List) {
        return "a list";
      }
      if (node instanceof java.util.Date) {
        return "a date";
      }
      return "'" + node + "'";
    }
  }
}
