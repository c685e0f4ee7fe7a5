package dev.pgdrill.workflows.emergency;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 signatures over exactly what an approver agreed to: this run of this restore, of this target, to
 * this backup, with the phrase, by this approver, at this time. A signature for one restore never approves
 * another (the restore id is per run). Pure computation (no I/O, no clock), so the Update validator can
 * verify in workflow code.
 */
public final class ApprovalSignatures {
    private static final String ALGORITHM = "Ed25519";

    private ApprovalSignatures() {}

    /** The bytes an approver signs: one field per line, after a version tag. */
    public static byte[] payload(ApprovalRequest request, String approver, String phrase, String signedAt) {
        return String.join(
                        "\n",
                        "pgdrill-approval-v1",
                        request.restoreId(),
                        request.targetProfile(),
                        request.backupId(),
                        ApproverNames.normalize(approver),
                        phrase,
                        signedAt)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Signs with a PKCS#8 Ed25519 private key (base64); returns the signature as base64. */
    public static String sign(String privateKeyBase64, byte[] payload) throws GeneralSecurityException {
        PrivateKey key = KeyFactory.getInstance(ALGORITHM)
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyBase64.strip())));
        Signature s = Signature.getInstance(ALGORITHM);
        s.initSign(key);
        s.update(payload);
        return Base64.getEncoder().encodeToString(s.sign());
    }

    /** Whether {@code signatureBase64} is a valid signature of payload by the X.509 Ed25519 public key. */
    public static boolean verify(String publicKeyBase64, byte[] payload, String signatureBase64) {
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64.strip())));
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(payload);
            return s.verify(Base64.getDecoder().decode(signatureBase64.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed key or signature verifies nothing
        }
    }

    /** Whether a public key (base64 X.509) is one Ed25519 can use: checked when the configuration loads. */
    public static boolean isPublicKey(String publicKeyBase64) {
        try {
            KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64.strip())));
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
