package dev.pgdrill.workflows.testing;

import dev.pgdrill.workflows.activities.*;
import dev.pgdrill.workflows.emergency.Incident;
import dev.pgdrill.workflows.monitor.ChangeRequest;
import dev.pgdrill.workflows.monitor.FactsRequest;
import dev.pgdrill.workflows.monitor.MonitorFacts;
import dev.pgdrill.workflows.monitor.OpenAlert;
import dev.pgdrill.workflows.notify.Delivery;
import dev.pgdrill.workflows.notify.DeliveryOutcome;
import dev.pgdrill.workflows.verify.CheckResult;
import java.util.List;

/**
 * Every activity interface, each method refusing to run. Hand-written fakes extend this and override only
 * the calls their workflow makes, so a new activity method never breaks every fake at once.
 */
public abstract class UnusedActivities
        implements CatalogActivities,
                BackupSourceActivities,
                RestoreActivities,
                DatabaseActivities,
                VerificationActivities,
                MonitorActivities,
                NotificationActivities,
                PhysicalRestoreActivities {

    @Override
    public List<SourceBackup> listPhysicalSets(String profile) {
        throw new UnsupportedOperationException("listPhysicalSets is not part of this test");
    }

    @Override
    public List<CheckResult> verifyPhysicalSet(PhysicalRestoreRequest request) {
        throw new UnsupportedOperationException("verifyPhysicalSet is not part of this test");
    }

    @Override
    public ClusterOutcome restoreCluster(PhysicalRestoreRequest request) {
        throw new UnsupportedOperationException("restoreCluster is not part of this test");
    }

    @Override
    public List<CheckResult> verifyCluster(PhysicalRestoreRequest request) {
        throw new UnsupportedOperationException("verifyCluster is not part of this test");
    }

    @Override
    public SourceBackup backupStanza(PhysicalBackupRequest request) {
        throw new UnsupportedOperationException("backupStanza is not part of this test");
    }

    @Override
    public void dropCluster(PhysicalRestoreRequest request) {
        throw new UnsupportedOperationException("dropCluster is not part of this test");
    }

    @Override
    public String reserveBackup(ReserveBackupRequest request) {
        throw new UnsupportedOperationException("reserveBackup is not part of this test");
    }

    @Override
    public void completeBackup(BackupRef backup) {
        throw new UnsupportedOperationException("completeBackup is not part of this test");
    }

    @Override
    public void failBackup(FailBackupRequest request) {
        throw new UnsupportedOperationException("failBackup is not part of this test");
    }

    @Override
    public List<SourceBackup> listBackups(String profile) {
        throw new UnsupportedOperationException("listBackups is not part of this test");
    }

    @Override
    public List<BackupCandidate> listCandidates(CandidatesRequest request) {
        throw new UnsupportedOperationException("listCandidates is not part of this test");
    }

    @Override
    public void holdBackup(HoldRequest request) {
        throw new UnsupportedOperationException("holdBackup is not part of this test");
    }

    @Override
    public void releaseBackup(HoldRequest request) {
        throw new UnsupportedOperationException("releaseBackup is not part of this test");
    }

    @Override
    public String recordDrill(DrillRecord record) {
        throw new UnsupportedOperationException("recordDrill is not part of this test");
    }

    @Override
    public void audit(AuditEntry entry) {
        throw new UnsupportedOperationException("audit is not part of this test");
    }

    @Override
    public String recordIncident(Incident incident) {
        throw new UnsupportedOperationException("recordIncident is not part of this test");
    }

    @Override
    public CreatedBackup createBackup(CreateBackupRequest request) {
        throw new UnsupportedOperationException("createBackup is not part of this test");
    }

    @Override
    public void discardBackup(BackupRef backup) {
        throw new UnsupportedOperationException("discardBackup is not part of this test");
    }

    @Override
    public PruneResult prune(PruneRequest request) {
        throw new UnsupportedOperationException("prune is not part of this test");
    }

    @Override
    public CheckResult checkBackupFiles(BackupRef backup) {
        throw new UnsupportedOperationException("checkBackupFiles is not part of this test");
    }

    @Override
    public RestoreOutcome restoreBackup(RestoreBackupRequest request) {
        throw new UnsupportedOperationException("restoreBackup is not part of this test");
    }

    @Override
    public void createSandbox(SandboxRequest request) {
        throw new UnsupportedOperationException("createSandbox is not part of this test");
    }

    @Override
    public void dropSandbox(SandboxRequest request) {
        throw new UnsupportedOperationException("dropSandbox is not part of this test");
    }

    @Override
    public String copySandbox(CopyRequest request) {
        throw new UnsupportedOperationException("copySandbox is not part of this test");
    }

    @Override
    public List<CheckResult> verifyCopy(VerifyRequest request) {
        throw new UnsupportedOperationException("verifyCopy is not part of this test");
    }

    @Override
    public SwitchState switchProduction(SwitchRequest request) {
        throw new UnsupportedOperationException("switchProduction is not part of this test");
    }

    @Override
    public SwitchState switchBack(SwitchRequest request) {
        throw new UnsupportedOperationException("switchBack is not part of this test");
    }

    @Override
    public SwitchState commitSwitch(SwitchRequest request) {
        throw new UnsupportedOperationException("commitSwitch is not part of this test");
    }

    @Override
    public List<CheckResult> verifyProduction(ProductionCheckRequest request) {
        throw new UnsupportedOperationException("verifyProduction is not part of this test");
    }

    @Override
    public String databaseOf(String profile) {
        throw new UnsupportedOperationException("databaseOf is not part of this test");
    }

    @Override
    public List<CheckResult> verifyDatabase(VerifyRequest request) {
        throw new UnsupportedOperationException("verifyDatabase is not part of this test");
    }

    @Override
    public List<CheckResult> runAppChecks(VerifyRequest request) {
        throw new UnsupportedOperationException("runAppChecks is not part of this test");
    }

    @Override
    public MonitorFacts readFacts(FactsRequest request) {
        throw new UnsupportedOperationException("readFacts is not part of this test");
    }

    @Override
    public List<OpenAlert> openAlerts() {
        throw new UnsupportedOperationException("openAlerts is not part of this test");
    }

    @Override
    public long applyChange(ChangeRequest request) {
        throw new UnsupportedOperationException("applyChange is not part of this test");
    }

    @Override
    public DeliveryOutcome deliver(Delivery delivery) {
        throw new UnsupportedOperationException("deliver is not part of this test");
    }
}
