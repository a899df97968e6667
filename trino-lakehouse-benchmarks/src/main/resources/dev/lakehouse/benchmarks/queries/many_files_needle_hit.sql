-- needle lookup over a table of 100,000 small data files (one row of one file matches), where min/max
-- statistics rule out few files: planning and split enumeration dominate
SELECT file_number, row_number
FROM needle_files
WHERE event_id = from_big_endian_64(xxhash64(to_big_endian_64(BIGINT '123457')))
