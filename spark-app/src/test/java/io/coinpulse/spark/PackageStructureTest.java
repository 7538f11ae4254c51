package io.coinpulse.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The packages of the job's compiled classes (tests excluded) depend on each other without a loop. */
class PackageStructureTest {

    private static final JavaClasses JOB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.coinpulse.spark");

    @Test
    void noPackageImportsAnotherInALoop() {
        slices().matching("io.coinpulse.spark.(*)..").should().beFreeOfCycles().check(JOB);
    }

    @Test
    void theAnalyticsArithmeticIsFreeOfSpark() {
        noClasses().that().resideInAPackage("io.coinpulse.spark.analytics..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
                .check(JOB);
    }

    @Test
    void transformationsWriteNowhere() {
        noClasses().that().resideInAPackage("io.coinpulse.spark.transform..")
                .should().dependOnClassesThat().resideInAnyPackage("io.coinpulse.spark.sink..", "io.coinpulse.spark.jdbc..",
                        "io.coinpulse.spark.kafka..", "io.coinpulse.spark.monitor..", "java.sql..", "org.apache.kafka..")
                .check(JOB);
    }
}
