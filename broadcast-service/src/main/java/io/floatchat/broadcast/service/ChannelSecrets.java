package io.floatchat.broadcast.service;

import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Channel secrets at rest: AES-256-GCM, a fresh 12-byte nonce per value, stored before the
 * ciphertext. The bot and the field are the associated data, so a ciphertext moved to another
 * bot's row, or from one field to another, does not decrypt.
 */
@ApplicationScoped
public class ChannelSecrets {

    /** What a stored row's {@code secrets_version} says of its ciphertexts. */
    public static final int SEALED_WITHOUT_CONTEXT = 1;
    public static final int SEALED_TO_BOT_AND_FIELD = 2;

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Inject
    public ChannelSecrets(BroadcastConfig config) {
        this(config.channelSecretKey());
    }

    /** @param base64Key the AES-256 key, base64; absent: secrets can be neither stored nor read */
    public ChannelSecrets(Optional<String> base64Key) {
        this.key = base64Key.map(ChannelSecrets::parseKey).orElse(null);
    }

    public boolean hasKey() {
        return key != null;
    }

    /** Seals the secret to the bot and the field it is stored in. */
    public byte[] encrypt(String secret, String botKey, String field) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context(botKey, field));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Opens a secret sealed to this bot and field; anything else (moved, altered, another key) fails. */
    public String decrypt(byte[] stored, String botKey, String field) {
        return open(stored, context(botKey, field));
    }

    /** Opens a secret of the first version, sealed without context: only to seal it again. */
    public String decryptWithoutContext(byte[] stored) {
        return open(stored, null);
    }

    private String open(byte[] stored, byte[] context) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, requireKey(), new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            if (context != null) {
                cipher.updateAAD(context);
            }
            return new String(cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("a channel secret does not open: it was sealed for another bot or field, "
                    + "altered, or the key was changed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a channel secret cannot be decrypted", e);
        }
    }

    private static byte[] context(String botKey, String field) {
        return ("floatchat/channel_account/" + botKey + "/" + field).getBytes(StandardCharsets.UTF_8);
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
