package org.jledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** What the two deployable archives hold: the application once, Payara's own APIs not again. */
class PackagingIT {

  private static final List<String> BUNDLED =
      List.of(
          "ledger-core-",
          "bcprov-jdk18on-",
          "snakeyaml-",
          "pcollections-",
          "derby-10.16.1.1",
          "derbytools-10.16.1.1",
          "derbyshared-10.16.1.1",
          "postgresql-42.7.");

  /** Payara provides these; a second copy in the application would shadow or clash with them. */
  private static final List<String> PROVIDED_BY_PAYARA =
      List.of(
          "jakarta.json-api",
          "jakarta.json.bind-api",
          "parsson",
          "yasson",
          "jakarta.jakartaee-api",
          "microprofile-");

  @Test
  void theWarForPayaraMicroHoldsTheWholeApplicationAndNoSecondJsonImplementation()
      throws IOException {
    try (ZipFile war = new ZipFile(archive("jledger.it.war").toFile())) {
      List<String> libs = names(war, "WEB-INF/lib/");

      assertThat(libs).anySatisfy(l -> assertThat(l).startsWith("ledger-ejb-"));
      BUNDLED.forEach(b -> assertThat(libs).anySatisfy(l -> assertThat(l).startsWith(b)));
      PROVIDED_BY_PAYARA.forEach(p -> assertThat(libs).noneSatisfy(l -> assertThat(l).contains(p)));
      assertThat(war.getEntry("WEB-INF/classes/org/jledger/api/LedgerApplication.class"))
          .isNotNull();
      assertThat(war.getEntry("WEB-INF/ejb-jar.xml")).as("the EJB descriptor").isNotNull();
      assertThat(war.getEntry("openapi-ui/index.html")).isNotNull();
    }
  }

  @Test
  void theEarForPayaraServerHasTheModulesAtTheRootContextAndTheLibrariesInLib() throws IOException {
    try (ZipFile ear = new ZipFile(archive("jledger.it.ear").toFile())) {
      List<String> libs = names(ear, "lib/");

      assertThat(ear.getEntry("ledger-ejb.jar")).isNotNull();
      assertThat(ear.getEntry("ledger-web.war")).isNotNull();
      BUNDLED.forEach(b -> assertThat(libs).anySatisfy(l -> assertThat(l).contains(b)));
      PROVIDED_BY_PAYARA.forEach(p -> assertThat(libs).noneSatisfy(l -> assertThat(l).contains(p)));
      String application =
          new String(
              ear.getInputStream(ear.getEntry("META-INF/application.xml")).readAllBytes(),
              StandardCharsets.UTF_8);
      assertThat(application)
          .contains("<web-uri>ledger-web.war</web-uri>")
          .contains("<context-root>/</context-root>")
          .contains("<library-directory>lib</library-directory>");
      try (ZipInputStream web =
          new ZipInputStream(ear.getInputStream(ear.getEntry("ledger-web.war")))) {
        for (ZipEntry e = web.getNextEntry(); e != null; e = web.getNextEntry()) {
          if (!e.isDirectory()) {
            assertThat(e.getName())
                .as("the web module relies on lib/")
                .doesNotStartWith("WEB-INF/lib/");
          }
        }
      }
    }
  }

  private static List<String> names(ZipFile archive, String folder) {
    return archive.stream()
        .map(ZipEntry::getName)
        .filter(n -> n.startsWith(folder) && !n.equals(folder))
        .map(n -> n.substring(folder.length()))
        .toList();
  }

  private static Path archive(String property) {
    return Paths.get(System.getProperty(property));
  }
}
