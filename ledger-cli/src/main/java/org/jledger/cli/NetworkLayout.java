package org.jledger.cli;

import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jledger.config.ConfigException;
import org.jledger.config.Genesis;
import org.jledger.config.NetworkConfig;
import org.jledger.crypto.Address;
import org.jledger.crypto.KeyFile;
import org.jledger.crypto.SigningKey;
import org.jledger.dapp.DAppRegistry;
import org.jledger.dapp.DApps;
import org.jledger.encoding.CanonicalJson;
import org.jledger.pki.CertificateAuthority;
import org.jledger.pki.CertificateCheck;
import org.jledger.pki.CertificateVerifier;
import org.jledger.pki.Pem;
import org.jledger.state.State;

/**
 * Creates the folders of a new network: {@code node_0 .. node_N-1}, each with its signing key
 * ({@code node.key}, owner-read-only), {@code node.properties} and the shared {@code genesis.yaml}.
 * Validators get equal voting power unless the config gives voting power itself.
 */
public final class NetworkLayout {

  public static final String KEY_FILE = "node.key";
  public static final String PROPERTIES_FILE = "node.properties";
  public static final String GENESIS_FILE = "genesis.yaml";
  public static final String CERTIFICATE_FILE = "node.crt";
  public static final String PKI_DIR = "pki";
  public static final int FIRST_HTTP_PORT = 8181;
  static final long EQUAL_VOTING_POWER = 100;

  /** One created node. */
  public record Node(String name, Path dir, Address address, String host, int httpPort) {

    public String apiUrl() {
      return "http://" + host + ":" + httpPort + "/api/v1";
    }
  }

  /** An account key made by {@code --fresh-accounts}, replacing a key of the config. */
  public record Account(String replaced, Address address, Path keyFile) {}

  /** What was created. */
  public record Created(
      List<Node> nodes, List<Account> accounts, NetworkConfig genesisConfig, State genesis) {}

  /**
   * How {@code jledger new} certifies the nodes' keys: the CA that issues (or null when the
   * certificates are issued elsewhere), the trust anchors and CRLs the nodes check against (copied
   * into each node's {@code pki/} folder), and the validity of each certificate from {@code now}.
   */
  public record Certification(
      CertificateAuthority ca,
      List<Path> trustAnchors,
      List<Path> crls,
      Duration validity,
      Instant now) {}

  private final SecureRandom random;

  public NetworkLayout(SecureRandom random) {
    this.random = random;
  }

