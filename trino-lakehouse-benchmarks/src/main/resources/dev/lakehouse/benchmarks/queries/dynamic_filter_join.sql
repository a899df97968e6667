-- selective join relying on dynamic filtering: the order dates of the first 100 order keys select
-- about 25 of the 2,500 daily partitions of the probe side, known only once the build side has run
SELECT o.o_orderkey, count(*) AS line_count, sum(l.l_extendedprice) AS base_price
FROM lineitem_daily l
JOIN orders o ON l.l_shipdate = o.o_orderdate
WHERE o.o_orderkey <= 100
GROUP BY o.o_orderkey
ORDER BY o.o_orderkey
