package org.jledger.cli;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jledger.crypto.KeyFile;
import org.jledger.crypto.SigningKey;
import org.jledger.pki.CertificateAuthority;
import org.jledger.pki.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jledger ca new | issue | revoke}: a small CA for trials and tests, and the two operations
 * an operator of an existing CA may also do with JLedger: certify one validator's key (e.g. one
 * added later) and revoke certificates with a new CRL. A consortium with its own CA tooling needs
 * none of this: its CA issues the certificates (see the README).
 */
@Command(
    name = "ca",
    description = "A certificate authority for validators' keys.",
    subcommands = {CaCommand.New.class, CaCommand.Issue.class, CaCommand.Revoke.class})
final class CaCommand {

  static final Duration CRL_VALIDITY = Duration.ofDays(30);

  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description =
          "Make a self-signed CA (EC P-256): DIR/ca.pem, DIR/ca-key.pem (owner-read-only) and an"
              + " empty CRL DIR/ca.crl.")
  static final class New implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-o", "--output"},
        description = "Folder to write to (default: ${DEFAULT-VALUE}).",
        defaultValue = "ca")
    Path output;

    @Option(
        names = "--name",
        description = "The CA's common name (default: ${DEFAULT-VALUE}).",
        defaultValue = "JLedger consortium CA")
    String name;

    @Option(
        names = "--validity",
        description = "How long the CA is valid (default: ${DEFAULT-VALUE}).",
        defaultValue = "P3650D")
    Duration validity;

    @Override
    public Integer call() throws Exception {
      Path cert = output.resolve("ca.pem");
      Path key = output.resolve("ca-key.pem");
      Path crl = output.resolve("ca.crl");
      for (Path p : List.of(cert, key, crl)) {
        if (Files.exists(p)) {
          throw new CliException(p + " already exists; choose another -o");
        }
      }
      Instant now = Instant.now();
      CertificateAuthority ca =
          CertificateAuthority.create(name, now, now.plus(validity), new SecureRandom());
      Files.createDirectories(output);
      Pem.writePrivateKey(key, ca.privateKey());
      Files.writeString(cert, Pem.write(ca.certificate()), StandardCharsets.US_ASCII);
      Files.writeString(
          crl,
          Pem.write(ca.crl(List.of(), now, now.plus(CRL_VALIDITY))),
          StandardCharsets.US_ASCII);
      var out = spec.commandLine().getOut();
      out.println("CA certificate: " + cert);
      out.println("CA key:         " + key + " (keep it offline)");
      out.println("CRL:            " + crl);
      return 0;
    }
  }

  @Command(
      name = "issue",
      mixinStandardHelpOptions = true,
      description = "Certify one validator's key (its node.key) and write the PEM certificate.")
  static final class Issue implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--ca-cert", required = true, paramLabel = "PEM")
    Path caCert;

    @Option(names = "--ca-key", required = true, paramLabel = "PEM")
    Path caKey;

    @Option(names = "--key", required = true, description = "The validator's key file.")
    Path keyFile;

    @Option(names = "--name", required = true, description = "The node's name (the subject CN).")
    String name;

    @Option(
        names = "--validity",
        description = "How long the certificate is valid (default: ${DEFAULT-VALUE}).",
        defaultValue = "P365D")
    Duration validity;

    @Option(names = "--not-before", description = "Start of validity, ISO-8601 (default: now).")
    Instant notBefore;

    @Option(
        names = {"-o", "--output"},
        description = "Certificate file (default: ${DEFAULT-VALUE}); never overwritten.",
        defaultValue = "node.crt")
    Path output;

    @Override
    public Integer call() throws Exception {
      if (Files.exists(output)) {
        throw new CliException(output + " already exists");
      }
      CertificateAuthority ca = CertificateAuthority.load(caCert, caKey, new SecureRandom());
      SigningKey key = KeyFile.read(keyFile);
      Instant from = notBefore == null ? Instant.now() : notBefore;
      X509Certificate cert = ca.issueValidator(name, key.verifyingKey(), from, from.plus(validity));
      X509Certificate caCertificate = ca.certificate();
      boolean root =
          caCertificate.getSubjectX500Principal().equals(caCertificate.getIssuerX500Principal());
      Files.writeString(
          output,
          root ? Pem.write(cert) : Pem.write(cert, caCertificate),
          StandardCharsets.US_ASCII);
      spec.commandLine()
          .getOut()
          .println(
              output
                  + ": serial "
                  + cert.getSerialNumber()
                  + " for "
                  + key.address()
                  + " until "
                  + cert.getNotAfter().toInstant());
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description =
          "Write a new CRL that also revokes the given certificates. Copy it over every node's"
              + " CRL file: running nodes read it again when it changes.")
  static final class Revoke implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--ca-cert", required = true, paramLabel = "PEM")
    Path caCert;

    @Option(names = "--ca-key", required = true, paramLabel = "PEM")
    Path caKey;

    @Option(
        names = "--crl",
        required = true,
        description = "The CRL file: its entries are kept and it is replaced.")
    Path crl;

    @Option(
        names = "--validity",
        description = "Until when the new CRL is current (default: ${DEFAULT-VALUE}).",
        defaultValue = "P30D")
    Duration validity;

    @Parameters(paramLabel = "CERT.pem", arity = "1..*", description = "Certificates to revoke.")
    List<Path> certificates;

    @Override
    public Integer call() throws Exception {
      CertificateAuthority ca = CertificateAuthority.load(caCert, caKey, new SecureRandom());
      List<BigInteger> serials = new ArrayList<>();
      if (Files.exists(crl)) {
        for (X509CRL existing : Pem.crls(Pem.read(crl), crl.toString())) {
          if (existing.getRevokedCertificates() != null) {
            for (X509CRLEntry e : existing.getRevokedCertificates()) {
              serials.add(e.getSerialNumber());
            }
          }
        }
      }
      for (Path p : certificates) {
        X509Certificate cert = Pem.certificates(Pem.read(p), p.toString()).get(0);
        if (!cert.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())) {
          throw new CliException(p + " was not issued by " + caCert);
        }
        if (!serials.contains(cert.getSerialNumber())) {
          serials.add(cert.getSerialNumber());
        }
      }
      Instant now = Instant.now();
      String pem = Pem.write(ca.crl(serials, now, now.plus(validity)));
      Path tmp = crl.resolveSibling(crl.getFileName() + ".new");
      Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
      Files.move(
          tmp,
          crl,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      spec.commandLine().getOut().println(crl + ": " + serials.size() + " revoked");
      return 0;
    }
  }
}
