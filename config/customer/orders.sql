-- Order behaviour per customer. The 90-day window ends at the latest order in the sources (not at the
-- wall clock), so the same sources always give the same features.
WITH ref AS (
    SELECT max(ordered_at) AS until FROM orders
),
per_customer AS (
    SELECT o.customer_id                                                            AS id,
           count(*) FILTER (WHERE o.ordered_at > ref.until - INTERVAL 90 DAY)       AS orders_90d,
           coalesce(sum(o.amount) FILTER (WHERE o.ordered_at > ref.until - INTERVAL 90 DAY
                                              AND NOT o.returned), 0)               AS revenue_90d,
           max(o.ordered_at)                                                        AS last_order_at,
           count(*)                                                                 AS orders_total
    FROM orders o, ref
    GROUP BY o.customer_id
),
favourite AS (
    SELECT customer_id, category,
           row_number() OVER (PARTITION BY customer_id ORDER BY count(*) DESC, category) AS rank
    FROM orders
    GROUP BY customer_id, category
)
SELECT p.id, p.orders_90d, p.revenue_90d, p.last_order_at, f.category AS favourite_category, p.orders_total
FROM per_customer p
LEFT JOIN favourite f ON f.customer_id = p.id AND f.rank = 1
