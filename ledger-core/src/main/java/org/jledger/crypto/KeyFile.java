package org.jledger.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.jledger.InvalidInputException;

/** A key file: the 64-hex-character Ed25519 seed and a newline, readable by its owner only. */
public final class KeyFile {

  private static final Set<PosixFilePermission> OWNER_READ_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ);

  private KeyFile() {}

  /**
   * Writes a new key file, refusing to overwrite an existing one. On POSIX file systems the file is
   * created with mode 0400 so no other user can read it at any moment.
   */
  public static void write(Path file, SigningKey key) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    byte[] content = (key.seedHex() + "\n").getBytes(StandardCharsets.US_ASCII);
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString(), null, "will not overwrite a key file");
    }
    boolean posix = Files.getFileStore(parent).supportsFileAttributeView("posix");
    if (posix) {
      Files.createFile(
          file,
          PosixFilePermissions.asFileAttribute(
              EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
      Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
      Files.setPosixFilePermissions(file, OWNER_READ_ONLY);
    } else {
      Files.write(file, content, StandardOpenOption.CREATE_NEW);
    }
  }

  /** Reads a key file; a file that is not a 64-hex-character seed is refused with its path. */
  public static SigningKey read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    try {
      return SigningKey.fromHex(text);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          "invalid_key_file",
          file + ": not a key file (expected 64 hex characters of an Ed25519 seed)");
    }
  }

  /**
   * Reads a key file that only its owner may use, as {@code ssh} insists for private keys: on a
   * POSIX file system a key file that group or others may read, write or run is refused, with its
   * mode and how to fix it, and its key is not read at all. A node signs with this key, so a key
   * others could have copied must be replaced rather than used.
   */
  public static SigningKey readPrivate(Path file) throws IOException {
    if (isExposed(file)) {
      throw new InvalidInputException(
          "exposed_key_file",
          "key file "
              + file.toAbsolutePath()
              + " is accessible by other users (mode "
              + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
              + "); refusing to use it: run chmod 400 "
              + file.toAbsolutePath()
              + ", and make a new key if others may have read it");
    }
    return read(file);
  }

  /** Whether group or others have any permission on the file (POSIX only). */
  public static boolean isExposed(Path file) throws IOException {
    if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
      return false;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    return perms.stream().anyMatch(p -> !p.name().startsWith("OWNER_"));
  }
}
