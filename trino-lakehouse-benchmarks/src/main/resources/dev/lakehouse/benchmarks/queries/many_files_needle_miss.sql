-- needle lookup over a table of 100,000 small data files for a value no row has
SELECT file_number, row_number
FROM needle_files
WHERE event_id = from_big_endian_64(xxhash64(to_big_endian_64(BIGINT '-1')))
