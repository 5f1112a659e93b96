package io.github.braze4j.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cross-module half of docs/ARCHITECTURE.md's package rule, on the main classes of every
 * module this suite depends on (braze-core, personas-mapper, the stand-in, the CLI and the Kafka
 * sync): a module uses another's exported packages only, never its {@code internal} ones;
 * personas-mapper uses braze-core's model only, except its {@code sync} package, which wires the
 * mapper and the gate to the pipeline and which nothing else in personas-mapper depends on.
 * (braze-core's own rule is its ArchitectureTest.)
 */
class ModuleBoundariesTest {
  private static final String ROOT = "io.github.braze4j";
  private static final JavaClasses ALL = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  @Test void everyModuleIsImported() {
    assertThat(ALL.containPackage(ROOT + ".internal")).isTrue();
    assertThat(ALL.containPackage(ROOT + ".personas")).isTrue();
    assertThat(ALL.containPackage(ROOT + ".personas.sync")).isTrue();
    assertThat(ALL.containPackage(ROOT + ".standin")).isTrue();
    assertThat(ALL.containPackage(ROOT + ".examples.cli")).isTrue();
    assertThat(ALL.containPackage(ROOT + ".examples.kafka")).isTrue();
  }

  @Test void onlyBrazeCoreUsesItsInternals() {
    noClasses().that().resideOutsideOfPackages(ROOT, ROOT + ".internal..", ROOT + ".model..", ROOT + ".error..",
            ROOT + ".retry..", ROOT + ".pipeline..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + ".internal..")
        .check(ALL);
  }

  /** The mapper ({@code personas}), the stand-in and the Kafka sync: each module's internals are its own. */
  @ParameterizedTest
  @ValueSource(strings = {"personas", "standin", "examples.kafka"})
  void onlyTheModuleUsesItsInternals(String module) {
    noClasses().that().resideOutsideOfPackage(ROOT + "." + module + "..")
        .should().dependOnClassesThat().resideInAPackage(ROOT + "." + module + ".internal..")
        .check(ALL);
  }

  /** Outside its {@code sync} package personas-mapper uses braze-core's model only, and not {@code sync} either. */
  @Test void personasMapperUsesOnlyBrazeCoresModelOutsideItsSyncPackage() {
    noClasses().that().resideInAPackage(ROOT + ".personas..")
        .and().resideOutsideOfPackage(ROOT + ".personas.sync..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".internal..", ROOT + ".error..",
            ROOT + ".retry..", ROOT + ".pipeline..", ROOT + ".personas.sync..")
        .check(ALL);
  }

  /** The mapper and the gate stay free of network and threads: only {@code personas.sync} knows the pipeline. */
  @Test void theMapperAndTheGateUseNoNetworkAndStartNoThreads() {
    noClasses().that().resideInAPackage(ROOT + ".personas..")
        .and().resideOutsideOfPackage(ROOT + ".personas.sync..")
        .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "java.net..")
        .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
        .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.Executor.class)
        .check(ALL);
  }

  @Test void personasSyncUsesTheModelThePipelineAndErrorsOnly() {
    noClasses().that().resideInAPackage(ROOT + ".personas.sync..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT, ROOT + ".internal..", ROOT + ".retry..",
            ROOT + ".personas.internal..", ROOT + ".personas.state..")
        .check(ALL);
  }
}
