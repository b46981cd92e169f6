package org.jledger.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jledger.pki.CertificateAuthority;
import org.jledger.pki.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jledger new -n N [--host H]... [-o DIR] CONFIG.yaml}. */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description =
        "Create the folders of a new network from a Plug network config: DIR/node_0 .. node_N-1,"
            + " each with its signing key, node.properties and the shared genesis.")
final class NewCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-n", "--nodes"},
      description = "Number of nodes (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int nodes;

  @Option(
      names = "--host",
      description = "Host of each node, one per node (default: localhost for all).")
  List<String> hosts = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      description = "Folder to create (default: ${DEFAULT-VALUE}).",
      defaultValue = "nodes")
  Path output;

  @Option(
      names = "--fresh-accounts",
      description =
          "Replace every address in the config's initial state (except validators) by the"
              + " address of a new key, written to DIR/accounts/.")
  boolean freshAccounts;

  @Option(
      names = "--broker",
      description =
          "The Artemis broker URL the nodes talk through (required for more than one node;"
              + " default for several nodes: ${DEFAULT-VALUE}).",
      defaultValue = "tcp://localhost:61616")
  String broker;

  @Option(
      names = "--ca-cert",
      paramLabel = "PEM",
      description =
          "Certify each node's key with this CA (PEM certificate; with --ca-key): writes node.crt"
              + " and the genesis' pki section.")
  Path caCert;

  @Option(
      names = "--ca-key",
      paramLabel = "PEM",
      description = "The CA's private key (PEM: PKCS#8 or OpenSSL EC/RSA; EC, RSA or Ed25519).")
  Path caKey;

  @Option(
      names = "--trust-anchor",
      paramLabel = "PEM",
      description = "A CA certificate the nodes trust (repeatable; default: the --ca-cert).")
  List<Path> trustAnchors = new ArrayList<>();

  @Option(
      names = "--crl",
      paramLabel = "PEM",
      description = "A CRL the nodes check certificates against (repeatable).")
  List<Path> crls = new ArrayList<>();

  @Option(
      names = "--cert-validity",
      description = "How long the nodes' certificates are valid (default: ${DEFAULT-VALUE}).",
      defaultValue = "P365D")
  java.time.Duration certValidity;

  @Parameters(paramLabel = "CONFIG.yaml", description = "The network config (Plug YAML).")
  Path config;

  @Override
  public Integer call() throws Exception {
    if ((caCert == null) != (caKey == null)) {
      throw new CliException("give both --ca-cert and --ca-key, or neither");
    }
    if (certValidity.isNegative() || certValidity.isZero()) {
      throw new CliException("--cert-validity must be positive, got " + certValidity);
    }
    SecureRandom random = new SecureRandom();
    CertificateAuthority ca =
        caCert == null ? null : CertificateAuthority.load(caCert, caKey, random);
    // the trust anchors: given, else the config's, else the CA; the CRLs: the config's and given
    var pki = org.jledger.config.NetworkConfig.load(config).pki();
    List<Path> anchors = new ArrayList<>(trustAnchors);
    if (anchors.isEmpty()) {
      anchors.addAll(pki.trustAnchorFiles(config));
    }
    if (anchors.isEmpty() && caCert != null) {
      anchors.add(caCert);
    }
    List<Path> crlFiles = new ArrayList<>(pki.crlFiles(config));
    crls.stream().filter(c -> !crlFiles.contains(c)).forEach(crlFiles::add);
    if (anchors.isEmpty() && !crlFiles.isEmpty()) {
      throw new CliException(
          "--crl needs trust anchors: --ca-cert, --trust-anchor or a pki section");
    }
    // bad PKI files are refused before any folder is written
    for (Path p : anchors) {
      Pem.certificates(Pem.read(p), p.toString());
    }
    for (Path p : crlFiles) {
      Pem.crls(Pem.read(p), p.toString());
    }
    NetworkLayout layout = new NetworkLayout(random);
    var created =
        layout.create(config, nodes, hosts, output, freshAccounts, nodes > 1 ? broker : null);
    if (!anchors.isEmpty()) {
      created =
          layout.certify(
              created,
              new NetworkLayout.Certification(
                  ca, anchors, crlFiles, certValidity, java.time.Instant.now()));
    }
    var out = spec.commandLine().getOut();
    out.println("network " + created.genesisConfig().networkId());
    out.println("genesis state hash " + created.genesis().hash());
    if (created.genesisConfig().pki().isEnabled()) {
      out.println(
          "trust anchors "
              + created.genesisConfig().pki().trustAnchors()
              + ", CRLs "
              + created.genesisConfig().pki().crls()
              + (ca == null ? "; put each node's certificate (PEM) in its node.crt" : ""));
    }
    if (ca != null) {
      out.println(
          "certificates from "
              + ca.certificate().getSubjectX500Principal().getName()
              + ", valid for "
              + certValidity);
    }
    for (var node : created.nodes()) {
      out.printf(
          "%s  %s  validator %s  %s%n", node.name(), node.dir(), node.address(), node.apiUrl());
    }
    for (var account : created.accounts()) {
      out.printf(
          "account %s replaces %s, key %s%n",
          account.address(), account.replaced(), account.keyFile());
    }
    return 0;
  }
}
