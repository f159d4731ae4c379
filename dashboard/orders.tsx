/**
 * The order panel for support (issue 26): find an order by its number or its customer's email (exact
 * matches, GET /v1/admin/orders), see its parcels, lifecycle messages, survey answer and reviews, replace
 * its shopper link, and send the status link again through the store's tools. What a role may not do is
 * not offered; the server refuses it anyway.
 */
import { useState } from "preact/hooks";
import type { OrderMoment, OrderTokenRotated, StoredOrder } from "../contract/admin.ts";
import type { OrderFound, OrderSearchAnswer, StatusLinkResent } from "../contract/self-service.ts";
import { type Access, can } from "./access.ts";
import { type AdminError, adminCall, getOrder, getOrderMoments, sending } from "./api.ts";
import { dateTime, orderMoney } from "./format.ts";
import { Scroll } from "./scroll.tsx";

const orderPath = (id: string) => `/v1/admin/orders/${encodeURIComponent(id)}`;
export const searchOrders = (c: string, by: "number" | "email", value: string) =>
  adminCall<OrderSearchAnswer>(`/v1/admin/orders?${new URLSearchParams({ [by]: value })}`, c);
export const resendStatusLink = (c: string, id: string) => adminCall<StatusLinkResent>(`${orderPath(id)}/status-link`, c, sending("POST"));
export const rotateToken = (c: string, id: string) => adminCall<OrderTokenRotated>(`${orderPath(id)}/token`, c, sending("POST"));

/** What the resend did, as support reads it. */
export function resentInWords(r: StatusLinkResent): string {
  const again = r.repeated ? " (already asked a moment ago: sent once)" : "";
  if (r.status === "sent") return `Status link sent again by ${r.channel ?? "email"} through your tools${again}.`;
  const why: Record<string, string> = {
    opted_out: "the shopper chose not to get updates about this order",
    erased: "the customer's data was erased",
  };
  return `Not sent: ${why[r.reason ?? ""] ?? r.reason ?? "not allowed"}${again}.`;
}

