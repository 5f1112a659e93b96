package io.github.braze4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

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
