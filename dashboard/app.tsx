import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { AdminMetrics, Alert, BrandingAdjustment, OrderMoment } from "../contract/admin.ts";
import {
  type AdminError,
  downloadCsv,
  getAlerts,
  getBranding,
  getMetrics,
  getOrder,
  getOrderMoments,
  getSession,
  resolveAlert,
  signIn,
  signOutSession,
  storeCredential,
  storedCredential,
} from "./api.ts";
import type { StoredOrder } from "../contract/admin.ts";
import type { SessionInfo } from "../contract/self-service.ts";
import type { Placement, Standout } from "../contract/vocabularies.ts";
import { type Access, can, type ScreenId, screensFor, whoInWords } from "./access.ts";
import { ContrastNotice } from "./branding.tsx";
import { Bars, LineChart } from "./charts.tsx";
import { DeadLettersSection } from "./dead-letters.tsx";
import { MessagesSection } from "./deliveries.tsx";
import { ParcelsAtRiskSection } from "./parcels.tsx";
import { ConnectionsScreen } from "./connections.tsx";
import { KeysScreen } from "./keys.tsx";
import { OrdersScreen } from "./orders.tsx";
import { PeopleScreen } from "./people.tsx";
import { SettingsScreen } from "./settings.tsx";
import { SurveysScreen } from "./surveys.tsx";
import { AttributionSection } from "./attribution.tsx";
import { NpsCard } from "./nps.tsx";
import { WebhooksScreen } from "./webhooks.tsx";
import { ReviewShareSection } from "./reviews.tsx";
import { count, money, number, orderMoney, pct, points } from "./format.ts";
import { weeklySummary } from "./summary.ts";
import { Scroll } from "./scroll.tsx";
import { momentInWords, momentOutcomeInWords, shipmentStatusInWords } from "./vocabulary.ts";
import { valueWords, wordsOf } from "./words.ts";
import { appWords } from "./words/app.ts";

const say = wordsOf(appWords);

/** The customer segments offers are chosen for (worker/domain/offers/rfm.ts `Segment`). */
export const segmentInWords = valueWords(appWords, {
  high_value_repeat: "segmentHighValueRepeat",
  mid_value_repeat: "segmentMidValueRepeat",
  one_time: "segmentOneTime",
  at_risk: "segmentAtRisk",
});

/** Where offers were shown: the widget's views, and the lifecycle messages the store's tools send. */
export const offerPlacementInWords = valueWords(appWords, {
  confirmation: "placementConfirmation",
  tracking: "placementTracking",
  survey: "placementSurvey",
  email: "placementEmail",
} satisfies Record<Placement, keyof typeof appWords>);

/** The platform an order came from (one sent through the API names none). */
export const orderSourceInWords = valueWords(appWords, {
  shopify: "shopify",
  woocommerce: "wooCommerce",
} satisfies Record<Exclude<StoredOrder["source"], "api">, keyof typeof appWords>);

/** What slowed an unhappy shopper down, as said inside "slowed down by …". */
export const standoutInWords = valueWords(appWords, {
  delivery_speed: "standoutDeliverySpeed",
  packaging: "standoutPackaging",
  product_quality: "standoutProductQuality",
  price: "standoutPrice",
  support: "standoutSupport",
  website: "standoutWebsite",
  other: "standoutOther",
} satisfies Record<Standout, keyof typeof appWords>);

const RANGES = [7, 28, 56, 90] as const;
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** The last `days` whole days, today included: `to` is tomorrow (exclusive). */
function rangeOf(days: number) {
  const to = new Date();
  to.setUTCDate(to.getUTCDate() + 1);
  const from = new Date(to);
  from.setUTCDate(from.getUTCDate() - days);
  return { from: ymd(from), to: ymd(to) };
}

/** Signed in with a login link (#code=…), a stored session, or an API key typed in. */
export function App() {
  const [credential, setCredential] = useState<string | null>(storedCredential());
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    // A store outside shard s0 has its shard in the code (dsl_s1.…: worker/domain/shards.ts), dot included.
    const code = /#code=(dsl_[\w.-]+)/.exec(location.hash)?.[1];
    if (!code) return;
    history.replaceState(null, "", location.pathname);
    signIn(code).then(
      ({ token }) => {
        storeCredential(token);
        setCredential(token);
      },
      (error: AdminError) => setProblem(error.message),
    );
  }, []);
  const signOut = (message?: string) => {
    // Ended on the server too, so a copy of the token is worthless; the page signs out whatever it answers.
    if (credential) void signOutSession(credential).catch(() => undefined);
    storeCredential(null);
    setCredential(null);
    setProblem(message);
  };
  return credential ? (
    <Dashboard credential={credential} signOut={signOut} />
  ) : (
    <SignIn problem={problem} onKey={(key) => (storeCredential(key), setCredential(key), setProblem(undefined))} />
  );
}

