-- UPDATE of three columns of 1% of lineitem's rows (not the DELETE's) by a predicate on no partition column:
-- deletes within every file and new files of the new rows (on a fresh copy of lineitem each run)
UPDATE lineitem
SET l_discount = 0.06, l_shipmode = 'MAIL', l_comment = 'updated by the benchmark'
WHERE (l_orderkey + l_linenumber) % 100 = 1
