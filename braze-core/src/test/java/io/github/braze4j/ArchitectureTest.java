package io.github.braze4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The package rule of docs/ARCHITECTURE.md, checked on braze-core's compiled classes: each package
 * imports only the packages below it, and nothing imports upwards or in a circle.
 *
 * <pre>
 *   pipeline  →  io.github.braze4j (client)  →  internal  →  retry  →  error  →  model
 * </pre>
 */
class ArchitectureTest {
  private static final String ROOT = "io.github.braze4j";
  /** braze-core's main classes (target/classes), not its tests. */
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPath(mainClasses());

  private static Path mainClasses() {
    try {
      return Path.of(BrazeClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test void importsTheWholeModule() {
    assertThat(CORE.containPackage(ROOT + ".internal")).isTrue();
    assertThat(CORE.contain(io.github.braze4j.pipeline.BrazePipeline.class)).isTrue();
  }

  @Test void theModelImportsNoOtherBraze4jPackage() {
    noClasses().that().resideInAPackage(ROOT + ".model..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".error..", ROOT + ".retry..",
            ROOT + ".internal..", ROOT + ".pipeline..")
        .check(CORE);
  }

  @Test void errorsImportOnlyTheModel() {
    noClasses().that().resideInAPackage(ROOT + ".error..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".retry..", ROOT + ".internal..",
            ROOT + ".pipeline..")
        .check(CORE);
  }

  @Test void theRetryPackageImportsOnlyErrorsAndTheModel() {
    noClasses().that().resideInAPackage(ROOT + ".retry..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".internal..", ROOT + ".pipeline..")
        .check(CORE);
  }

  @Test void internalsImportNoClientOrPipelineClass() {
    noClasses().that().resideInAPackage(ROOT + ".internal..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".pipeline..")
        .check(CORE);
  }

  @Test void theClientDoesNotImportThePipeline() {
    noClasses().that().resideInAPackage(ROOT)
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".pipeline..")
        .check(CORE);
  }

  @Test void noPackageCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CORE);
  }
}
