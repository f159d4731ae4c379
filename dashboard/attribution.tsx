/**
 * "How customers heard about you" (GET /v1/admin/attribution), beside the survey funnel and over the
 * figures' own date range: per channel the orders, their revenue in each currency, the share that were
 * a customer's first order, and the shoppers' own words for "Other". Each bar has its number written
 * beside it, so nothing is told by length or colour alone.
 */
import { useEffect, useState } from "preact/hooks";
import type { AttributionChannel, AttributionReport } from "../contract/surveys.ts";
import { type AdminError, adminCall } from "./api.ts";
import { count, orderMoney, pct } from "./format.ts";
import { Scroll } from "./scroll.tsx";

export const getAttribution = (credential: string, from: string, to: string) =>
  adminCall<AttributionReport>(`/v1/admin/attribution?from=${from}&to=${to}`, credential);

export const CHANNEL_LABELS: Record<AttributionChannel, string> = {
  search: "Search engine",
  instagram: "Instagram",
  tiktok: "TikTok",
  facebook: "Facebook",
  youtube: "YouTube",
  podcast: "Podcast",
  friend_family: "Friend or family",
  influencer: "Influencer",
  email: "Email",
  tv_radio: "TV or radio",
  other: "Other",
};

/** Revenue in every currency the channel's orders were paid in, largest first ("–" for none). */
export function revenueInWords(revenue: Record<string, number>): string {
  const entries = Object.entries(revenue).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([currency, minor]) => orderMoney(minor, currency)).join(" + ") : "–";
}

export function AttributionSection({ credential, range }: { credential: string; range: { from: string; to: string } }) {
  const [report, setReport] = useState<AttributionReport>();
  const [error, setError] = useState<string>();
  useEffect(
    () =>
      void getAttribution(credential, range.from, range.to).then(
        (r) => (setReport(r), setError(undefined)),
        (e: AdminError) => setError(e.message),
      ),
    [credential, range.from, range.to],
  );
  return (
    <figure class="bars attribution" aria-labelledby="attribution">
      <figcaption>
        <h3 id="attribution">How customers heard about you</h3>
      </figcaption>
      {error ? (
        <p role="alert" class="problem">
          {error}
        </p>
      ) : !report ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <AttributionReportView report={report} />
      )}
    </figure>
  );
}

export function AttributionReportView({ report }: { report: AttributionReport }) {
  if (report.answered === 0)
    return (
      <p>
        No answers in this period yet{report.orders ? ` (${count(report.orders)} orders placed)` : ""}. Ask “How did you hear about us?” on
        the thank-you page survey (Surveys screen) to see which channels bring customers.
      </p>
    );
  const rows = [...report.channels].sort((a, b) => b.orders - a.orders);
  const max = Math.max(1, ...rows.map((r) => r.orders));
  const other = rows.find((r) => r.channel === "other")?.otherTexts ?? [];
  return (
    <>
      <p>
        <strong>{count(report.answered)}</strong> of {count(report.orders)} orders answered (
        <span data-answer-rate>{pct(report.orders ? report.answered / report.orders : null)}</span> answer rate).
      </p>
      <Scroll label="Orders by channel">
        <table>
          <caption>Orders by the channel the shopper named</caption>
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Orders</th>
              <th scope="col">Share of answers</th>
              <th scope="col">Revenue</th>
              <th scope="col">First orders</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.channel} data-channel={r.channel}>
                <th scope="row">{CHANNEL_LABELS[r.channel] ?? r.channel}</th>
                <td class="bar-cell">
                  <span class="bar" style={{ width: `${(r.orders / max) * 6}em` }} aria-hidden="true" />
                  <span class="bar-value">{count(r.orders)}</span>
                </td>
                <td>{pct(r.orders / report.answered)}</td>
                <td>{revenueInWords(r.revenue)}</td>
                <td>{pct(r.firstOrderShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      {other.length > 0 && (
        <>
          <h4 id="attribution-other">“Other”, in the shoppers' words</h4>
          <ul class="other-texts" aria-labelledby="attribution-other">
            {other.map((o) => (
              <li key={o.text}>
                {o.text} <span class="muted">× {count(o.count)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
