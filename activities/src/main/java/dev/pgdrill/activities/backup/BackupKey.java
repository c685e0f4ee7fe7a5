package dev.pgdrill.activities.backup;

import dev.pgdrill.core.catalog.Manifest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit key of one backup, derived from repository.encryptionKey with PBKDF2-HMAC-SHA256 and a
 * per-backup salt (so a passphrase works as well as a random key); it is the key material of the backup's
 * {@link FileCipher}. A key-check HMAC stored in the manifest tells a wrong key at once, with a clear
 * error, before any file is touched.
 */
public final class BackupKey {
    public static final String KDF = "PBKDF2WithHmacSHA256";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about a quarter second, once per backup. */
    public static final int ITERATIONS = 600_000;

    private static final byte[] CHECK_LABEL = "pgdrill key check v1".getBytes(StandardCharsets.US_ASCII);

    private BackupKey() {}

    /** A new salt and the encryption record for a backup being created. */
    public static Manifest.Encryption newEncryption(String passphrase) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String saltB64 = Base64.getEncoder().encodeToString(salt);
        SecretKey key = derive(passphrase, saltB64, ITERATIONS);
        return new Manifest.Encryption(
                "aes-256-gcm-hkdf", KDF, ITERATIONS, saltB64, keyCheck(key), Manifest.Encryption.TINK_STREAMING);
    }

    /** The key for an existing backup; a wrong passphrase is a {@link WrongKeyException}. */
    public static SecretKey unlock(String passphrase, Manifest.Encryption e) throws WrongKeyException {
        SecretKey key = derive(passphrase, e.salt(), e.iterations());
        if (!MessageDigest.isEqual(
                keyCheck(key).getBytes(StandardCharsets.US_ASCII), e.keyCheck().getBytes(StandardCharsets.US_ASCII))) {
            throw new WrongKeyException();
        }
        return key;
    }

    public static SecretKey derive(String passphrase, String saltB64, int iterations) {
        try {
            byte[] salt = Base64.getDecoder().decode(saltB64);
            PBEKeySpec spec = new PBEKeySpec(passphrase.toCharArray(), salt, iterations, 256);
            byte[] raw = SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded();
            spec.clearPassword();
            return new SecretKeySpec(raw, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 unavailable: " + e.getMessage(), e);
        }
    }

    private static String keyCheck(SecretKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(CHECK_LABEL));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable: " + e.getMessage(), e);
        }
    }

    /** repository.encryptionKey does not open this backup. */
    public static final class WrongKeyException extends Exception {
        private static final long serialVersionUID = 1L;

        public WrongKeyException() {
            super("the encryption key does not match this backup (repository.encryptionKey was changed or is wrong)");
        }
    }
}
