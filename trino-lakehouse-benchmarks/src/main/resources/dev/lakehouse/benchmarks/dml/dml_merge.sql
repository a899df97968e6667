-- MERGE of lineitem_changes, 1% of lineitem's rows by key: half update rows (not the DELETE's or UPDATE's),
-- half are new orders, inserted (on a fresh copy of lineitem each run)
MERGE INTO lineitem AS target
USING ${benchmark_schema}.lineitem_changes AS changes
ON target.l_orderkey = changes.l_orderkey AND target.l_linenumber = changes.l_linenumber
WHEN MATCHED THEN UPDATE SET
    l_partkey = changes.l_partkey,
    l_suppkey = changes.l_suppkey,
    l_quantity = changes.l_quantity,
    l_extendedprice = changes.l_extendedprice,
    l_discount = changes.l_discount,
    l_tax = changes.l_tax,
    l_returnflag = changes.l_returnflag,
    l_linestatus = changes.l_linestatus,
    l_shipdate = changes.l_shipdate,
    l_commitdate = changes.l_commitdate,
    l_receiptdate = changes.l_receiptdate,
    l_shipinstruct = changes.l_shipinstruct,
    l_shipmode = changes.l_shipmode,
    l_comment = changes.l_comment
WHEN NOT MATCHED THEN INSERT VALUES (
    changes.l_orderkey, changes.l_partkey, changes.l_suppkey, changes.l_linenumber, changes.l_quantity, changes.l_extendedprice,
    changes.l_discount, changes.l_tax, changes.l_returnflag, changes.l_linestatus, changes.l_shipdate, changes.l_commitdate,
    changes.l_receiptdate, changes.l_shipinstruct, changes.l_shipmode, changes.l_comment)
