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
import { valueWords, wordsOf } from "./words.ts";
import { attributionWords } from "./words/attribution.ts";

const say = wordsOf(attributionWords);

export const getAttribution = (credential: string, from: string, to: string) =>
  adminCall<AttributionReport>(`/v1/admin/attribution?from=${from}&to=${to}`, credential);

/** Where the shopper says they heard of the store. */
export const channelInWords = valueWords(attributionWords, {
  search: "channelSearch",
  instagram: "channelInstagram",
  tiktok: "channelTiktok",
  facebook: "channelFacebook",
  youtube: "channelYoutube",
  podcast: "channelPodcast",
  friend_family: "channelFriendFamily",
  influencer: "channelInfluencer",
  email: "channelEmail",
  tv_radio: "channelTvRadio",
  other: "channelOther",
} satisfies Record<AttributionChannel, keyof typeof attributionWords>);

/** Revenue in every currency the channel's orders were paid in, largest first ("–" for none). */
export function revenueInWords(revenue: Record<string, number>): string {
  const entries = Object.entries(revenue).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([currency, minor]) => orderMoney(minor, currency)).join(say("revenueSeparator")) : say("noRevenue");
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
        <h3 id="attribution">{say("heading")}</h3>
      </figcaption>
      {error ? (
        <p role="alert" class="problem">
          {error}
        </p>
      ) : !report ? (
        <p aria-busy="true">{say("loading")}</p>
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
        {report.orders
          ? say.count(report.orders, "noAnswersWithOrdersOne", "noAnswersWithOrdersOther", { orders: count(report.orders) })
          : say("noAnswers")}
      </p>
    );
  const rows = [...report.channels].sort((a, b) => b.orders - a.orders);
  const max = Math.max(1, ...rows.map((r) => r.orders));
  const other = rows.find((r) => r.channel === "other")?.otherTexts ?? [];
  return (
    <>
      <p>
        <strong>{count(report.answered)}</strong>
        {say.count(report.orders, "answeredOfOne", "answeredOfOther", { orders: count(report.orders) })}
        <span data-answer-rate>{pct(report.orders ? report.answered / report.orders : null)}</span>
        {say("answerRate")}
      </p>
      <Scroll label={say("byChannel")}>
        <table>
          <caption>{say("byChannelCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{say("channel")}</th>
              <th scope="col">{say("orders")}</th>
              <th scope="col">{say("shareOfAnswers")}</th>
              <th scope="col">{say("revenue")}</th>
              <th scope="col">{say("firstOrders")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.channel} data-channel={r.channel}>
                <th scope="row">{channelInWords(r.channel)}</th>
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
          <h4 id="attribution-other">{say("otherHeading")}</h4>
          <ul class="other-texts" aria-labelledby="attribution-other">
            {other.map((o) => (
              <li key={o.text}>
                {o.text} <span class="muted">{say("timesCount", { count: count(o.count) })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
