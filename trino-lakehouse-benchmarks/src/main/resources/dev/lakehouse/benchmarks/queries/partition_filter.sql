-- partition-filtered aggregate: one month of the daily-partitioned table, about 30 of its 2,500 partitions
SELECT l_returnflag, l_linestatus, count(*) AS line_count, sum(l_quantity) AS quantity, sum(l_extendedprice) AS base_price
FROM lineitem_daily
WHERE l_shipdate BETWEEN DATE '1995-06-01' AND DATE '1995-06-30'
GROUP BY l_returnflag, l_linestatus
ORDER BY l_returnflag, l_linestatus
