-- A template: the benchmark (scripts/bench-get) replaces ${ROWS} (10,000,000 for the recorded figure).
SELECT printf('c%09d', i)                                                   AS id,
       CAST(18 + hash(i, 1) % 70 AS INTEGER)                                AS age,
       (['female', 'male', 'diverse'])[1 + CAST(hash(i, 2) % 3 AS INTEGER)] AS gender,
       (hash(i, 3) % 2000000) / 1000.0                                      AS distance,
       (hash(i, 4) % 1000000) / 1e6                                         AS score,
       CAST(hash(i, 5) % 200 AS BIGINT)                                     AS orders,
       CAST((hash(i, 6) % 10000000) / 100.0 AS DECIMAL(12,2))               AS revenue,
       TIMESTAMP '2025-01-01' + to_seconds(CAST(hash(i, 7) % 31536000 AS BIGINT)) AS last_order_at,
       'city_' || (hash(i, 8) % 5000)                                       AS city,
       hash(i, 9) % 2 = 0                                                   AS opt_in,
       DATE '1940-01-01' + CAST(hash(i, 10) % 25000 AS INTEGER)             AS born
FROM range(${ROWS}) t(i)
