-- needle lookup on a high-cardinality column, for a value between the smallest and largest comments that no row has
SELECT l_orderkey, l_linenumber, l_shipdate
FROM lineitem_daily
WHERE l_comment = 'lakehouse benchmark needle that matches no row'
