package dev.lakehouse.connector;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;

public class LakehouseModule
        implements Module
{
    @Override
    public void configure(Binder binder)
    {
        binder.bind(LakehouseConnector.class).in(Scopes.SINGLETON);
        binder.bind(LakehouseMetadata.class).in(Scopes.SINGLETON);
    }
}
