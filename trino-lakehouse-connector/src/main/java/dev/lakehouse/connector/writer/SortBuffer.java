package dev.lakehouse.connector.writer;

import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import io.trino.spi.PageSorter;
import io.trino.spi.block.Block;
import io.trino.spi.connector.SortOrder;
import io.trino.spi.type.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Rows of one partition of a sorted table, buffered in memory until they are written, sorted, as one data file.
 */
final class SortBuffer
{
    private final PageSorter pageSorter;
    private final List<Type> types;
    private final List<Integer> sortChannels;
    private final List<SortOrder> sortOrders;
    private final List<Page> pages = new ArrayList<>();
    private long retainedBytes;
    private int positions;

    SortBuffer(PageSorter pageSorter, List<Type> types, List<Integer> sortChannels, List<SortOrder> sortOrders)
    {
        this.pageSorter = requireNonNull(pageSorter, "pageSorter is null");
        this.types = requireNonNull(types, "types is null");
        this.sortChannels = requireNonNull(sortChannels, "sortChannels is null");
        this.sortOrders = requireNonNull(sortOrders, "sortOrders is null");
    }

    void add(Page page)
    {
        // compact: a page may be a small selection of a large one
        page.compact();
        pages.add(page);
        retainedBytes += page.getRetainedSizeInBytes();
        positions += page.getPositionCount();
    }

    boolean isEmpty()
    {
        return pages.isEmpty();
    }

    long retainedBytes()
    {
        return retainedBytes;
    }

    /**
     * Sends the buffered rows, sorted, to the consumer page by page, and empties the buffer.
     */
    void drainSorted(Consumer<Page> consumer)
    {
        long[] addresses = pageSorter.sort(types, pages, sortChannels, sortOrders, positions);
        PageBuilder builder = new PageBuilder(types);
        for (long address : addresses) {
            Page page = pages.get(pageSorter.decodePageIndex(address));
            int position = pageSorter.decodePositionIndex(address);
            builder.declarePosition();
            for (int channel = 0; channel < types.size(); channel++) {
                Block block = page.getBlock(channel);
                types.get(channel).appendTo(block, position, builder.getBlockBuilder(channel));
            }
            if (builder.isFull()) {
                consumer.accept(builder.build());
                builder.reset();
            }
        }
        if (!builder.isEmpty()) {
            consumer.accept(builder.build());
        }
        pages.clear();
        retainedBytes = 0;
        positions = 0;
    }
}
