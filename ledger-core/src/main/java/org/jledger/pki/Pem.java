package org.jledger.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.jledger.InvalidInputException;

/**
 * PEM text of certificates, CRLs and private keys (RFC 7468), read and written with BouncyCastle's
 * PEM support so files made by OpenSSL or any CA tool work unchanged. Bad input is refused with an
 * {@link InvalidInputException} naming what was read.
 */
public final class Pem {

  private Pem() {}

  /** Every certificate in PEM text, in order (a chain: the end entity first). */
  public static List<X509Certificate> certificates(String pem, String where) {
    List<X509Certificate> out = new ArrayList<>();
    for (Object o : objects(pem, where)) {
      if (o instanceof X509CertificateHolder h) {
        try {
          out.add(new JcaX509CertificateConverter().setProvider(Pki.PROVIDER).getCertificate(h));
        } catch (CertificateException e) {
          throw malformed(where, e.getMessage());
        }
      }
    }
    if (out.isEmpty()) {
      throw malformed(where, "holds no PEM certificate");
    }
    return out;
  }

  /** Every CRL in PEM text. */
  public static List<X509CRL> crls(String pem, String where) {
    List<X509CRL> out = new ArrayList<>();
    for (Object o : objects(pem, where)) {
      if (o instanceof X509CRLHolder h) {
        try {
          out.add(new JcaX509CRLConverter().setProvider(Pki.PROVIDER).getCRL(h));
        } catch (CRLException e) {
          throw malformed(where, e.getMessage());
        }
      }
    }
    if (out.isEmpty()) {
      throw malformed(where, "holds no PEM CRL (X509 CRL)");
    }
    return out;
  }

  /** The private key in PEM text: PKCS#8 ({@code PRIVATE KEY}) or OpenSSL's EC/RSA key pair. */
  public static PrivateKey privateKey(String pem, String where) {
    for (Object o : objects(pem, where)) {
      try {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(Pki.PROVIDER);
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      } catch (IOException e) {
        throw malformed(where, e.getMessage());
      }
    }
    throw malformed(where, "holds no unencrypted PEM private key");
  }

  /** Reads a PEM file as text; a missing file is refused with its path. */
  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("missing_file", file + ": no such file");
    } catch (IOException e) {
      throw new InvalidInputException("unreadable_file", file + ": " + e.getMessage());
    }
  }

  /** PEM text of certificates, CRLs or keys, one after the other. */
  public static String write(Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        w.writeObject(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Writes a private key as PKCS#8 PEM to a new file, refusing to overwrite one; on POSIX file
   * systems the file is created owner-only and left readable by its owner only (mode 0400).
   */
  public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    if (Files.exists(file)) {
      throw new java.nio.file.FileAlreadyExistsException(
          file.toString(), null, "will not overwrite a key file");
    }
    byte[] content = write(key).getBytes(StandardCharsets.US_ASCII);
    if (Files.getFileStore(parent).supportsFileAttributeView("posix")) {
      Files.createFile(
          file,
          PosixFilePermissions.asFileAttribute(
              EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
      Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
      Files.setPosixFilePermissions(file, EnumSet.of(PosixFilePermission.OWNER_READ));
    } else {
      Files.write(file, content, StandardOpenOption.CREATE_NEW);
    }
  }

  private static List<Object> objects(String pem, String where) {
    List<Object> out = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        out.add(o);
      }
    } catch (IOException | RuntimeException e) {
      throw malformed(where, "is not valid PEM: " + e.getMessage());
    }
    return out;
  }

  private static InvalidInputException malformed(String where, String problem) {
    return new InvalidInputException("malformed_pem", where + " " + problem);
  }
}
