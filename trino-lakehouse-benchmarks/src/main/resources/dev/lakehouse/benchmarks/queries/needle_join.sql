-- selective join whose dynamic filter reaches the bloom index: the order keys of one customer, known only
-- once the build side has run, looked up among the line items of every daily partition
SELECT l.l_orderkey, l.l_linenumber, l.l_extendedprice
FROM lineitem_daily l
JOIN orders o ON l.l_orderkey = o.o_orderkey
WHERE o.o_custkey = 1
