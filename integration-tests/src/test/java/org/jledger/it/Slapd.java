package org.jledger.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real OpenLDAP {@code slapd} (Debian's {@code /usr/sbin/slapd}, not its service) with a small
 * directory, in a folder of its own: a generated {@code slapd.conf}, the entries loaded with {@code
 * slapadd} before it starts, and a free port on 127.0.0.1. {@link #stop} and {@link #start} let a
 * test take the directory away and bring it back on the same port.
 */
final class Slapd implements AutoCloseable {

  static final String SUFFIX = "dc=jledger,dc=test";
  static final String ADMIN = "cn=admin," + SUFFIX;
  static final String ADMIN_PASSWORD = "admin-secret";

  private static final Duration READY = Duration.ofSeconds(30);

  private final Path folder;
  private final int port;
  private Process process;

  private Slapd(Path folder, int port) {
    this.folder = folder;
    this.port = port;
  }

  /**
   * Creates the directory in {@code folder} (deleted first) with the entries of {@code ldif}, which
   * may use {@code {SSHA}} hashes made by {@link #ssha}, and starts the server.
   */
  static Slapd start(Path folder, String ldif) throws IOException, InterruptedException {
    PayaraMicroNode.deleteRecursively(folder);
    Files.createDirectories(folder.resolve("data"));
    Path conf = folder.resolve("slapd.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "include /etc/ldap/schema/core.schema",
            "include /etc/ldap/schema/cosine.schema",
            "include /etc/ldap/schema/inetorgperson.schema",
            "pidfile " + folder.resolve("slapd.pid"),
            "modulepath /usr/lib/ldap",
            "moduleload back_mdb",
            "database mdb",
            "maxsize 16777216",
            "suffix \"" + SUFFIX + "\"",
            "rootdn \"" + ADMIN + "\"",
            "rootpw " + ssha(ADMIN_PASSWORD),
            "directory " + folder.resolve("data"),
            "access to attrs=userPassword by anonymous auth by * none",
            "access to * by users read by * none",
            ""),
        StandardCharsets.UTF_8);
    Path entries = folder.resolve("directory.ldif");
    Files.writeString(entries, ldif, StandardCharsets.UTF_8);
    run(List.of("/usr/sbin/slapadd", "-f", conf.toString(), "-l", entries.toString()), folder);
    Slapd slapd = new Slapd(folder, freePort());
    slapd.start();
    return slapd;
  }

  /** {@code ldap://127.0.0.1:PORT}. */
  String url() {
    return "ldap://127.0.0.1:" + port;
  }

  /** Starts the server (again) on its port and waits until it accepts connections. */
  void start() throws IOException {
    process =
        new ProcessBuilder(
                "/usr/sbin/slapd",
                "-d",
                "0",
                "-h",
                url() + "/",
                "-f",
                folder.resolve("slapd.conf").toString())
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("slapd.log").toFile()))
            .start();
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "slapd exited with " + process.exitValue() + "; see " + folder.resolve("slapd.log"));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }
    throw new IllegalStateException("slapd did not listen on " + url() + " within " + READY);
  }

  /** Stops the server; its data stays for {@link #start}. */
  void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** An OpenLDAP {@code {SSHA}} password hash: SHA-1 of password and salt, then the salt. */
  static String ssha(String password) {
    byte[] salt = new byte[8];
    new SecureRandom().nextBytes(salt);
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(password.getBytes(StandardCharsets.UTF_8));
      sha1.update(salt);
      byte[] digest = sha1.digest();
      byte[] both = new byte[digest.length + salt.length];
      System.arraycopy(digest, 0, both, 0, digest.length);
      System.arraycopy(salt, 0, both, digest.length, salt.length);
      return "{SSHA}" + Base64.getEncoder().encodeToString(both);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void run(List<String> command, Path folder)
      throws IOException, InterruptedException {
    Path log = folder.resolve("slapadd.log");
    Process p =
        new ProcessBuilder(command)
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", command) + " failed: " + Files.readString(log));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