function SignIn({ problem, onKey }: { problem?: string; onKey(key: string): void }) {
  return (
    <section class="sign-in">
      <h1>{say("signInHeading")}</h1>
      <p>
        {say("signInOpenLink")}
        <code>{say("loginCommand")}</code>
        {say("signInOrKey")}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const key = String(new FormData(e.currentTarget).get("key") ?? "").trim();
          if (key) onKey(key);
        }}
      >
        <label>
          {say("apiKey")}
          <input name="key" type="password" autocomplete="off" required />
        </label>
        <button type="submit">{say("signIn")}</button>
      </form>
      {problem && (
        <p role="alert" class="problem">
          {problem}
        </p>
      )}
    </section>
  );
}

/** The screens built so far, each drawn for the signed-in credential. */
const SCREEN_VIEWS: Partial<Record<ScreenId, (props: { credential: string; access: Access; go(screen: ScreenId): void }) => JSX.Element>> =
  {
    order: OrdersScreen,
    settings: SettingsScreen,
    connections: ConnectionsScreen,
    webhooks: WebhooksScreen,
    keys: KeysScreen,
    people: PeopleScreen,
    surveys: SurveysScreen,
  };

function Dashboard({ credential, signOut }: { credential: string; signOut(message?: string): void }) {
  const [session, setSession] = useState<SessionInfo>();
  // Without an answer (a network hiccup), the figures alone: the server decides anyway.
  const [access, setAccess] = useState<Access>();
  const [screen, setScreen] = useState<ScreenId>("figures");
  useEffect(
    () =>
      void getSession(credential).then(
        (s) => (setSession(s), setAccess(s)),
        (e: AdminError) => (e.status === 401 ? signOut(say("sessionInvalid")) : setAccess({ role: null, scopes: ["admin:read"] })),
      ),
    [credential],
  );
  const screens = screensFor(access).filter((s) => s.id === "figures" || SCREEN_VIEWS[s.id]);
  const View = screen === "figures" ? undefined : SCREEN_VIEWS[screen];
  return (
    <>
      <header class="top">
        <h1>{say("heading")}</h1>
        {session && <p class="muted who">{whoInWords(session)}</p>}
        <button type="button" class="quiet" onClick={() => signOut()}>
          {say("signOut")}
        </button>
      </header>
      {screens.length > 1 && (
        <nav aria-label={say("screensLabel")} class="screens">
          <ul>
            {screens.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  class={s.id === screen ? "" : "quiet"}
                  aria-current={s.id === screen ? "page" : undefined}
                  onClick={() => setScreen(s.id)}
                >
                  {s.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {!access ? (
        <p aria-busy="true">{say("loading")}</p>
      ) : View ? (
        <View credential={credential} access={access} go={setScreen} />
      ) : (
        <FiguresScreen credential={credential} access={access} signOut={signOut} />
      )}
    </>
  );
}

function FiguresScreen({ credential, access, signOut }: { credential: string; access: Access; signOut(message?: string): void }) {
  const [days, setDays] = useState<number>(28);
  const [metrics, setMetrics] = useState<AdminMetrics>();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [error, setError] = useState<string>();
  const range = rangeOf(days);
  const refresh = () => {
    Promise.all([getMetrics(credential, range.from, range.to), getAlerts(credential)]).then(
      ([m, a]) => (setMetrics(m), setAlerts(a.alerts), setError(undefined)),
      (e: AdminError) => (e.status === 401 ? signOut(say("sessionInvalid")) : setError(e.message)),
    );
  };
  useEffect(refresh, [days]);
  const [adjusted, setAdjusted] = useState<BrandingAdjustment[]>([]);
  // Advisory: a dashboard that cannot fetch it still shows the figures.
  useEffect(
    () =>
      void getBranding(credential).then(
        (b) => setAdjusted(b.adjustments),
        () => {},
      ),
    [credential],
  );
  return (
    <>
      <p>
        <label>
          {say("period")}{" "}
          <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            {RANGES.map((d) => (
              <option key={d} value={d}>
                {say("lastDays", { days: count(d) })}
              </option>
            ))}
          </select>
        </label>
      </p>
      {error && (
        <p role="alert" class="problem">
          {error}
        </p>
      )}
      {adjusted.length > 0 && <ContrastNotice adjustments={adjusted} />}
      {!metrics ? (
        <p aria-busy="true">{say("loading")}</p>
      ) : (
        <Figures m={metrics} alerts={alerts} credential={credential} access={access} range={range} onResolved={refresh} />
      )}
    </>
  );
}

function Card({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div class="card">
      <dt>{label}</dt>
      <dd>
        <strong>{value}</strong>
        {note && <span class="muted">{note}</span>}
      </dd>
    </div>
  );
}

function Figures({
  m,
  alerts,
  credential,
  access,
  range,
  onResolved,
}: {
  m: AdminMetrics;
  alerts: Alert[];
  credential: string;
  access: Access;
  range: { from: string; to: string };
  onResolved(): void;
}) {
  const days = m.daily.map((d) => d.day);
  // NaN (too few customers in an arm) arrives as null.
  const lift = m.lift.repeatRate as { difference: number | null; low: number | null; high: number | null };
  const summary = weeklySummary(m.daily);
  return (
    <>
      <section aria-labelledby="headline">
        <h2 id="headline">{say("atAGlance")}</h2>
        <dl class="cards">
          <Card
            label={say("orders")}
            value={count(m.orders.count)}
            note={say("fromReturningCustomers", { rate: pct(m.orders.repeatPurchaseRate) })}
          />
          <Card label={say("confirmationViews")} value={count(m.pageViews.confirmation)} />
          <Card
            label={say("trackingVisits")}
            value={count(m.pageViews.tracking)}
            note={say("perTrackedOrder", { visits: number(m.tracking.visitsPerOrder) })}
          />
          <Card
            label={say("surveyResponseRate")}
            value={pct(m.survey.responseRate)}
            note={say("completedCount", { count: count(m.survey.funnel.completed) })}
          />
          <Card label={say("satisfied")} value={pct(m.survey.csat)} note={say("npsStyle", { points: points(m.survey.npsStyle) })} />
          <NpsCard survey={m.survey} />
          <Card label={say("reviews")} value={count(m.reviews.count)} note={say("averageStars", { average: number(m.reviews.average) })} />
          <Card
            label={say("offerClickThrough")}
            value={pct(m.offers.clickThrough)}
            note={say("clicksAndOrders", {
              clicks: say.count(m.offers.clicks, "clicksOne", "clicksOther"),
              orders: say.count(m.offers.conversions, "ordersOne", "ordersOther"),
            })}
          />
          <Card
            label={say("liftInRepeatPurchases")}
            value={lift.difference === null ? say("unknown") : say("liftPoints", { points: points(lift.difference * 100) })}
            note={
              lift.low === null || lift.high === null
                ? say("notEnoughData")
                : say("confidenceInterval", { low: points(lift.low * 100), high: points(lift.high * 100) })
            }
          />
          <Card label={say("openDetractorAlerts")} value={count(m.alertsOpen)} />
        </dl>
      </section>
      {summary.length > 0 && (
        <section aria-labelledby="week">
          <h2 id="week">{say("thisWeek")}</h2>
          <ul class="summary">
            {summary.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="trends" class="charts">
        <h2 id="trends">{say("overTime")}</h2>
        <LineChart
          title={say("ordersAndPageViews")}
          days={days}
          series={[
            { name: say("orders"), values: m.daily.map((d) => d.orders), color: "#1d5c4a" },
            { name: say("confirmationViews"), values: m.daily.map((d) => d.confirmationViews), color: "#b4561f" },
            { name: say("trackingVisits"), values: m.daily.map((d) => d.trackingViews), color: "#3d5a99" },
          ]}
        />
        <LineChart
          title={say("survey")}
          days={days}
          series={[
            { name: say("answers"), values: m.daily.map((d) => d.surveyResponses), color: "#1d5c4a" },
            { name: say("completed"), values: m.daily.map((d) => d.surveyCompleted), color: "#b4561f" },
          ]}
        />
        <LineChart
          title={say("offers")}
          days={days}
          series={[
            { name: say("shown"), values: m.daily.map((d) => d.offerImpressions), color: "#3d5a99" },
            { name: say("clicked"), values: m.daily.map((d) => d.offerClicks), color: "#b4561f" },
            { name: say("ordered"), values: m.daily.map((d) => d.offerConversions), color: "#1d5c4a" },
          ]}
        />
      </section>
      <section aria-labelledby="survey" class="two">
        <h2 id="survey">{say("survey")}</h2>
        <Bars
          title={say("funnel")}
          rows={[
            { label: say("shown"), value: m.survey.funnel.shown },
            { label: say("questionOne"), value: m.survey.funnel.started, note: pct(m.survey.responseRate) },
            { label: say("questionTwo"), value: m.survey.funnel.secondStep },
            { label: say("completed"), value: m.survey.funnel.completed, note: pct(m.survey.completionRate) },
          ]}
          format={count}
        />
        <Bars
          title={say("ratings")}
          rows={(["5", "4", "3", "2", "1"] as const).map((r) => ({ label: say("stars", { stars: r }), value: m.survey.ratings[r] }))}
          format={count}
        />
        <AttributionSection credential={credential} range={range} />
      </section>
      <section aria-labelledby="offers">
        <h2 id="offers">{say("offersHeading")}</h2>
        <OfferTable title={say("bySegment")} rows={m.offers.bySegment.map((r) => ({ name: segmentInWords(r.segment), ...r }))} />
        <OfferTable
          title={say("byPlacement")}
          rows={m.offers.byPlacement.map((r) => ({ name: offerPlacementInWords(r.placement), ...r }))}
        />
        <p class="muted">
          {say("holdout", {
            share: pct(m.lift.holdoutShare),
            holdoutRate: pct(m.lift.holdout.repeatRate),
            treatmentRate: pct(m.lift.treatment.repeatRate),
            holdoutRevenue: money(m.lift.holdout.revenuePerCustomer || 0),
            treatmentRevenue: money(m.lift.treatment.revenuePerCustomer || 0),
          })}
        </p>
      </section>
      <section aria-labelledby="alerts">
        <h2 id="alerts">{say("openDetractorAlerts")}</h2>
        {alerts.length === 0 ? (
          <p>{say("noAlerts")}</p>
        ) : (
          <ul class="alerts">
            {alerts.map((a) => (
              <li key={a.orderId}>
                <p>
                  <strong>{say("order", { order: a.orderId })}</strong>{" "}
                  {a.rating === null
                    ? say("scoredOn", { score: a.nps ?? say("unknown"), date: a.createdAt.slice(0, 10) })
                    : say("ratedOn", { rating: a.rating, date: a.createdAt.slice(0, 10) })}
                  {a.standout && <> · {say("slowedDownBy", { reason: standoutInWords(a.standout) })}</>}
                </p>
                {(a.comment || a.standoutText) && <blockquote>{a.comment ?? a.standoutText}</blockquote>}
                <p class="muted">
                  {a.email && <a href={`mailto:${a.email}`}>{a.email}</a>}
                  {a.callbackPhone && (
                    <>
                      {" "}
                      ·{" "}
                      {a.callbackTime
                        ? say("callBackWhen", { phone: a.callbackPhone, when: a.callbackTime })
                        : say("callBack", { phone: a.callbackPhone })}
                    </>
                  )}
                </p>
                {can(access, "orders:write") && (
                  <button type="button" onClick={() => resolveAlert(credential, a.orderId).then(onResolved)}>
                    {say("markHandled")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <ParcelsAtRiskSection credential={credential} range={range} />
      <ReviewShareSection credential={credential} />
      <MessagesSection credential={credential} />
      <DeadLettersSection credential={credential} access={access} />
      <Moments m={m} credential={credential} access={access} />
      <section aria-labelledby="exports">
        <h2 id="exports">{say("exports")}</h2>
        <p>
          <button type="button" onClick={() => downloadCsv(credential, "survey-responses", range.from, range.to)}>
            {say("surveyAnswersCsv")}
          </button>{" "}
          <button type="button" onClick={() => downloadCsv(credential, "reviews", range.from, range.to)}>
            {say("reviewsCsv")}
          </button>
        </p>
      </section>
    </>
  );
}

function OfferTable({
  title,
  rows,
}: {
  title: string;
  rows: {
    name: string;
    impressions: number;
    clicks: number;
    conversions: number;
    clickThrough: number | null;
    conversion: number | null;
  }[];
}) {
  return (
    <Scroll label={title}>
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{say("shown")}</th>
            <th scope="col">{say("clicks")}</th>
            <th scope="col">{say("clickThrough")}</th>
            <th scope="col">{say("orders")}</th>
            <th scope="col">{say("conversion")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <th scope="row">{r.name}</th>
              <td>{count(r.impressions)}</td>
              <td>{count(r.clicks)}</td>
              <td>{pct(r.clickThrough)}</td>
              <td>{count(r.conversions)}</td>
              <td>{pct(r.conversion)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

/** Lifecycle messages sent to the store's tools, per kind, and one order's schedule on request. */
function Moments({ m, credential, access }: { m: AdminMetrics; credential: string; access: Access }) {
  const [order, setOrder] = useState<{ id: string; stored?: StoredOrder; moments?: OrderMoment[]; error?: string }>();
  return (
    <section aria-labelledby="moments">
      <h2 id="moments">{say("lifecycleMessages")}</h2>
      {m.moments.length === 0 ? (
        <p>
          {say("noMomentsRegister")}
          <code>{say("webhookCommand")}</code>
          {say("noMomentsToReceive")}
        </p>
      ) : (
        <Scroll label={say("sentByMoment")}>
          <table>
            <caption>{say("sentByMoment")}</caption>
            <thead>
              <tr>
                <th scope="col">{say("moment")}</th>
                <th scope="col">{say("sent")}</th>
                <th scope="col">{say("heldBack")}</th>
                <th scope="col">{say("notSent")}</th>
                <th scope="col">{say("withdrawn")}</th>
                <th scope="col">{say("clicks")}</th>
                <th scope="col">{say("orders")}</th>
              </tr>
            </thead>
            <tbody>
              {m.moments.map((r) => (
                <tr key={r.kind}>
                  <th scope="row">{momentInWords(r.kind)}</th>
                  <td>{count(r.sent)}</td>
                  <td>{count(r.holdout)}</td>
                  <td>{count(r.suppressed)}</td>
                  <td>{count(r.withdrawn)}</td>
                  <td>{count(r.clicks)}</td>
                  <td>{count(r.conversions)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {/* One order as stored carries the shopper's token and contacts: owner and support (the server refuses an analyst too). */}
      {access.role !== "analyst" && (
        <form
          class="lookup"
          onSubmit={(e) => {
            e.preventDefault();
            const id = String(new FormData(e.currentTarget).get("order") ?? "").trim();
            if (!id) return;
            // By id or by the number the shopper quotes (#1071); the moments are the found order's.
            getOrder(credential, id)
              .then(async (stored) => {
                const moments = await getOrderMoments(credential, stored.id).then(
                  (answer) => answer.moments,
                  (error: AdminError) => (error.status === 404 ? [] : Promise.reject(error)),
                );
                setOrder({ id: stored.id, stored, moments });
              })
              .catch((error: AdminError) => setOrder({ id, error: error.message }));
          }}
        >
          <label>
            {say("orderIdOrNumber")} <input name="order" autocomplete="off" />
          </label>{" "}
          <button type="submit">{say("showOrder")}</button>
        </form>
      )}
      {order?.error && (
        <p role="alert" class="problem">
          {order.error}
        </p>
      )}
      {order?.stored && (
        <p class="order-summary">
          {say("order", { order: order.stored.number })}
          {order.stored.source !== "api" && (
            <span class="muted"> {say("fromSource", { source: orderSourceInWords(order.stored.source) })}</span>
          )}{" "}
          · {orderMoney(order.stored.total, order.stored.currency)}
          {order.stored.cancelledAt && ` · ${say("cancelled")}`}
          {order.stored.customer.erased && ` · ${say("customerErased")}`}
          {order.stored.shipments.map((s) => (
            <span key={s.id}>
              {" "}
              · {s.carrier} {s.trackingNumber}: {shipmentStatusInWords(s.status)}
              {s.delayed && ` ${say("delayed")}`}
            </span>
          ))}
        </p>
      )}
      {order?.moments && (
        <Scroll label={say("orderMessages", { order: order.stored?.number ?? order.id })}>
          <table>
            <caption>{say("orderMessages", { order: order.stored?.number ?? order.id })}</caption>
            <thead>
              <tr>
                <th scope="col">{say("moment")}</th>
                <th scope="col">{say("due")}</th>
                <th scope="col">{say("status")}</th>
                <th scope="col">{say("deliveries")}</th>
              </tr>
            </thead>
            <tbody>
              {order.moments.map((mo) => (
                <tr key={`${mo.kind}|${mo.ref}`}>
                  <th scope="row">
                    {momentInWords(mo.kind)}
                    {mo.ref && <span class="muted"> {mo.ref}</span>}
                    {mo.first && mo.ref && <span class="muted"> {say("first")}</span>}
                  </th>
                  <td>{new Date(mo.dueAt).toLocaleString()}</td>
                  <td>{momentOutcomeInWords(mo)}</td>
                  <td>
                    {mo.attempts.length
                      ? mo.attempts.map((a) => (a.status ? `${a.status}` : (a.error ?? say("failed")))).join(", ")
                      : say("unknown")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
    </section>
  );
}