export function OrdersScreen({ credential, access }: { credential: string; access: Access }) {
  const [by, setBy] = useState<"number" | "email">("number");
  const [found, setFound] = useState<OrderFound[]>();
  const [error, setError] = useState<string>();
  const [open, setOpen] = useState<{ order: StoredOrder; moments: OrderMoment[] }>();
  const [note, setNote] = useState<string>();
  const show = (id: string) =>
    Promise.all([
      getOrder(credential, id),
      getOrderMoments(credential, id).then(
        (a) => a.moments,
        (e: AdminError) => (e.status === 404 ? [] : Promise.reject(e)),
      ),
    ]).then(
      ([order, moments]) => (setOpen({ order, moments }), setError(undefined)),
      (e: AdminError) => setError(e.message),
    );
  return (
    <>
      <section aria-labelledby="find-order">
        <h2 id="find-order">Find an order</h2>
        <form
          class="settings"
          aria-labelledby="find-order"
          onSubmit={(ev) => {
            ev.preventDefault();
            const value = String(new FormData(ev.currentTarget).get("value") ?? "").trim();
            if (!value) return;
            setOpen(undefined);
            setNote(undefined);
            searchOrders(credential, by, value).then(
              (a) => (setFound(a.orders), setError(undefined), a.orders.length === 1 && void show(a.orders[0]!.id)),
              (e: AdminError) => (setFound(undefined), setError(e.message)),
            );
          }}
        >
          <fieldset>
            <legend>Find by</legend>
            <p class="field check">
              <input id="by-number" type="radio" name="by" checked={by === "number"} onChange={() => setBy("number")} />
              <label for="by-number">Order number</label>
            </p>
            <p class="field check">
              <input id="by-email" type="radio" name="by" checked={by === "email"} onChange={() => setBy("email")} />
              <label for="by-email">Customer email</label>
            </p>
          </fieldset>
          <p class="field">
            <label for="order-value">{by === "number" ? "Order number" : "Customer email"}</label>
            <span class="muted" id="order-value-hint">
              {by === "number" ? "as the shopper quotes it, e.g. #1071" : "the whole address; parts of it find nothing"}
            </span>
            {by === "email" ? (
              <input
                key="email"
                id="order-value"
                name="value"
                type="email"
                autocomplete="off"
                required
                aria-describedby="order-value-hint"
              />
            ) : (
              <input
                key="number"
                id="order-value"
                name="value"
                type="text"
                autocomplete="off"
                required
                aria-describedby="order-value-hint"
              />
            )}
          </p>
          <button type="submit">Find</button>
        </form>
        {error && (
          <p role="alert" class="problem">
            {error}
          </p>
        )}
        {found && found.length === 0 && <p role="status">No order matches exactly.</p>}
        {found && found.length > 1 && (
          <Scroll label="Orders found">
            <table>
              <caption>Orders found, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Placed</th>
                  <th scope="col">Total</th>
                  <th scope="col">Customer</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {found.map((o) => (
                  <tr key={o.id}>
                    <th scope="row">{o.number}</th>
                    <td>{dateTime(o.placedAt)}</td>
                    <td>{orderMoney(o.total, o.currency)}</td>
                    <td>{o.email ?? o.customerId}</td>
                    <td>
                      <button type="button" class="quiet" onClick={() => void show(o.id)}>
                        Open <span class="visually-hidden">order {o.number}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )}
      </section>
      {open && (
        <OrderPanel
          order={open.order}
          moments={open.moments}
          note={note}
          canAct={can(access, "orders:write")}
          onResend={() =>
            resendStatusLink(credential, open.order.id).then(
              (r) => (setNote(resentInWords(r)), void show(open.order.id)),
              (e: AdminError) => setError(e.message),
            )
          }
          onRotate={() =>
            confirm(`Replace the shopper link of order ${open.order.number}? The old link stops working at once.`) &&
            rotateToken(credential, open.order.id).then(
              (r) => (setNote(`New status link: ${r.statusUrl}. The old one no longer opens the order.`), void show(open.order.id)),
              (e: AdminError) => setError(e.message),
            )
          }
        />
      )}
    </>
  );
}

function OrderPanel({
  order,
  moments,
  note,
  canAct,
  onResend,
  onRotate,
}: {
  order: StoredOrder;
  moments: OrderMoment[];
  note?: string;
  canAct: boolean;
  onResend(): void;
  onRotate(): void;
}) {
  const { survey, reviews } = order.feedback;
  return (
    <section aria-labelledby="order-panel">
      <h2 id="order-panel">Order {order.number}</h2>
      <p>
        {orderMoney(order.total, order.currency)}
        {order.customer.email && <> · {order.customer.email}</>}
        {order.cancelledAt && " · cancelled"}
        {order.customer.erased && " · customer erased"}
      </p>
      <p role="status">{note}</p>
      {canAct && (
        <p class="actions">
          <button type="button" onClick={onResend}>
            Resend status link
          </button>{" "}
          <button type="button" class="quiet danger" onClick={onRotate}>
            Replace shopper link
          </button>
        </p>
      )}
      <h3>Parcels</h3>
      {order.shipments.length === 0 ? (
        <p>Not shipped yet.</p>
      ) : (
        <ul>
          {order.shipments.map((s) => (
            <li key={s.id}>
              {s.carrier} {s.trackingNumber}: {s.status.replace(/_/g, " ")}
              {s.delayed && " (delayed)"}
            </li>
          ))}
        </ul>
      )}
      <h3>Lifecycle messages</h3>
      {moments.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <Scroll label={`Lifecycle messages of order ${order.number}`}>
          <table>
            <caption>Lifecycle messages of order {order.number}</caption>
            <thead>
              <tr>
                <th scope="col">Moment</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {moments.map((m) => (
                <tr key={`${m.kind}|${m.ref}`}>
                  <th scope="row">{m.kind.replace(/_/g, " ")}</th>
                  <td>{dateTime(m.dueAt)}</td>
                  <td>{m.reason ? `${m.status}: ${m.reason.replace(/_/g, " ")}` : m.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      <h3>Survey</h3>
      {survey ? (
        <p>
          {survey.rating} ★{survey.comment && <> · “{survey.comment}”</>}
          {!survey.completedAt && <span class="muted"> (not finished)</span>}
        </p>
      ) : (
        <p>No answer.</p>
      )}
      <h3>Reviews</h3>
      {reviews.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {reviews.map((r) => (
            <li key={r.sku}>
              {r.sku}: {r.rating} ★{r.title && <> · {r.title}</>}
              {r.body && <> · “{r.body}”</>} <span class="muted">({r.status})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
