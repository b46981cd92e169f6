package org.jledger.network.jms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed broker certificate for {@code localhost} in a PKCS#12 key store, and a trust store
 * holding it, made with the JDK's {@code keytool}; and self-signed client certificates for
 * certificate login. Every key is made by the test run, none is kept in the repository.
 */
record TestCertificates(Path brokerKeyStore, Path trustStore) {

  static TestCertificates create(Path dir, String password)
      throws IOException, InterruptedException {
    return create(dir, password, "dns:localhost,ip:127.0.0.1");
  }

  /** As {@link #create(Path, String)}, for the host names {@code san} (keytool's SAN syntax). */
  static TestCertificates create(Path dir, String password, String san)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path keyStore = dir.resolve("broker.p12");
    Path cert = dir.resolve("broker.crt");
    Path trust = dir.resolve("trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=" + san,
        "-validity",
        "2",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        password);
    keytool(
        "-exportcert",
        "-alias",
        "broker",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        password,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        cert.toString(),
        "-keystore",
        trust.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        password);
    return new TestCertificates(keyStore, trust);
  }

  /**
   * A client key store holding a new self-signed certificate with subject {@code dname}, and that
   * certificate in a file for a broker's trust store.
   */
  static Client client(Path dir, String name, String dname, String password)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path keyStore = dir.resolve(name + ".p12");
    Path cert = dir.resolve(name + ".crt");
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        dname,
        "-validity",
        "2",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        password);
    keytool(
        "-exportcert",
        "-alias",
        name,
        "-keystore",
        keyStore.toString(),
        "-storepass",
        password,
        "-file",
        cert.toString());
    return new Client(keyStore, cert);
  }

  /** A client's key store and its certificate. */
  record Client(Path keyStore, Path certificate) {}

  /** A PKCS#12 trust store holding the given certificates. */
  static Path trustStore(Path file, String password, Path... certificates)
      throws IOException, InterruptedException {
    for (int i = 0; i < certificates.length; i++) {
      keytool(
          "-importcert",
          "-noprompt",
          "-alias",
          "cert" + i,
          "-file",
          certificates[i].toString(),
          "-keystore",
          file.toString(),
          "-storetype",
          "PKCS12",
          "-storepass",
          password);
    }
    return file;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + out);
    }
  }
}
