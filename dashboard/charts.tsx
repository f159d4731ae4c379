import { shortDay } from "./format.ts";
import { Scroll } from "./scroll.tsx";
import { byCount, wordsOf } from "./words.ts";
import { chartsWords } from "./words/charts.ts";

const say = wordsOf(chartsWords);

export interface Series {
  name: string;
  values: (number | null)[];
  /** A CSS colour; series are also told apart by dash pattern, not colour alone. */
  color: string;
}

const W = 640;
const H = 180;
const PAD = { left: 44, right: 12, top: 12, bottom: 26 };
const DASHES = ["", "6 4", "2 3"];

/** A rounded-up axis maximum (1, 2, 5 × 10ⁿ), so ticks land on readable numbers. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].find((m) => m * step >= max) ?? 10) * step;
}

/**
 * A line chart drawn as SVG by hand (a chart library would outweigh the whole dashboard): one line per
 * series over the days, gaps where a value is unknown, three labelled ticks, and the same figures in a
 * table for screen readers and for anyone who wants the numbers.
 */
export function LineChart({
  title,
  days,
  series,
  format = String,
}: {
  title: string;
  days: string[];
  series: Series[];
  format?: (n: number) => string;
}) {
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))));
  const x = (i: number) => PAD.left + (days.length > 1 ? (i * (W - PAD.left - PAD.right)) / (days.length - 1) : 0);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const path = (values: (number | null)[]) =>
    values
      .map((v, i) => (v === null ? "" : `${i === 0 || values[i - 1] === null ? "M" : "L"}${x(i).toFixed(1)} ${y(v).toFixed(1)}`))
      .join("");
  const labelDays = days.length ? [0, Math.floor((days.length - 1) / 2), days.length - 1] : [];
  return (
    <figure class="chart">
      <figcaption>
        <h3>{title}</h3>
        <ul class="legend">
          {series.map((s, i) => (
            <li key={s.name}>
              <svg width="24" height="10" aria-hidden="true">
                <line x1="0" y1="5" x2="24" y2="5" stroke={s.color} stroke-width="3" stroke-dasharray={DASHES[i % DASHES.length]} />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={say(byCount(days.length, { one: "chartLabelOne", other: "chartLabelOther" }), { title, days: days.length })}
        data-chart={title}
      >
        {[0, max / 2, max].map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} class="grid" />
            <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end" class="tick">
              {format(t)}
            </text>
          </g>
        ))}
        {labelDays.map((i) => (
          <text key={i} x={x(i)} y={H - 6} text-anchor={i === 0 ? "start" : i === days.length - 1 ? "end" : "middle"} class="tick">
            {shortDay(days[i]!)}
          </text>
        ))}
        {series.map((s, i) => (
          <path
            key={s.name}
            d={path(s.values)}
            fill="none"
            stroke={s.color}
            stroke-width="2.5"
            stroke-dasharray={DASHES[i % DASHES.length]}
            data-series={s.name}
          />
        ))}
      </svg>
      <details>
        <summary>{say("figures")}</summary>
        <Scroll label={say("figuresOf", { title })}>
          <table>
            <thead>
              <tr>
                <th scope="col">{say("day")}</th>
                {series.map((s) => (
                  <th key={s.name} scope="col">
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((d, i) => (
                <tr key={d}>
                  <th scope="row">{d}</th>
                  {series.map((s) => (
                    <td key={s.name}>{s.values[i] === null ? say("unknown") : format(s.values[i]!)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      </details>
    </figure>
  );
}

/** Horizontal bars for a few labelled counts (the survey funnel, the rating spread). */
export function Bars({
  title,
  rows,
  format = String,
}: {
  title: string;
  rows: { label: string; value: number; note?: string }[];
  format?: (n: number) => string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <figure class="bars">
      <figcaption>
        <h3>{title}</h3>
      </figcaption>
      <dl>
        {rows.map((r) => (
          <div key={r.label} class="bar-row">
            <dt>{r.label}</dt>
            <dd>
              <span class="bar" style={{ width: `${(r.value / max) * 100}%` }} />
              <span class="bar-value">
                {format(r.value)}
                {r.note && <span class="muted"> {r.note}</span>}
              </span>
            </dd>
          </div>
        ))}
      </dl>
    </figure>
  );
}
