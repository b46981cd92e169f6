package org.jledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeProcessTest {

  @TempDir Path node;

  @Test
  void withoutASecretsDirectoryPayaraGetsNoPostBootCommands() throws Exception {
    assertThat(NodeProcess.secretsArguments(node)).isEmpty();
    assertThat(node.resolve(NodeProcess.POST_BOOT_FILE)).doesNotExist();
  }

  @Test
  void aPrivateSecretsDirectoryBecomesAConfigSource() throws Exception {
    assumeTrue(Files.getFileStore(node).supportsFileAttributeView("posix"), "POSIX permissions");
    Path secrets =
        Files.createDirectory(
            node.resolve("secrets"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

    Path commands = node.resolve(NodeProcess.POST_BOOT_FILE).toAbsolutePath();
    assertThat(NodeProcess.secretsArguments(node))
        .containsExactly("--postbootcommandfile", commands.toString());
    assertThat(Files.readString(commands))
        .isEqualTo("set-config-dir --directory=" + secrets.toAbsolutePath() + "\n");
  }

  @Test
  void aSecretsDirectoryOthersCanReadIsRefused() throws Exception {
    assumeTrue(Files.getFileStore(node).supportsFileAttributeView("posix"), "POSIX permissions");
    Path secrets =
        Files.createDirectory(
            node.resolve("secrets"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));

    assertThatThrownBy(() -> NodeProcess.secretsArguments(node))
        .isInstanceOf(CliException.class)
        .hasMessageContaining(secrets.toAbsolutePath().toString())
        .hasMessageContaining("mode rwxr-x---")
        .hasMessageContaining("chmod 700");
    assertThat(node.resolve(NodeProcess.POST_BOOT_FILE)).doesNotExist();
  }
}
