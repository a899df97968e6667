package dev.lakehouse.access;

import io.trino.spi.security.SystemAccessControlFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class TestAccessControlPlugin
{
    @Test
    void testRegistersSystemAccessControl()
    {
        assertThat(new AccessControlPlugin().getSystemAccessControlFactories())
                .singleElement()
                .extracting(SystemAccessControlFactory::getName)
                .isEqualTo("lakehouse");
    }
}
