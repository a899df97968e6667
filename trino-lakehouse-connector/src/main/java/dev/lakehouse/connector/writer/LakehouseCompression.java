package dev.lakehouse.connector.writer;

import org.apache.parquet.format.CompressionCodec;

/**
 * Compression codecs for Parquet data files, with the names Iceberg records in {@code write.parquet.compression-codec}.
 */
public enum LakehouseCompression
{
    NONE(CompressionCodec.UNCOMPRESSED, "uncompressed"),
    SNAPPY(CompressionCodec.SNAPPY, "snappy"),
    GZIP(CompressionCodec.GZIP, "gzip"),
    LZ4(CompressionCodec.LZ4_RAW, "lz4"),
    ZSTD(CompressionCodec.ZSTD, "zstd"),
    /**/;

    private final CompressionCodec parquetCodec;
    private final String icebergName;

    LakehouseCompression(CompressionCodec parquetCodec, String icebergName)
    {
        this.parquetCodec = parquetCodec;
        this.icebergName = icebergName;
    }

    public CompressionCodec parquetCodec()
    {
        return parquetCodec;
    }

    public String icebergName()
    {
        return icebergName;
    }
}
