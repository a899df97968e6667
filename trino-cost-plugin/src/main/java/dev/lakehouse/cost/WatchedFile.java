package dev.lakehouse.cost;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.airlift.log.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A configuration file that is parsed when the component starts and again whenever its content
 * changes. The file is read in full at each check (configuration files are small), so a change is
 * seen even when the modification time does not move.
 *
 * <p>A version that cannot be read or parsed never replaces a valid one: the problem is logged with
 * the file's name, reported by {@link #lastError()}, and the last valid version stays in force.
 * At start there is no valid version yet, so a bad file fails the start.
 */
public final class WatchedFile<T>
{
    private static final Logger log = Logger.get(WatchedFile.class);

    private final String description;
    private final Path path;
    private final Function<byte[], T> parser;

    @GuardedBy("this")
    private byte[] content;
    @GuardedBy("this")
    private byte[] rejectedContent;
    private volatile T current;
    private volatile Optional<String> lastError = Optional.empty();

    /**
     * Reads and parses the file.
     *
     * @param description what the file is, as messages name it ("resource group file")
     * @param parser turns the file's bytes into the value; throws {@link IllegalArgumentException}
     * with a message saying what is wrong (line, field, value) when the content is invalid
     * @throws IllegalArgumentException when the file cannot be read or is invalid, with a message
     * that names the file and the problem
     */
    public WatchedFile(String description, Path path, Function<byte[], T> parser)
    {
        this.description = requireNonNull(description, "description is null");
        this.path = requireNonNull(path, "path is null");
        this.parser = requireNonNull(parser, "parser is null");
        byte[] bytes = read();
        this.current = parse(bytes);
        synchronized (this) {
            this.content = bytes;
        }
    }

    public Path path()
    {
        return path;
    }

    /**
     * The last valid version.
     */
    public T current()
    {
        return current;
    }

    /**
     * Why the file's present content is not in force, if it is not.
     */
    public Optional<String> lastError()
    {
        return lastError;
    }

    /**
     * Reads the file and installs its content when it changed and is valid.
     *
     * @return true when a new version is now in force
     */
    public synchronized boolean reload()
    {
        byte[] bytes;
        try {
            bytes = read();
        }
        catch (IllegalArgumentException e) {
            reject(null, e.getMessage());
            return false;
        }
        if (Arrays.equals(bytes, content)) {
            if (lastError.isPresent()) {
                log.info("The %s %s is unchanged from the version in force again", description, path);
                lastError = Optional.empty();
                rejectedContent = null;
            }
            return false;
        }
        if (Arrays.equals(bytes, rejectedContent)) {
            // already reported
            return false;
        }
        T parsed;
        try {
            parsed = parse(bytes);
        }
        catch (IllegalArgumentException e) {
            reject(bytes, e.getMessage());
            return false;
        }
        current = parsed;
        content = bytes;
        rejectedContent = null;
        lastError = Optional.empty();
        log.info("Loaded the changed %s %s", description, path);
        return true;
    }

    @GuardedBy("this")
    private void reject(byte[] bytes, String message)
    {
        if (bytes == null && lastError.equals(Optional.of(message))) {
            return;
        }
        rejectedContent = bytes;
        lastError = Optional.of(message);
        log.error("%s; the last valid version stays in force", message);
    }

    private byte[] read()
    {
        try {
            return Files.readAllBytes(path);
        }
        catch (NoSuchFileException e) {
            throw new IllegalArgumentException("The %s %s does not exist".formatted(description, path), e);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the %s %s: %s".formatted(description, path, e), e);
        }
    }

    private T parse(byte[] bytes)
    {
        try {
            return parser.apply(bytes);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid %s %s: %s".formatted(description, path, e.getMessage()), e);
        }
    }
}
