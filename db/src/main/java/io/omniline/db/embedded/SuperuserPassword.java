package io.omniline.db.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The embedded cluster's superuser password: generated once, kept in the data directory
 * readable by its owner only (0600), like the cluster's own files. Whoever can read it can
 * read the database files anyway; everyone else on the machine now needs it to connect.
 */
final class SuperuserPassword {

    static final String FILE = "omniline-password";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SuperuserPassword() {}

    static String generate() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    static boolean isKept(Path dataDirectory) {
        return Files.exists(dataDirectory.resolve(FILE));
    }

    /** The kept password; a file others could read is closed to them first. */
    static String read(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE);
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (password.isEmpty()) {
                throw new IllegalStateException(
                        file + " is empty; restore the superuser password or start from a new data " + "directory");
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded PostgreSQL's password from " + file, e);
        }
    }

    /** Keeps the password in the data directory, replacing what was there. */
    static void keep(Path dataDirectory, String password) {
        write(dataDirectory.resolve(FILE), password);
    }

    /** A file of its own for initdb's --pwfile, outside the data directory (initdb wants that empty). */
    static Path forInitdb(String password) {
        try {
            Path file = Files.createTempFile("omniline-initdb", ".pw", ownerOnly());
            Files.writeString(file, password + "\n", StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a password file for initdb", e);
        }
    }

    private static void write(Path file, String password) {
        try {
            Path partial = file.resolveSibling(file.getFileName() + ".new");
            Files.deleteIfExists(partial);
            Files.createFile(partial, ownerOnly());
            Files.writeString(
                    partial, password + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    }
}
