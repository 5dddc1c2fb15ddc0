-- Every type, each null on its own residue of n (the number in the customer id), values derived from n only:
-- tests compute the same values in Python and compare exactly.
SELECT id,
       CASE WHEN n % 7 = 0 THEN NULL ELSE CAST(n % 1000 - 500 AS INTEGER) END                          AS an_int,
       CASE WHEN n % 7 = 1 THEN NULL ELSE n * 1000000007 END                                          AS a_bigint,
       CASE WHEN n % 7 = 2 THEN NULL ELSE CAST(n AS REAL) / 4 END                                     AS a_float,
       CASE WHEN n % 7 = 3 THEN NULL ELSE CAST(n AS DOUBLE) / 3 END                                   AS a_double,
       CASE WHEN n % 7 = 4 THEN NULL ELSE CAST(n * 12.34 AS DECIMAL(12,2)) END                                     AS a_decimal,
       CASE WHEN n % 7 = 5 THEN NULL
            ELSE CAST('1234567890123456789.0123456789' AS DECIMAL(38,10)) + CAST(n AS DECIMAL(38,10)) END AS a_wide_decimal,
       CASE WHEN n % 7 = 6 THEN NULL ELSE DATE '2020-01-01' + CAST(n AS INTEGER) END                  AS a_date,
       CASE WHEN n % 5 = 0 THEN NULL ELSE TIMESTAMP '2024-01-01 00:00:00' + to_microseconds(n * 1000001) END AS a_timestamp,
       CASE WHEN n % 11 = 0 THEN NULL ELSE n % 2 = 0 END                                              AS a_boolean,
       CASE WHEN n % 13 = 0 THEN NULL WHEN n % 13 = 1 THEN '' ELSE 'v' || n || ' ü''"' END             AS a_string
FROM (SELECT id, CAST(substr(id, 2) AS BIGINT) AS n FROM customers)
