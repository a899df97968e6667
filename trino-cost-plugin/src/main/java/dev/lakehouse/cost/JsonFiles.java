package dev.lakehouse.cost;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Reads configuration files written as JSON, turning Jackson's failures into messages an admin can
 * act on: the line and column, the field's path in the document, and what is wrong.
 */
public final class JsonFiles
{
    private JsonFiles() {}

    /**
     * @throws IllegalArgumentException when the content is not valid JSON or does not map onto
     * {@code type}, with a message naming the place and the problem
     */
    public static <T> T parse(ObjectMapper mapper, byte[] content, Class<T> type)
    {
        try {
            T value = mapper.readValue(content, type);
            if (value == null) {
                throw new IllegalArgumentException("the file is empty");
            }
            return value;
        }
        catch (UnrecognizedPropertyException e) {
            // no line: for objects built through a constructor, Jackson reports the end of the object
            throw new IllegalArgumentException("unknown property '%s'%s".formatted(e.getPropertyName(), path(e.getPath())), e);
        }
        catch (JsonMappingException e) {
            // a constructor's validation failed, or a value has the wrong type
            Throwable cause = e.getCause();
            String problem = cause instanceof IllegalArgumentException || cause instanceof IllegalStateException ? cause.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException("%s%s%s".formatted(location(e), problem, path(e.getPath())), e);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("%s%s".formatted(location(e), e.getOriginalMessage()), e);
        }
        catch (IOException e) {
            // reading from a byte array does no I/O
            throw new UncheckedIOException(e);
        }
    }

    private static String location(JsonProcessingException e)
    {
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return "line %s, column %s: ".formatted(location.getLineNr(), location.getColumnNr());
    }

    private static String path(List<JsonMappingException.Reference> references)
    {
        if (references.isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "" : " (at " + path + ")";
    }
}
