package dev.pgdrill.activities.backup;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets AES-GCM and SHA-256 compiled to their AES-NI, CLMUL and SHA instructions before the first backup or
 * restore needs them. The JVM uses those only in compiled code, and compiles a method after enough calls:
 * Tink's 1 MiB segments are one call each, so a fresh worker encrypted its first half gigabyte or so in the
 * interpreter, at 50-100 MB/s instead of 1 GB/s and more. A few thousand small calls on a background thread
 * at start (about half a second of one core) get the same code compiled at once.
 */
public final class CryptoWarmUp {
    private static final int CALLS = 20_000;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private CryptoWarmUp() {}

    /** Once per JVM, on a daemon thread of low priority; returns at once. */
    public static void startInBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(CryptoWarmUp::run, "pgdrill-crypto-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    static void run() {
        try {
            byte[] plain = new byte[4096];
            byte[] sealed = new byte[plain.length + 16];
            byte[] nonce = new byte[12];
            SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < CALLS; i++) {
                nonce[0] = (byte) i;
                nonce[1] = (byte) (i >> 8);
                nonce[2] = (byte) (i >> 16);
                gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                gcm.doFinal(plain, 0, plain.length, sealed, 0);
                gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                gcm.doFinal(sealed, 0, sealed.length, plain, 0);
                sha.update(plain);
            }
        } catch (GeneralSecurityException e) {
            // nothing to warm up: whatever fails here fails again, with its own message, where it is used
        }
    }
}
