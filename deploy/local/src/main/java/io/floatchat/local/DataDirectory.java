package io.floatchat.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local platform's state on disk: {@code postgres/}, {@code kafka/}, {@code keys/},
 * {@code logs/}, the admin token. Held under a lock so that two launchers never share it.
 */
final class DataDirectory implements AutoCloseable {

    /** Data directories this JVM holds the lock of. */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static DataDirectory open(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.resolve("logs"));
            Files.createDirectories(absolute.resolve("keys"));
        } catch (IOException | SecurityException e) {
            throw notWritable(absolute);
        }
        if (!Files.isWritable(absolute)) {
            throw notWritable(absolute);
        }
        try {
            FileChannel channel = FileChannel.open(absolute.resolve("floatchat.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new LaunchException("Another FloatChat platform is already running on data directory "
                        + absolute + ": stop it first or set FLOATCHAT_DATA_DIR to another folder.");
            }
            HELD_HERE.add(absolute);
            return new DataDirectory(absolute, channel, lock);
        } catch (IOException e) {
            throw notWritable(absolute);
        }
    }

    /** Whether this JVM holds {@code root}: what runs on it was started here (and is this JVM's to stop). */
    static boolean heldHere(Path root) {
        return HELD_HERE.contains(root.toAbsolutePath().normalize());
    }

    Path root() {
        return root;
    }

    Path postgres() {
        return root.resolve("postgres");
    }

    Path kafka() {
        return root.resolve("kafka");
    }

    Path keys() {
        return root.resolve("keys");
    }

    Path log(String name) {
        return root.resolve("logs").resolve(name + ".log");
    }

    /** The configured token, or the one generated on first start and kept here. */
    String adminToken(String configured) {
        if (configured != null) {
            return configured;
        }
        Path file = root.resolve("admin-token");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = "fcadm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            writeSecret(file, token);
            return token;
        } catch (IOException e) {
            throw notWritable(root);
        }
    }

    /** Writes a file only its owner can read. */
    static void writeSecret(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, content);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static LaunchException notWritable(Path root) {
        return new LaunchException("Cannot write to the data directory " + root
                + ": set FLOATCHAT_DATA_DIR to a writable folder.");
    }

    @Override
    public void close() {
        HELD_HERE.remove(root);
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the lock dies with the process anyway
        }
    }
}
