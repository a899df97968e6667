-- needle lookup of an IN list of 10 values on a high-cardinality column (order keys spread over the whole key range at scale factor 1, so that min/max statistics rule out no daily partition)
SELECT l_orderkey, l_linenumber, l_shipdate
FROM lineitem_daily
WHERE l_orderkey IN (600005, 700006, 800007, 900000, 1000000, 1100001, 2000001, 3000002, 4000003, 5000004)
