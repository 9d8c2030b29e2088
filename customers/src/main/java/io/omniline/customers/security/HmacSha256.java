package io.omniline.customers.security;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 with one key: what visitor tokens and webhook signatures are made of. */
public final class HmacSha256 {

    private final SecretKeySpec key;

    public HmacSha256(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** The MAC over the parts, one after the other. */
    public byte[] sign(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Compares in constant time, so a forger learns nothing from how long a refusal takes. */
    public static boolean same(byte[] expected, byte[] given) {
        return MessageDigest.isEqual(expected, given);
    }
}
