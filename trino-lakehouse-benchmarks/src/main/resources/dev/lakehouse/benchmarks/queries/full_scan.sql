-- full-scan aggregate over every data file of the daily-partitioned table
SELECT
    l_shipmode,
    count(*) AS line_count,
    sum(l_quantity) AS quantity,
    sum(l_extendedprice * (1 - l_discount)) AS revenue,
    avg(l_tax) AS average_tax,
    min(l_commitdate) AS first_commit,
    max(l_receiptdate) AS last_receipt,
    max(l_comment) AS last_comment
FROM lineitem_daily
GROUP BY l_shipmode
ORDER BY l_shipmode
