package io.floatchat.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirectoryTest {

    @TempDir
    Path root;

    @Test
    void twoLaunchersCannotShareOneDataDirectory() {
        try (DataDirectory first = DataDirectory.open(root)) {
            assertThatThrownBy(() -> DataDirectory.open(root))
                    .isInstanceOf(LaunchException.class)
                    .hasMessageContaining("Another FloatChat platform is already running");
        }
        DataDirectory.open(root).close();
    }

    @Test
    void aDataDirectoryIsKnownAsHeldHereOnlyWhileThisJvmHoldsIt(@TempDir Path other) {
        try (DataDirectory held = DataDirectory.open(root)) {
            assertThat(DataDirectory.heldHere(root.resolve("keys").resolve(".."))).isTrue();
            assertThat(DataDirectory.heldHere(other)).isFalse();
            assertThatThrownBy(() -> DataDirectory.open(root)).isInstanceOf(LaunchException.class);
            assertThat(DataDirectory.heldHere(root)).as("a refused second open leaves the first holder's").isTrue();
        }
        assertThat(DataDirectory.heldHere(root)).isFalse();
    }

    @Test
    void theGeneratedAdminTokenIsKeptAndOnlyItsOwnerCanReadIt() throws IOException {
        String token;
        try (DataDirectory directory = DataDirectory.open(root)) {
            token = directory.adminToken(null);
        }
        try (DataDirectory directory = DataDirectory.open(root)) {
            assertThat(directory.adminToken(null)).isEqualTo(token).startsWith("fcadm_").hasSizeGreaterThan(40);
            assertThat(directory.adminToken("configured")).isEqualTo("configured");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("admin-token"))))
                .isEqualTo("rw-------");
    }

    @Test
    void signingKeysAreGeneratedOnceAndReused() throws IOException {
        SigningKeys first = SigningKeys.loadOrGenerate(root);
        String publicKey = Files.readString(first.publicKeyPem());
        SigningKeys second = SigningKeys.loadOrGenerate(root);
        assertThat(Files.readString(second.publicKeyPem())).isEqualTo(publicKey).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(Files.readString(second.privateKeyPem())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsOneSentence() throws IOException {
        Path file = Files.writeString(root.resolve("not-a-directory"), "x");
        assertThatThrownBy(() -> DataDirectory.open(file.resolve("data")))
                .isInstanceOf(LaunchException.class)
                .hasMessage("Cannot write to the data directory " + file.resolve("data")
                        + ": set FLOATCHAT_DATA_DIR to a writable folder.");
    }
}
