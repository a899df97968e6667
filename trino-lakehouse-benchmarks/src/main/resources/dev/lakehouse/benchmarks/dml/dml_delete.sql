-- DELETE of 1% of lineitem's rows by a predicate on no partition column, matching rows in every data file:
-- deletes within every file (on a fresh copy of lineitem each run)
DELETE FROM lineitem
WHERE (l_orderkey + l_linenumber) % 100 = 0