  /**
   * Creates the network folders under {@code out}.
   *
   * @param hosts one per node, or empty for localhost
   * @param freshAccounts replace every address-like key of the config's initial state (outside the
   *     voting-power model) by the address of a new key written to {@code out/accounts/}
   * @param brokerUrl the Artemis broker the nodes talk through, or null for a one-node network
   */
  public Created create(
      Path configFile, int n, List<String> hosts, Path out, boolean freshAccounts, String brokerUrl)
      throws IOException {
    if (n < 1) {
      throw new IllegalArgumentException("-n must be at least 1, got " + n);
    }
    if (!hosts.isEmpty() && hosts.size() != n) {
      throw new IllegalArgumentException(
          "give one --host per node: " + n + " nodes but " + hosts.size() + " --host");
    }
    NetworkConfig config = NetworkConfig.load(configFile);
    if (Files.exists(out) && !isEmptyDir(out)) {
      throw new IllegalArgumentException(
          out + " already exists and is not empty; choose another -o or remove it");
    }
    List<SigningKey> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(SigningKey.generate(random));
    }
    Map<String, Map<String, JsonValue>> state = new LinkedHashMap<>(config.initialState());
    List<Account> accounts = new ArrayList<>();
    if (freshAccounts) {
      state = freshAccounts(state, out.resolve("accounts"), accounts);
    }
    if (!state.containsKey(NetworkConfig.VOTING_POWER_MODEL)) {
      Map<String, JsonValue> power = new TreeMap<>();
      for (SigningKey k : keys) {
        power.put(k.address().value(), CanonicalJson.PROVIDER.createValue(EQUAL_VOTING_POWER));
      }
      state.put(NetworkConfig.VOTING_POWER_MODEL, power);
    }
    NetworkConfig genesisConfig = config.withInitialState(state);
    DApps dapps =
        DAppRegistry.load(NetworkLayout.class.getClassLoader())
            .select(genesisConfig.models(), genesisConfig.transforms());
    State genesis = Genesis.state(genesisConfig, dapps, configFile.toString());
    String genesisYaml = genesisConfig.toYaml();
    // the written genesis must read back to the same state
    State check =
        Genesis.state(NetworkConfig.parse(genesisYaml, GENESIS_FILE), dapps, GENESIS_FILE);
    if (!check.hash().equals(genesis.hash())) {
      throw new ConfigException(GENESIS_FILE, "", "does not round-trip; this is a bug");
    }

    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = "node_" + i;
      Path dir = out.resolve(name);
      Files.createDirectories(dir);
      KeyFile.write(dir.resolve(KEY_FILE), keys.get(i));
      Files.writeString(dir.resolve(GENESIS_FILE), genesisYaml, StandardCharsets.UTF_8);
      String host = hosts.isEmpty() ? "localhost" : hosts.get(i);
      int port = FIRST_HTTP_PORT + (hosts.isEmpty() ? i : 0);
      String props = properties(name, host, port);
      if (brokerUrl != null) {
        props +=
            "# the message broker the nodes talk through\njledger.broker.url=" + brokerUrl + "\n";
      }
      Files.writeString(dir.resolve(PROPERTIES_FILE), props, StandardCharsets.UTF_8);
      nodes.add(new Node(name, dir, keys.get(i).address(), host, port));
    }
    return new Created(nodes, accounts, genesisConfig, genesis);
  }

  /**
   * Sets up the created nodes for PKI: issues each a certificate for its key ({@code node.crt}: the
   * certificate, then the issuing CA's if it is not a root) when there is a CA, copies the trust
   * anchors and CRLs into each node's {@code pki/} folder, names them in the {@code pki} section of
   * its genesis (the genesis state and its hash do not change) and sets {@code
   * jledger.pki.certificate} in {@code node.properties}. Without a CA, each node's certificate,
   * issued elsewhere, goes into {@code node.crt} by hand.
   *
   * @throws IllegalArgumentException if an issued certificate would not chain to the trust anchors
   */
  public Created certify(Created created, Certification c) throws IOException {
    List<String> anchors = new ArrayList<>();
    List<String> crls = new ArrayList<>();
    for (Path p : c.trustAnchors()) {
      Pem.certificates(Pem.read(p), p.toString());
      anchors.add(PKI_DIR + "/" + p.getFileName());
    }
    for (Path p : c.crls()) {
      Pem.crls(Pem.read(p), p.toString());
      crls.add(PKI_DIR + "/" + p.getFileName());
    }
    if (new java.util.HashSet<>(anchors).size() + new java.util.HashSet<>(crls).size()
        != anchors.size() + crls.size()) {
      throw new IllegalArgumentException("trust anchor and CRL files must have distinct names");
    }
    NetworkConfig withPki = created.genesisConfig().withPki(new NetworkConfig.Pki(anchors, crls));
    String genesisYaml = withPki.toYaml();
    // a little slack for clocks that are behind
    Instant from = c.now().minus(Duration.ofMinutes(5));
    Instant to = c.now().plus(c.validity());
    for (Node node : created.nodes()) {
      Path pki = Files.createDirectories(node.dir().resolve(PKI_DIR));
      for (Path p : c.trustAnchors()) {
        Files.copy(p, pki.resolve(p.getFileName().toString()));
      }
      for (Path p : c.crls()) {
        Files.copy(p, pki.resolve(p.getFileName().toString()));
      }
      if (c.ca() != null) {
        X509Certificate caCert = c.ca().certificate();
        boolean root = caCert.getSubjectX500Principal().equals(caCert.getIssuerX500Principal());
        SigningKey key = KeyFile.read(node.dir().resolve(KEY_FILE));
        X509Certificate cert = c.ca().issueValidator(node.name(), key.verifyingKey(), from, to);
        String chain = root ? Pem.write(cert) : Pem.write(cert, caCert);
        CertificateCheck check =
            CertificateVerifier.fromFiles(
                    withPki.pki().trustAnchorFiles(node.dir().resolve(GENESIS_FILE)),
                    withPki.pki().crlFiles(node.dir().resolve(GENESIS_FILE)),
                    Clock.fixed(c.now(), ZoneOffset.UTC))
                .check(chain, key.verifyingKey());
        if (!check.isValid()) {
          throw new IllegalArgumentException(
              "the certificate issued to " + node.name() + " would not be accepted: " + check);
        }
        Files.writeString(node.dir().resolve(CERTIFICATE_FILE), chain, StandardCharsets.US_ASCII);
      }
      Files.writeString(node.dir().resolve(GENESIS_FILE), genesisYaml, StandardCharsets.UTF_8);
      Files.writeString(
          node.dir().resolve(PROPERTIES_FILE),
          "# this validator's certificate chain (PEM), sent with each of its messages\n"
              + "jledger.pki.certificate="
              + CERTIFICATE_FILE
              + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
    }
    return new Created(created.nodes(), created.accounts(), withPki, created.genesis());
  }

  private Map<String, Map<String, JsonValue>> freshAccounts(
      Map<String, Map<String, JsonValue>> state, Path dir, List<Account> accounts)
      throws IOException {
    Map<String, Address> replaced = new LinkedHashMap<>();
    Map<String, Map<String, JsonValue>> out = new LinkedHashMap<>();
    for (var model : state.entrySet()) {
      if (model.getKey().equals(NetworkConfig.VOTING_POWER_MODEL)) {
        out.put(model.getKey(), model.getValue());
        continue;
      }
      Map<String, JsonValue> entries = new TreeMap<>();
      for (var e : model.getValue().entrySet()) {
        String key = e.getKey();
        if (looksLikeAddress(key)) {
          Address fresh = replaced.get(key);
          if (fresh == null) {
            SigningKey k = SigningKey.generate(random);
            fresh = k.address();
            replaced.put(key, fresh);
            Path file = dir.resolve("account_" + accounts.size() + ".key");
            KeyFile.write(file, k);
            accounts.add(new Account(key, fresh, file));
          }
          key = fresh.value();
        }
        entries.put(key, e.getValue());
      }
      out.put(model.getKey(), entries);
    }
    return out;
  }

  private static boolean looksLikeAddress(String key) {
    return key.matches("1[1-9A-HJ-NP-Za-km-z]{25,34}");
  }

  static String properties(String name, String host, int port) {
    return """
        # JLedger node settings (MicroProfile Config; system properties and
        # environment variables override them). Paths are relative to this folder.
        jledger.node.name=%s
        jledger.node.key-file=%s
        jledger.node.genesis=%s
        jledger.http.host=%s
        jledger.http.port=%d
        # Embedded Derby in this folder by default; for PostgreSQL set
        # jledger.db.url=jdbc:postgresql://HOST:5432/DB, jledger.db.user, jledger.db.password
        jledger.db.path=db
        # HTTPS (see README, "HTTPS, client certificates and LDAP"); store passwords come from
        # JLEDGER_HTTPS_KEY_STORE_PASSWORD and JLEDGER_HTTPS_TRUST_STORE_PASSWORD
        #jledger.https.port=8443
        #jledger.https.key-store=tls/node.p12
        #jledger.https.key-alias=node
        #jledger.https.trust-store=tls/clients-ca.p12
        #jledger.https.client-auth=want
        #jledger.http.enabled=false
        # LDAP login (HTTP Basic); the bind password comes from JLEDGER_SECURITY_LDAP_BIND_PASSWORD
        #jledger.security.ldap.url=ldaps://ldap.example.com:636
        #jledger.security.ldap.bind-dn=cn=jledger,ou=services,dc=example,dc=com
        #jledger.security.ldap.caller-search-base=ou=people,dc=example,dc=com
        #jledger.security.ldap.group-search-base=ou=groups,dc=example,dc=com
        #jledger.security.ldap.groups=auditors:auditor,customers:customer
        #jledger.security.ldap.address-attribute=description
        """
        .formatted(name, KEY_FILE, GENESIS_FILE, host, port);
  }

  private static boolean isEmptyDir(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (var s = Files.list(p)) {
      return s.findAny().isEmpty();
    }
  }
}
