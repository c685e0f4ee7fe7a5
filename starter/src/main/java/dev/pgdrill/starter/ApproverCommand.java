package dev.pgdrill.starter;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pgdrill approver keygen}: an approver's Ed25519 key pair. The private key stays on the approver's
 * machine (0600); the public key goes into the configuration's {@code approval.keys}.
 */
@Command(
        name = "approver",
        description = "Approver identity: signing keys for production restore approvals.",
        subcommands = ApproverCommand.Keygen.class)
final class ApproverCommand {

    @Command(
            name = "keygen",
            description = {
                "Make an Ed25519 key pair: the private key is written (mode 0600) for `pgdrill restore approve --key`,",
                "the public key is printed for approval.keys in pgdrill.yaml."
            })
    static final class Keygen implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Option(names = "--name", required = true, paramLabel = "APPROVER", description = "The approver it is for.")
        String name;

        @Option(
                names = "--out",
                paramLabel = "FILE",
                description = "Where the private key goes "
                        + "(default: ~/.config/pgdrill/approver-<name>.key; never overwritten).")
        Path out;

        /** The JSON answer: where the private key is and the line to add to the configuration. */
        record Generated(String approver, String privateKeyFile, String publicKey) {}

        @Override
        public Integer call() {
            Path file = out != null
                    ? out
                    : Path.of(System.getProperty("user.home"), ".config", "pgdrill", "approver-" + name + ".key");
            KeyPair pair;
            try {
                pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new CliFailure(ExitCodes.INFRASTRUCTURE, "this Java has no Ed25519: " + e.getMessage());
            }
            write(file, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            String publicKey =
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
            cli.emit(new Generated(name, file.toString(), publicKey), o -> {
                o.println("private key written to " + file + " (keep it on this machine; mode 0600)");
                o.println("add to pgdrill.yaml:");
                o.println("  approval: { keys: { " + name + ": \"" + publicKey + "\" } }");
            });
            return ExitCodes.OK;
        }

        /** Created with 0600 from the start, never overwritten: a lost key is replaced on purpose, not by accident. */
        private static void write(Path file, String key) {
            try {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, key + "\n");
            } catch (FileAlreadyExistsException e) {
                throw new CliFailure(ExitCodes.USAGE, file + " exists: give another --out, or remove it on purpose");
            } catch (IOException e) {
                throw new CliFailure(ExitCodes.INFRASTRUCTURE, "unable to write " + file + ": " + e.getMessage());
            }
        }
    }

    private ApproverCommand() {}
}
