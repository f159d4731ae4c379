/**
 * The order panel for support (issue 26): find an order by its number or its customer's email (exact
 * matches, GET /v1/admin/orders), see its parcels, lifecycle messages, survey answer and reviews, replace
 * its shopper link, and send the status link again through the store's tools. What a role may not do is
 * not offered; the server refuses it anyway.
 */
import { useState } from "preact/hooks";
import type { OrderMoment, OrderTokenRotated, StoredOrder } from "../contract/admin.ts";
import type { OrderFound, OrderSearchAnswer, StatusLinkResent } from "../contract/self-service.ts";
import type { ReviewStatus, UpdateChannel } from "../contract/vocabularies.ts";
import { type Access, can } from "./access.ts";
import { type AdminError, adminCall, getOrder, getOrderMoments, sending } from "./api.ts";
import { dateTime, orderMoney } from "./format.ts";
import { Scroll } from "./scroll.tsx";
import { momentInWords, momentOutcomeInWords, momentReasonInWords, shipmentStatusInWords } from "./vocabulary.ts";
import { valueWords, wordsOf } from "./words.ts";
import { ordersWords } from "./words/orders.ts";

const say = wordsOf(ordersWords);

/** The channel the shopper chose for updates about their order, as the status link goes out by it. */
export const channelInWords = valueWords(ordersWords, {
  email: "channelEmail",
  sms: "channelSms",
  none: "channelNone",
} satisfies Record<UpdateChannel, keyof typeof ordersWords>);

/** Where a review stands: published, waiting for moderation, or rejected. */
export const reviewStatusInWords = valueWords(ordersWords, {
  published: "reviewPublished",
  pending: "reviewPending",
  rejected: "reviewRejected",
} satisfies Record<ReviewStatus, keyof typeof ordersWords>);

const orderPath = (id: string) => `/v1/admin/orders/${encodeURIComponent(id)}`;
export const searchOrders = (c: string, by: "number" | "email", value: string) =>
  adminCall<OrderSearchAnswer>(`/v1/admin/orders?${new URLSearchParams({ [by]: value })}`, c);
export const resendStatusLink = (c: string, id: string) => adminCall<StatusLinkResent>(`${orderPath(id)}/status-link`, c, sending("POST"));
export const rotateToken = (c: string, id: string) => adminCall<OrderTokenRotated>(`${orderPath(id)}/token`, c, sending("POST"));

/** Why a status link was not sent again: the two reasons support meets in words of their own, any other as the moments word it. */
function notResentBecause(reason: string | null): string {
  if (!reason) return say("notSentNotAllowed");
  if (reason === "opted_out") return say("notSentOptedOut");
  if (reason === "erased") return say("notSentErased");
  return momentReasonInWords(reason);
}

/** What the resend did, as support reads it (by email when the shopper chose no other channel). */
export function resentInWords(r: StatusLinkResent): string {
  const again = r.repeated ? say("alreadyAsked") : "";
  if (r.status === "sent") return say("resent", { channel: channelInWords(r.channel ?? "email"), again });
  return say("notSent", { why: notResentBecause(r.reason), again });
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
        <h2 id="find-order">{say("findOrder")}</h2>
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
            <legend>{say("findBy")}</legend>
            <p class="field check">
              <input id="by-number" type="radio" name="by" checked={by === "number"} onChange={() => setBy("number")} />
              <label for="by-number">{say("orderNumber")}</label>
            </p>
            <p class="field check">
              <input id="by-email" type="radio" name="by" checked={by === "email"} onChange={() => setBy("email")} />
              <label for="by-email">{say("customerEmail")}</label>
            </p>
          </fieldset>
          <p class="field">
            <label for="order-value">{by === "number" ? say("orderNumber") : say("customerEmail")}</label>
            <span class="muted" id="order-value-hint">
              {by === "number" ? say("orderNumberHint") : say("customerEmailHint")}
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
          <button type="submit">{say("find")}</button>
        </form>
        {error && (
          <p role="alert" class="problem">
            {error}
          </p>
        )}
        {found && found.length === 0 && <p role="status">{say("noMatch")}</p>}
        {found && found.length > 1 && (
          <Scroll label={say("ordersFound")}>
            <table>
              <caption>{say("ordersFoundCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{say("order")}</th>
                  <th scope="col">{say("placed")}</th>
                  <th scope="col">{say("total")}</th>
                  <th scope="col">{say("customer")}</th>
                  <th scope="col">
                    <span class="visually-hidden">{say("actions")}</span>
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
                        {say("open")} <span class="visually-hidden">{say("openWhich", { number: o.number })}</span>
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
            confirm(say("confirmReplace", { number: open.order.number })) &&
            rotateToken(credential, open.order.id).then(
              (r) => (setNote(say("replaced", { url: r.statusUrl })), void show(open.order.id)),
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
      <h2 id="order-panel">{say("panelHeading", { number: order.number })}</h2>
      <p>
        {orderMoney(order.total, order.currency)}
        {order.customer.email && <> · {order.customer.email}</>}
        {order.cancelledAt && say("cancelled")}
        {order.customer.erased && say("customerErased")}
      </p>
      <p role="status">{note}</p>
      {canAct && (
        <p class="actions">
          <button type="button" onClick={onResend}>
            {say("resend")}
          </button>{" "}
          <button type="button" class="quiet danger" onClick={onRotate}>
            {say("replace")}
          </button>
        </p>
      )}
      <h3>{say("parcels")}</h3>
      {order.shipments.length === 0 ? (
        <p>{say("notShipped")}</p>
      ) : (
        <ul>
          {order.shipments.map((s) => (
            <li key={s.id}>
              {s.carrier} {s.trackingNumber}: {shipmentStatusInWords(s.status)}
              {s.delayed && say("delayed")}
            </li>
          ))}
        </ul>
      )}
      <h3>{say("lifecycleMessages")}</h3>
      {moments.length === 0 ? (
        <p>{say("noneYet")}</p>
      ) : (
        <Scroll label={say("lifecycleMessagesOf", { number: order.number })}>
          <table>
            <caption>{say("lifecycleMessagesOf", { number: order.number })}</caption>
            <thead>
              <tr>
                <th scope="col">{say("moment")}</th>
                <th scope="col">{say("due")}</th>
                <th scope="col">{say("status")}</th>
              </tr>
            </thead>
            <tbody>
              {moments.map((m) => (
                <tr key={`${m.kind}|${m.ref}`}>
                  <th scope="row">{momentInWords(m.kind)}</th>
                  <td>{dateTime(m.dueAt)}</td>
                  <td>{momentOutcomeInWords(m)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      <h3>{say("survey")}</h3>
      {survey ? (
        <p>
          {survey.rating} ★{survey.comment && <> · “{survey.comment}”</>}
          {!survey.completedAt && <span class="muted">{say("notFinished")}</span>}
        </p>
      ) : (
        <p>{say("noAnswer")}</p>
      )}
      <h3>{say("reviews")}</h3>
      {reviews.length === 0 ? (
        <p>{say("none")}</p>
      ) : (
        <ul>
          {reviews.map((r) => (
            <li key={r.sku}>
              {r.sku}: {r.rating} ★{r.title && <> · {r.title}</>}
              {r.body && <> · “{r.body}”</>} <span class="muted">({reviewStatusInWords(r.status)})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
