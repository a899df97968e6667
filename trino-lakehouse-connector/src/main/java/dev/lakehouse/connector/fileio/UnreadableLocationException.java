package dev.lakehouse.connector.fileio;

import org.apache.iceberg.exceptions.NotFoundException;

/**
 * A location no file system of the catalog can open (a scheme none is configured for, or not a location
 * at all). Iceberg retries reading table metadata for a minute and a half on most failures, but not on a
 * missing file: this is one, since no retry can make the location readable.
 */
public final class UnreadableLocationException
        extends NotFoundException
{
    public UnreadableLocationException(String location, IllegalArgumentException cause)
    {
        super(cause, "No file system of this catalog reads location '%s': %s", location, cause.getMessage());
    }
}
