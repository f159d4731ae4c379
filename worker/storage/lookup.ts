/**
 * The active token of the order with this number (its id, or a platform's number such as "#1071",
 * typed with or without the "#") whose customer has this email, or null. One indexed
 * query whether or not the order exists, so the database's own timing differs as little as it can.
 */
export async function findOrderToken(db: D1Database, storeId: string, orderNumber: string, email: string): Promise<string | null> {
  const row = await db
    .prepare(
      `SELECT t.token FROM orders o
       JOIN customers c ON c.store_id = o.store_id AND c.id = o.customer_id
       JOIN order_tokens t ON t.store_id = o.store_id AND t.order_id = o.id AND t.revoked_at IS NULL
       WHERE o.store_id = ? AND (o.id = ? OR o.number IN (?, '#' || ?)) AND lower(c.email) = lower(?)`,
    )
    .bind(storeId, orderNumber, orderNumber, orderNumber, email)
    .first<{ token: string }>();
  return row?.token ?? null;
}

/** The email or phone on file for an order's customer. */
export async function customerContact(db: D1Database, storeId: string, customerId: string, channel: "email" | "sms") {
  const row = await db
    .prepare(`SELECT email, phone FROM customers WHERE store_id = ? AND id = ?`)
    .bind(storeId, customerId)
    .first<{ email: string | null; phone: string | null }>();
  return (channel === "email" ? row?.email : row?.phone) ?? undefined;
}
