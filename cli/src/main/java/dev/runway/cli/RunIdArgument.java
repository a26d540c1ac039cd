package dev.runway.cli;

import java.util.UUID;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a flow run id, with a message that shows what one looks like. */
final class RunIdArgument implements ITypeConverter<UUID> {

    @Override
    public UUID convert(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value
                    + "' is not a flow run id such as 0b5c9f2e-6f7e-4c51-9a3a-7d1c2b8e4f10 (runway runs ls shows them)");
        }
    }
}
