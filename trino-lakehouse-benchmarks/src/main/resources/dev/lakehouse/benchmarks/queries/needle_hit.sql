-- needle lookup on a high-cardinality column, for a value that is there (the comment of the first line item)
SELECT l_orderkey, l_linenumber, l_shipdate
FROM lineitem_daily
WHERE l_comment = ${needle}
