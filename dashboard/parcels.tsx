import { useEffect, useState } from "preact/hooks";
import { getCarrierPerformance, getParcelsAtRisk, type CarrierPerformance, type ParcelsAtRisk } from "./api.ts";
import { count, pct, shortDay } from "./format.ts";

const COUNTS: [keyof ParcelsAtRisk["counts"], string][] = [
  ["fulfillment_delayed", "Not shipped in time"],
  ["stalled", "Stalled in transit"],
  ["late", "Late"],
  ["exception", "Held by an exception"],
  ["unregistered", "Not registered for tracking"],
  ["arriving_soon", "Arriving today or tomorrow"],
];

const RISK_NAMES = { stalled: "stalled", late: "late", exception: "exception", unregistered: "not registered" } as const;

const when = (iso: string | null) => (iso ? shortDay(iso.slice(0, 10)) : "–");

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
      <h2 id="parcels">Parcels at risk</h2>
      {problem && (
        <p role="alert" class="problem">
          {problem}
        </p>
      )}
      {!risk ? (
        !problem && <p aria-busy="true">Loading…</p>
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
            <p>No parcel is stalled, late, held or unregistered right now.</p>
          ) : (
            <table>
              <caption>Parcels that need a look</caption>
              <thead>
                <tr>
                  <th scope="col">Parcel</th>
                  <th scope="col">Carrier</th>
                  <th scope="col">Why</th>
                  <th scope="col">Last scan</th>
                  <th scope="col">Expected by</th>
                  <th scope="col">Tracking registration</th>
                </tr>
              </thead>
              <tbody>
                {risk.parcels.map((p) => (
                  <tr key={p.shipmentId}>
                    <th scope="row">
                      {p.shipmentId}
                      <span class="muted"> · order {p.orderId}</span>
                    </th>
                    <td>
                      {p.carrier} <code>{p.trackingNumber}</code>
                    </td>
                    <td>{p.risks.map((r) => RISK_NAMES[r]).join(", ")}</td>
                    <td>{when(p.lastScanAt)}</td>
                    <td>{p.expectedTo ? shortDay(p.expectedTo) : "–"}</td>
                    <td>
                      {p.registrations.length === 0
                        ? "no aggregator connected"
                        : p.registrations.map((r) => (
                            <p key={r.provider}>
                              {r.provider}: {r.status === "pending" ? `retrying (${count(r.attempts)} tries)` : r.status}
                              {r.lastError && <span class="muted"> · {r.lastError}</span>}
                            </p>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {risk.unshipped.length > 0 && (
            <p>
              Not shipped within your processing promise:{" "}
              {risk.unshipped.map((u) => `order ${u.orderId} (since ${when(u.since)})`).join(", ")}.
            </p>
          )}
        </>
      )}
      {carriers && carriers.length > 0 && (
        <table>
          <caption>On time by carrier (delivered by the promised day, this period)</caption>
          <thead>
            <tr>
              <th scope="col">Carrier</th>
              <th scope="col">Delivered</th>
              <th scope="col">On time</th>
              <th scope="col">On-time rate</th>
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
      )}
    </section>
  );
}
