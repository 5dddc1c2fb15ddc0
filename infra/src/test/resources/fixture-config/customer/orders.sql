SELECT customer_id AS id, count(*) AS orders_90d FROM orders GROUP BY customer_id
