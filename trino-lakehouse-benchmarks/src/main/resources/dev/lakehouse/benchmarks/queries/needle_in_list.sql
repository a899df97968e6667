-- needle lookup of an IN list of 10 values on a high-cardinality column (order keys whose line items lie in about 40 of the daily partitions)
SELECT l_orderkey, l_linenumber, l_shipdate
FROM lineitem_daily
WHERE l_orderkey IN (1, 2, 3, 4, 5, 6, 7, 32, 33, 34)
