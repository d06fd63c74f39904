package io.floatchat.broadcast.service;

import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/** Channel secrets at rest: AES-256-GCM, a fresh 12-byte nonce per value, stored before the ciphertext. */
@ApplicationScoped
public class ChannelSecrets {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public ChannelSecrets(BroadcastConfig config) {
        this.key = config.channelSecretKey().map(ChannelSecrets::parseKey).orElse(null);
    }

    public byte[] encrypt(String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String decrypt(byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            return new String(cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a channel secret cannot be decrypted: was the key changed?", e);
        }
    }

    private SecretKeySpec requireKey() {
        if (key == null) {
            throw new ApiException(ErrorCode.UNAVAILABLE,
                    "Channel secrets cannot be stored: the operator has not set FLOATCHAT_BROADCAST_CHANNEL_SECRET_KEY.");
        }
        return key;
    }

    private static SecretKeySpec parseKey(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64.trim());
        if (bytes.length != 32) {
            throw new IllegalStateException("floatchat.broadcast.channel-secret-key must be 32 bytes, base64");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
