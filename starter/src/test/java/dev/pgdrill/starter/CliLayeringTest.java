package dev.pgdrill.starter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What the Maven Enforcer cannot see: the CLI's own code never touches JDBC or the I/O layer. */
@AnalyzeClasses(packages = "dev.pgdrill.starter", importOptions = ImportOption.DoNotIncludeTests.class)
class CliLayeringTest {
    @ArchTest
    static final ArchRule cliReadsThroughCoreNotJdbc = noClasses()
            .that()
            .resideInAPackage("dev.pgdrill.starter..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..", "dev.pgdrill.activities..")
            .because("the CLI reads the catalog and databases through core, which owns every SQL statement");
}
