import { useEffect, useState } from "preact/hooks";
import type { StoredOrder } from "../contract/admin.ts";
import type { ParcelRisk } from "../contract/vocabularies.ts";
import { getCarrierPerformance, getParcelsAtRisk, type CarrierPerformance, type ParcelsAtRisk } from "./api.ts";
import { count, pct, shortDay } from "./format.ts";
import { Scroll } from "./scroll.tsx";
import { valueWords, wordsOf } from "./words.ts";
import { parcelsWords } from "./words/parcels.ts";

const say = wordsOf(parcelsWords);

const COUNTS: [keyof ParcelsAtRisk["counts"], string][] = [
  ["fulfillment_delayed", say("countFulfillmentDelayed")],
  ["stalled", say("countStalled")],
  ["late", say("countLate")],
  ["exception", say("countException")],
  ["unregistered", say("countUnregistered")],
  ["arriving_soon", say("countArrivingSoon")],
];

/** Why a parcel is listed: "stalled, not registered". */
export const riskInWords = valueWords(parcelsWords, {
  stalled: "riskStalled",
  late: "riskLate",
  exception: "riskException",
  unregistered: "riskUnregistered",
} satisfies Record<ParcelRisk, keyof typeof parcelsWords>);

type Registration = StoredOrder["shipments"][number]["registrations"][number];

/** The tracking aggregators a parcel is registered with (worker/domain/connections.ts), by their names. */
export const providerInWords = valueWords(parcelsWords, { easypost: "providerEasypost", aftership: "providerAftership" });

/** Where a parcel's registration with an aggregator stands (worker/migrations/0012_parcel_tracking.sql). */
export const registrationStatusInWords = valueWords(parcelsWords, {
  pending: "registrationPending",
  registered: "registrationRegistered",
  failed: "registrationFailed",
} satisfies Record<Registration["status"], keyof typeof parcelsWords>);

/** "EasyPost: registered"; one waiting to be registered says how often it was tried. */
const registrationInWords = (r: { provider: string; status: string; attempts: number }) =>
  say("registration", {
    provider: providerInWords(r.provider),
    status: r.status === "pending" ? say.count(r.attempts, "retryingOne", "retryingOther") : registrationStatusInWords(r.status),
  });

const when = (iso: string | null) => (iso ? shortDay(iso.slice(0, 10)) : say("noDate"));

/**
 * Parcels at risk (stalled, late, held, or not registered with the store's aggregator, with the vendor's
 * reason), the delay notices shoppers were sent, orders not shipped in time, and each carrier's on-time
 * rate over the dashboard's period. Advisory: if it cannot be fetched, the rest of the dashboard stands.
 */
export function ParcelsAtRiskSection({ credential, range }: { credential: string; range: { from: string; to: string } }) {
  const [risk, setRisk] = useState<ParcelsAtRisk>();
  const [carriers, setCarriers] = useState<CarrierPerformance[]>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    Promise.all([getParcelsAtRisk(credential), getCarrierPerformance(credential, range.from, range.to)]).then(
      ([r, c]) => (setRisk(r), setCarriers(c.carriers), setProblem(undefined)),
      (e: Error) => setProblem(e.message),
    );
  }, [credential, range.from, range.to]);
  return (
    <section aria-labelledby="parcels">
      <h2 id="parcels">{say("heading")}</h2>
      {problem && (
        <p role="alert" class="problem">
          {problem}
        </p>
      )}
      {!risk ? (
        !problem && <p aria-busy="true">{say("loading")}</p>
      ) : (
        <>
          <dl class="cards">
            {COUNTS.map(([key, label]) => (
              <div class="card" key={key}>
                <dt>{label}</dt>
                <dd>
                  <strong>{count(risk.counts[key])}</strong>
                </dd>
              </div>
            ))}
          </dl>
          {risk.parcels.length === 0 ? (
            <p>{say("noneAtRisk")}</p>
          ) : (
            <Scroll label={say("needALook")}>
              <table>
                <caption>{say("needALook")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{say("parcel")}</th>
                    <th scope="col">{say("carrier")}</th>
                    <th scope="col">{say("why")}</th>
                    <th scope="col">{say("lastScan")}</th>
                    <th scope="col">{say("expectedBy")}</th>
                    <th scope="col">{say("trackingRegistration")}</th>
                  </tr>
                </thead>
                <tbody>
                  {risk.parcels.map((p) => (
                    <tr key={p.shipmentId}>
                      <th scope="row">
                        {p.shipmentId}
                        <span class="muted">{say("ofOrder", { orderId: p.orderId })}</span>
                      </th>
                      <td>
                        {p.carrier} <code>{p.trackingNumber}</code>
                      </td>
                      <td>{p.risks.map(riskInWords).join(say("riskSeparator"))}</td>
                      <td>{when(p.lastScanAt)}</td>
                      <td>{p.expectedTo ? shortDay(p.expectedTo) : say("noDate")}</td>
                      <td>
                        {p.registrations.length === 0
                          ? say("noAggregator")
                          : p.registrations.map((r) => (
                              <p key={r.provider}>
                                {registrationInWords(r)}
                                {r.lastError && <span class="muted"> · {r.lastError}</span>}
                              </p>
                            ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Scroll>
          )}
          {risk.unshipped.length > 0 && (
            <p>
              {say("unshipped", {
                orders: risk.unshipped
                  .map((u) => say("unshippedOrder", { orderId: u.orderId, since: when(u.since) }))
                  .join(say("unshippedSeparator")),
              })}
            </p>
          )}
        </>
      )}
      {carriers && carriers.length > 0 && (
        <Scroll label={say("onTimeCaption")}>
          <table>
            <caption>{say("onTimeCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{say("carrier")}</th>
                <th scope="col">{say("delivered")}</th>
                <th scope="col">{say("onTime")}</th>
                <th scope="col">{say("onTimeRate")}</th>
              </tr>
            </thead>
            <tbody>
              {carriers.map((c) => (
                <tr key={c.carrier}>
                  <th scope="row">{c.carrier}</th>
                  <td>{count(c.delivered)}</td>
                  <td>{count(c.onTime)}</td>
                  <td>{pct(c.onTimeRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
    </section>
  );
}
