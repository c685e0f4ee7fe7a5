package dev.pgdrill.activities;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Packages depend one way: a cycle means two responsibilities have grown into each other. */
@AnalyzeClasses(
        packages = {"dev.pgdrill.activities", "dev.pgdrill.core"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {
    @ArchTest
    static final ArchRule activityPackagesAreFreeOfCycles =
            slices().matching("dev.pgdrill.activities.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule corePackagesAreFreeOfCycles =
            slices().matching("dev.pgdrill.core.(*)..").should().beFreeOfCycles();
}
