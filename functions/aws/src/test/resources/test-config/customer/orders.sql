SELECT customer_id AS id,
       count_if(ordered_at > current_timestamp - INTERVAL '90' DAY) AS orders_90d,
       max(ordered_at) AS last_order_at
FROM orders
GROUP BY customer_id
