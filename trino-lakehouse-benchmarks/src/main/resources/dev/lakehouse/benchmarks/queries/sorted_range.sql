-- range filter on a sorted column: orders_sorted is written sorted by o_custkey, and the range holds 1% of the customers
SELECT count(*) AS order_count, sum(o_totalprice) AS total_price, min(o_orderdate) AS first_order, max(o_orderdate) AS last_order
FROM orders_sorted
WHERE o_custkey BETWEEN ${customer_range_low} AND ${customer_range_high}
