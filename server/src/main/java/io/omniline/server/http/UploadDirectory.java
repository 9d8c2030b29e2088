package io.omniline.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private temporary directory where upload routes receive request bodies that are too large to
 * hold in memory (a prompt recording). Each file is deleted once its call is answered; the
 * directory, with anything a crash left in it, goes when the node stops.
 */
public final class UploadDirectory implements AutoCloseable {

    private final Path path;

    private UploadDirectory(Path path) {
        this.path = path;
    }

    /** A new directory under the JVM's temporary directory, readable by this user only. */
    public static UploadDirectory create() throws IOException {
        return new UploadDirectory(Files.createTempDirectory("omniline-uploads-"));
    }

    public Path path() {
        return path;
    }

    /** The files in it now: an upload being received, or one a failure left behind. */
    public List<Path> files() {
        try (Stream<Path> files = Files.list(path)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path each : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        }
    }
}
