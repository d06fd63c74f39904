package io.floatchat.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The RS256 key pair with which the gateway signs and the services verify the short-lived JWT:
 * generated on first start, kept in {@code keys/}, reused after.
 */
record SigningKeys(Path privateKeyPem, Path publicKeyPem) {

    static SigningKeys loadOrGenerate(Path directory) {
        SigningKeys keys = new SigningKeys(directory.resolve("jwt-private.pem"), directory.resolve("jwt-public.pem"));
        if (Files.exists(keys.privateKeyPem) && Files.exists(keys.publicKeyPem)) {
            return keys;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            DataDirectory.writeSecret(keys.privateKeyPem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(keys.publicKeyPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return keys;
        } catch (IOException e) {
            throw new LaunchException("Cannot write the signing keys to " + directory
                    + ": set FLOATCHAT_DATA_DIR to a writable folder.", e);
        } catch (NoSuchAlgorithmException e) {
            throw new LaunchException("This JDK cannot generate RSA keys.", e);
        }
    }

    /** The AES-256 key that encrypts channel secrets (WhatsApp tokens) at rest: generated once, kept. */
    static String channelSecretKey(Path directory) {
        Path file = directory.resolve("channel-secret.key");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            DataDirectory.writeSecret(file, encoded);
            return encoded;
        } catch (IOException e) {
            throw new LaunchException("Cannot write " + file + ": set FLOATCHAT_DATA_DIR to a writable folder.", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
