/**
 * Capacity on paper, from measured costs: what one D1 database carries (events/s, orders/day, rows
 * until its 10 GB limit), and what a Black-Friday peak needs, from the D1 cost of each request
 * (d1-costs.ts), the bytes a stored event and a stored order take (worker-load.ts), and Cloudflare's
 * published limits.
 *
 * A D1 database runs its queries one at a time ("each individual D1 database is inherently
 * single-threaded, and processes queries one at a time"; D1's limits page), so its ceiling is 1 s divided
 * by the database time each request needs. That time is modelled two ways: SQLite's own time for the
 * request's statements replayed on the local database file (the optimistic bound), and D1's planning example of
 * 1 ms per query (the conservative one). Production D1 sits between them; the design must hold at the
 * conservative figure.
 */
import { paceOf } from "../../widget/views/tracking/pace.ts";
import type { D1Cost } from "./d1-costs.ts";
import type { Results } from "./report.ts";

/** Cloudflare's published limits (D1 limits page, Queues limits page, D1 read replication guide). */
export const LIMITS = {
  d1MaxDatabaseBytes: 10e9,
  d1DatabasesPerAccount: 50_000,
  d1BindingsPerWorker: 5_000,
  d1PlanningMsPerQuery: 1,
  d1QueriesPerInvocation: 1_000,
  queuesMessagesPerSecond: 5_000,
  queuesMaxBatch: 100,
  queuesMaxBatchWaitSeconds: 60,
  queuesConcurrentConsumers: 250,
};

/** The peak the issue asks about, and what it may take (issue 23 item 5: at most 20 databases, conservative figure). */
export const PEAK = { trackingViewsPerSecond: 2_000, eventsPerSecond: 500, goalDatabases: 20 };

/** Assumptions that are not measured, stated in the report. */
export const ASSUME = {
  /** How long a tracking page stays open and visible after a view (its refreshes: the widget's pace, pace.ts). */
  openSeconds: 60,
  /**
   * The share of tracking page views whose order has a parcel out for delivery or due today (the widget
   * refreshes those every 10 s, the rest every 60 s): one of an order's three tracking views (its life,
   * below), the one on the day it arrives.
   */
  watchedShare: 1 / 3,
  /** Events per request at the peak (the widget batches; a page's first flush carries a few). */
  eventsPerRequest: 2,
  /** One order's life: page views and polls, events, carrier webhooks. */
  order: { confirmationViews: 1, trackingViews: 3, events: 20, webhooks: 6 },
  /** The busiest hour of a day, against the day's average hour. */
  peakHourFactor: 3,
  /** Keep a database this busy at most, so bursts and retries have room. */
  targetUtilisation: 0.5,
};

/**
 * The refreshes one tracking page view brings in `ASSUME.openSeconds`, from the widget's own pace
 * (widget/views/tracking/pace.ts) applied to the assumed mix: a parcel watched (out for delivery, or due
 * today) or in transit. `first`: the share of views with at least one refresh; that one is a whole read
 * (the page view's answer carries offers and is not kept, so the browser holds no copy to revalidate).
 */
export function refreshesPerView(watchedShare = ASSUME.watchedShare) {
  const today = "2026-11-27";
  const parcel = (status: "out_for_delivery" | "in_transit", to: string) => ({
    status,
    window: { from: to, to, source: "carrier" as const },
  });
  const polls = (ms: number) => (ms ? Math.floor((ASSUME.openSeconds * 1000) / ms) : 0);
  const watchedEveryMs = paceOf([parcel("out_for_delivery", "2026-11-28")], false, today);
  const transitEveryMs = paceOf([parcel("in_transit", "2026-11-29")], false, today);
  const watched = polls(watchedEveryMs);
  const transit = polls(transitEveryMs);
  return {
    watchedEveryMs,
    transitEveryMs,
    watched,
    transit,
    mean: watchedShare * watched + (1 - watchedShare) * transit,
    first: watchedShare * Math.min(watched, 1) + (1 - watchedShare) * Math.min(transit, 1),
  };
}

export interface Model {
  name: "local SQLite time" | "1 ms per query";
  /** Database milliseconds a request keeps D1 busy. */
  ms(cost: D1Cost): number;
}

const MODELS: Model[] = [
  { name: "local SQLite time", ms: (c) => c.sqlMs },
  { name: "1 ms per query", ms: (c) => c.statements * LIMITS.d1PlanningMsPerQuery },
];

export interface Capacity {
  models: string[];
  /** Database ms per unit of work, per model. */
  unit: { what: string; statements: number; ms: number[] }[];
  ceilings: { what: string; values: number[]; unit: string }[];
  storage?: {
    bytesPerEvent?: number;
    bytesPerOrder?: number;
    eventsUntilFull?: number;
    ordersUntilFull?: number;
    ordersWithEventsUntilFull?: number;
  };
  peak: {
    rows: {
      what: string;
      perSecond: number;
      statementsPerSecond: number;
      /** Statements that write: they go to the store's primary, never a replica. */
      writesPerSecond: number;
      rowsReadPerSecond: number;
      ms: number[];
    }[];
    totalMs: number[];
    /** Of the statements, the share that only read (conservative model: per statement). */
    readShare: number;
    writesPerSecond: number;
    statementsPerSecond: number;
    /** Keeping each database under ASSUME.targetUtilisation busy, per model. */
    databasesNeeded: number[];
    refreshes: ReturnType<typeof refreshesPerView>;
    /** The largest share of watched views (out for delivery or due today) at which the goal still holds (conservative figure). */
    watchedShareForGoal: number;
  };
  missing: string[];
}

export function capacity(r: Pick<Results, "d1" | "worker">): Capacity | undefined {
  const costs = r.d1?.costs;
  if (!costs?.length) return undefined;
  const find = (label: string) => costs.find((c) => c.label === label);
  const need = {
    view: find("order read with its offers (tracking page view)"),
    read: find("order read (page view)"),
    poll: find("order poll answered 304"),
    config: find("store config"),
    offers: find("offers (confirmation)"),
    preflight: find("CORS preflight (events)"),
    ev1: find("events, batch of 1"),
    ev20: find("events, batch of 20"),
    webhook: find("carrier webhook (EasyPost)"),
    upsert: find("order upsert (merchant)"),
  };
  const missing = Object.entries(need)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length)
    return {
      models: [],
      unit: [],
      ceilings: [],
      peak: {
        rows: [],
        totalMs: [],
        readShare: 0,
        writesPerSecond: 0,
        statementsPerSecond: 0,
        databasesNeeded: [],
        refreshes: refreshesPerView(),
        watchedShareForGoal: 0,
      },
      missing,
    };
  const c = need as Record<keyof typeof need, D1Cost>;
  const per = (f: (m: Model) => number) => MODELS.map(f);
  // Events cost grows by one insert per event beyond the first: interpolate between the measured batches.
  const events = (k: number, m: Model) => m.ms(c.ev1) + ((k - 1) * (m.ms(c.ev20) - m.ms(c.ev1))) / 19;
  const eventStatements = (k: number) => c.ev1.statements + ((k - 1) * (c.ev20.statements - c.ev1.statements)) / 19;
  // The widget reads the order with its offers and its store's config in one request, and posts its
  // events without a preflight: a page view is that one read (its events are counted on their own).
  const pageView = (m: Model) => m.ms(c.view);
  const pageViewStatements = c.view.statements;
  const o = ASSUME.order;
  const views = o.confirmationViews + o.trackingViews;
  const refreshes = refreshesPerView();
  // A tracking view's refreshes: the first a whole read (no copy held yet), the rest answered 304.
  const refreshCost = (cost: (x: D1Cost) => number) => refreshes.first * cost(c.read) + (refreshes.mean - refreshes.first) * cost(c.poll);
  const orderLife = (m: Model) =>
    m.ms(c.upsert) +
    o.webhooks * m.ms(c.webhook) +
    views * pageView(m) +
    o.trackingViews * refreshCost((x) => m.ms(x)) +
    (o.events / 2) * events(2, m);
  const orderLifeStatements =
    c.upsert.statements +
    o.webhooks * c.webhook.statements +
    views * pageViewStatements +
    o.trackingViews * refreshCost((x) => x.statements) +
    (o.events / 2) * eventStatements(2);

  const unit = [
    {
      what: "tracking page view (the order with its offers and its store's config, one request)",
      statements: pageViewStatements,
      ms: per(pageView),
    },
    { what: "refresh answered 304", statements: c.poll.statements, ms: per((m) => m.ms(c.poll)) },
    {
      what: "first refresh after a tracking page view (a whole read: no copy held yet)",
      statements: c.read.statements,
      ms: per((m) => m.ms(c.read)),
    },
    { what: "events request, 1 event", statements: c.ev1.statements, ms: per((m) => m.ms(c.ev1)) },
    { what: "events request, 20 events", statements: c.ev20.statements, ms: per((m) => m.ms(c.ev20)) },
    { what: "carrier webhook", statements: c.webhook.statements, ms: per((m) => m.ms(c.webhook)) },
    { what: "order upsert", statements: c.upsert.statements, ms: per((m) => m.ms(c.upsert)) },
    {
      what: `one order's life (${o.webhooks} webhooks, ${views} page views, ${fmt(o.trackingViews * refreshes.mean, 1)} refreshes, ${o.events} events in pairs)`,
      statements: orderLifeStatements,
      ms: per(orderLife),
    },
  ];
  const ceilings = [
    { what: "events/s, 20 per request", values: per((m) => (1000 / m.ms(c.ev20)) * 20), unit: "events/s" },
    { what: "events/s, 1 per request", values: per((m) => 1000 / m.ms(c.ev1)), unit: "events/s" },
    { what: "tracking page views/s (no refreshes)", values: per((m) => 1000 / pageView(m)), unit: "views/s" },
    { what: "refreshes/s answered 304", values: per((m) => 1000 / m.ms(c.poll)), unit: "polls/s" },
    { what: "orders/day, traffic flat over the day", values: per((m) => 86_400_000 / orderLife(m)), unit: "orders/day" },
    {
      what: `orders/day, busiest hour ${ASSUME.peakHourFactor}× the average`,
      values: per((m) => 86_400_000 / orderLife(m) / ASSUME.peakHourFactor),
      unit: "orders/day",
    },
  ];

  const bytesPerEvent = r.worker?.load?.events?.rows ? r.worker.load.events.bytes / r.worker.load.events.rows : undefined;
  const bytesPerOrder = r.worker?.offers?.storage ? r.worker.offers.storage.fileBytes / r.worker.offers.size.orders : undefined;
  const storage = {
    bytesPerEvent,
    bytesPerOrder,
    eventsUntilFull: bytesPerEvent ? LIMITS.d1MaxDatabaseBytes / bytesPerEvent : undefined,
    ordersUntilFull: bytesPerOrder ? LIMITS.d1MaxDatabaseBytes / bytesPerOrder : undefined,
    ordersWithEventsUntilFull:
      bytesPerEvent && bytesPerOrder ? LIMITS.d1MaxDatabaseBytes / (bytesPerOrder + o.events * bytesPerEvent) : undefined,
  };

  // The peak: 2,000 tracking views/s, each tab open ASSUME.openSeconds at the widget's pace, 500 events/s.
  const viewsPerSecond = PEAK.trackingViewsPerSecond;
  const eventRequests = PEAK.eventsPerSecond / ASSUME.eventsPerRequest;
  // The queue's consumer writes up to LIMITS.queuesMaxBatch events in one statement (not run by the D1 bench: modelled).
  const consumerBatches = PEAK.eventsPerSecond / LIMITS.queuesMaxBatch;
  const rowsFor = (r: ReturnType<typeof refreshesPerView>) => [
    {
      what: `${viewsPerSecond.toLocaleString("en")} tracking page views/s (the order with its offers)`,
      perSecond: viewsPerSecond,
      statementsPerSecond: viewsPerSecond * pageViewStatements,
      writesPerSecond: viewsPerSecond * (c.view.writeStatements ?? 0),
      rowsReadPerSecond: viewsPerSecond * c.view.rowsRead,
      ms: per((m) => viewsPerSecond * pageView(m)),
    },
    {
      what: "their first refreshes: a whole read",
      perSecond: viewsPerSecond * r.first,
      statementsPerSecond: viewsPerSecond * r.first * c.read.statements,
      writesPerSecond: viewsPerSecond * r.first * (c.read.writeStatements ?? 0),
      rowsReadPerSecond: viewsPerSecond * r.first * c.read.rowsRead,
      ms: per((m) => viewsPerSecond * r.first * m.ms(c.read)),
    },
    {
      what: "their later refreshes, answered 304",
      perSecond: viewsPerSecond * (r.mean - r.first),
      statementsPerSecond: viewsPerSecond * (r.mean - r.first) * c.poll.statements,
      writesPerSecond: viewsPerSecond * (r.mean - r.first) * (c.poll.writeStatements ?? 0),
      rowsReadPerSecond: viewsPerSecond * (r.mean - r.first) * c.poll.rowsRead,
      ms: per((m) => viewsPerSecond * (r.mean - r.first) * m.ms(c.poll)),
    },
    {
      what: `${PEAK.eventsPerSecond} events/s: the endpoint (${ASSUME.eventsPerRequest} per request; it reads the token and enqueues)`,
      perSecond: eventRequests,
      statementsPerSecond: eventRequests * eventStatements(ASSUME.eventsPerRequest),
      writesPerSecond: eventRequests * (c.ev1.writeStatements ?? 0),
      rowsReadPerSecond: eventRequests * (c.ev1.rowsRead + ((ASSUME.eventsPerRequest - 1) * (c.ev20.rowsRead - c.ev1.rowsRead)) / 19),
      ms: per((m) => eventRequests * events(ASSUME.eventsPerRequest, m)),
    },
    {
      what: `the queue's consumer writing them, ${LIMITS.queuesMaxBatch} per statement (modelled)`,
      perSecond: consumerBatches,
      statementsPerSecond: consumerBatches,
      writesPerSecond: consumerBatches,
      rowsReadPerSecond: 0,
      // Not measured locally (the bench runs no consumer): the conservative figure only.
      ms: per((m) => (m.name === "1 ms per query" ? consumerBatches * LIMITS.d1PlanningMsPerQuery : 0)),
    },
  ];
  const rows = rowsFor(refreshes);
  const total = (rs: typeof rows, i: number) => rs.reduce((sum, row) => sum + row.ms[i]!, 0);
  const totalMs = MODELS.map((_, i) => total(rows, i));
  const statementsPerSecond = rows.reduce((sum, row) => sum + row.statementsPerSecond, 0);
  const writesPerSecond = rows.reduce((sum, row) => sum + row.writesPerSecond, 0);
  const budgetMs = PEAK.goalDatabases * 1000 * ASSUME.targetUtilisation;
  const databasesNeeded = totalMs.map((ms) => Math.ceil(ms / (1000 * ASSUME.targetUtilisation)));
  // Conservative DB ms/s is linear in the watched share: where it meets the goal's budget.
  const at = (share: number) => total(rowsFor(refreshesPerView(share)), 1);
  const [none, all] = [at(0), at(1)];
  const watchedShareForGoal = none > budgetMs ? 0 : all <= budgetMs ? 1 : (budgetMs - none) / (all - none);
  return {
    models: MODELS.map((m) => m.name),
    unit,
    ceilings,
    storage,
    peak: {
      rows,
      totalMs,
      readShare: 1 - writesPerSecond / statementsPerSecond,
      writesPerSecond,
      statementsPerSecond,
      databasesNeeded,
      refreshes,
      watchedShareForGoal,
    },
    missing: [],
  };
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || !Number.isFinite(n) ? "–" : n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const big = (n: number | undefined) => {
  if (n === undefined || !Number.isFinite(n)) return "–";
  if (n >= 1e9) return `${fmt(n / 1e9, 1)} billion`;
  if (n >= 1e6) return `${fmt(n / 1e6, 1)} million`;
  if (n >= 1e4) return `${fmt(n / 1e3, 0)} thousand`;
  return fmt(n);
};

export function renderCapacity(cap: Capacity): string {
  const lines: string[] = ["## Capacity on paper", ""];
  if (cap.missing.length) {
    lines.push(`Not computed: D1 costs missing for ${cap.missing.join(", ")}.`, "");
    return lines.join("\n");
  }
  const [local, planning] = cap.models;
  lines.push(
    "A D1 database runs its queries one at a time, so one database carries 1 s ÷ (database time per request) requests a second. " +
      `Database time per request comes from the D1 costs measured above, two ways: **${local}** (the request's own statements replayed in SQLite on the same database file on this machine; the optimistic bound, without D1's per-query overhead) ` +
      `and **${planning}** (the example D1's limits page uses for planning; the conservative bound). Production D1 lies between them; plan on the conservative column.`,
    "",
    `| Unit of work | statements | DB ms (${local}) | DB ms (${planning}) |`,
    "| --- | ---: | ---: | ---: |",
    ...cap.unit.map(
      (u) => `| ${u.what} | ${fmt(u.statements, Number.isInteger(u.statements) ? 0 : 1)} | ${fmt(u.ms[0], 2)} | ${fmt(u.ms[1], 0)} |`,
    ),
    "",
    `**One D1 database's ceiling:**`,
    "",
    `| | ${local} | ${planning} |`,
    "| --- | ---: | ---: |",
    ...cap.ceilings.map((x) => `| ${x.what} | ${big(x.values[0])} | ${big(x.values[1])} |`),
  );
  const s = cap.storage;
  if (s?.bytesPerEvent || s?.bytesPerOrder) {
    lines.push(
      `| rows until the 10 GB limit: events at ${fmt(s.bytesPerEvent)} bytes each (measured, with indexes) | ${big(s.eventsUntilFull)} | |`,
      `| orders until 10 GB at ${fmt(s.bytesPerOrder)} bytes each (the 500k-order store's file ÷ its orders) | ${big(s.ordersUntilFull)} | |`,
      `| orders until 10 GB with their ${ASSUME.order.events} events each | ${big(s.ordersWithEventsUntilFull)} | |`,
    );
  }
  lines.push("");
  const p = cap.peak;
  const r = p.refreshes;
  const pct = (share: number) => `${fmt(share * 100)}%`;
  const met = p.databasesNeeded[1]! <= PEAK.goalDatabases;
  lines.push(
    `### A Black-Friday peak: ${PEAK.trackingViewsPerSecond.toLocaleString("en")} tracking-page views/s and ${PEAK.eventsPerSecond} events/s`,
    "",
    `Each tracking tab stays open ${ASSUME.openSeconds} s and refreshes at the widget's own pace (widget/views/tracking/pace.ts): ` +
      `every ${fmt(r.watchedEveryMs / 1000)} s while a parcel is out for delivery or due today (${fmt(r.watched)} refreshes in ${ASSUME.openSeconds} s), ` +
      `every ${fmt(r.transitEveryMs / 1000)} s otherwise (${fmt(r.transit)}). With ${pct(ASSUME.watchedShare)} of the views watched that way, a view brings ${fmt(r.mean, 2)} refreshes; ` +
      "the first is a whole read (the page view's answer carries its offers and is not kept, so the browser has no copy to revalidate), the others are answered 304.",
    "",
    `| Load | requests/s | statements/s | rows read/s | DB ms per s (${local}) | DB ms per s (${planning}) |`,
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...p.rows.map(
      (row) =>
        `| ${row.what} | ${fmt(row.perSecond)} | ${fmt(row.statementsPerSecond)} | ${big(row.rowsReadPerSecond)} | ${fmt(row.ms[0])} | ${fmt(row.ms[1])} |`,
    ),
    `| **total** | | **${fmt(p.statementsPerSecond)}** | ${big(p.rows.reduce((s, row) => s + row.rowsReadPerSecond, 0))} | **${fmt(p.totalMs[0])}** | **${fmt(p.totalMs[1])}** |`,
    "",
    `One database has 1,000 DB ms per second. Reads are ${fmt(p.readShare * 100)}% of the statements (conservative model): they go to replicas and shards. ` +
      `The ${fmt(p.writesPerSecond)} writes a second (each page view's offer decision, the queue's event batches) go to each store's primary: ` +
      "shards divide them between stores, not within one. " +
      `Keeping each database under ${fmt(ASSUME.targetUtilisation * 100)}% busy, the peak needs **${p.databasesNeeded[1]} databases' worth of capacity** at the conservative figure ` +
      `(${p.databasesNeeded[0]} at the local one). Goal (issue 23): at most ${PEAK.goalDatabases}: **${met ? "met" : "not met"}**. ` +
      `It holds while at most ${pct(p.watchedShareForGoal)} of tracking views are of an order out for delivery or due today` +
      (met ? "." : `; at the ${pct(ASSUME.watchedShare)} assumed, it does not.`),
    "",
    `Assumptions, not measurements: a tracking tab stays open and visible ${ASSUME.openSeconds} s after a view; ${pct(ASSUME.watchedShare)} of tracking views are of an order with a parcel out for delivery or due today ` +
      `(one of an order's ${ASSUME.order.trackingViews}); events arrive ${ASSUME.eventsPerRequest} per request; ` +
      `an order's life is ${ASSUME.order.webhooks} carrier webhooks and ${ASSUME.order.confirmationViews + ASSUME.order.trackingViews} page views (${ASSUME.order.trackingViews} of them tracking views, with their refreshes) and ${ASSUME.order.events} events; ` +
      `the busiest hour is ${ASSUME.peakHourFactor}× the average. Every page view is counted with its offers (a store with offers on every view).`,
    "",
    "### How it scales past one database, on Cloudflare's own primitives",
    "",
    "1. **Refreshes first (no new infrastructure; built, issue 23).** Most of the peak is open tabs refreshing. A per-order and a per-store view version " +
      "rise with every write that changes the shopper's view, and the ETag is made of them and of when the view next changes by itself: `If-None-Match` " +
      "is answered from one indexed read, the view itself is read in one statement, and kept in the Cache API keyed by token and versions, so a hot order " +
      "is read from D1 once per change, not once per tab (the figures above count D1 without the cache: the bench runs the worker in Node).",
    "2. **Read replicas through the Sessions API (built, issue 23).** The shopper's reads (the order with its offers and store config) and the dashboard's " +
      "run in a D1 session: `first-unconstrained`, or from the bookmark the browser sends back (`Doorstep-Bookmark`, answered with every such request, so a " +
      "shopper who just answered a survey reads their own write); writes start `first-primary`, and the same statements are run (the counts above). " +
      "D1 keeps replicas in each of its regions at no extra cost; reads spread over them, the primary keeps the writes. Replicas " +
      "spread load across regions, not within one: a peak concentrated in one region still needs shards.",
    `3. **Queues for event writes (built, issue 23).** The events endpoint validates and enqueues (one \`sendBatch\`, a message per event) and answers 202; ` +
      `the worker's own consumer writes up to ${LIMITS.queuesMaxBatch} events per D1 batch (\`max_batch_size\` ${LIMITS.queuesMaxBatch}, \`max_batch_timeout\` 1 s, of at most ${LIMITS.queuesMaxBatchWaitSeconds} s). ` +
      `One queue takes ${LIMITS.queuesMessagesPerSecond.toLocaleString("en")} messages/s; the widget already retries until the worker answers, and the ` +
      "(store, event id) key keeps a redelivered batch exactly-once; a batch whose write fails is retried (10 times), then dead-lettered into D1 for the merchant " +
      "(`GET /v1/admin/dead-letters`). The endpoint itself reads one statement (the token's head: one small row) and writes nothing; D1 sees one insert per event, in one batch per 100. " +
      "Under `wrangler dev` the local queue's `sendBatch` costs the worker about what the D1 write it replaced did, and the two abuse limits (each a local Durable Object's " +
      "SQLite read and write) cost more, so the local request rate stays a fifth to a quarter of the trivial endpoint's (see the reading); in production they are Cloudflare services, not work in the worker's process.",
    `4. **One D1 database per store, or per store group, behind a routing table (built, issue 23).** Each store's orders, events and feedback live in its shard's database ` +
      `(a merchant past 10 GB, or past one database's throughput, gets its own; small stores share one). A small directory (\`store_directory\` in \`DB\`, shard s0, cached per isolate) ` +
      "maps store id → shard (binding `DB_S<n>`); the order token, API keys and dashboard sessions carry their shard (`s1.…`), so a shopper's or merchant's request needs no lookup; " +
      'the cron runs per shard and the queue consumer writes each shard\'s messages in its own batch. Locally and in the tests two shards run (`DB`, `DB_S1`); README "Shards" says how to add one. ' +
      `A worker can bind about ${LIMITS.d1BindingsPerWorker.toLocaleString("en")} databases and an account hold ${LIMITS.d1DatabasesPerAccount.toLocaleString("en")} (Workers Paid, raised on request). ` +
      "Cross-store work (the operator's views, a store's dashboard) reads one shard at a time, as the admin API already does.",
    "",
    `**What to provision for the peak above.** ${p.databasesNeeded[1]} databases' worth at the conservative figure (${p.databasesNeeded[0]} at the local one), ` +
      "with replicas on and event writes through the queue. " +
      `Page views are the load: ${PEAK.trackingViewsPerSecond.toLocaleString("en")} a second of ${fmt(cap.unit[0]?.statements)} statements each (the view, which carries the token's head and ` +
      "what its offers are ranked from; their decision, which counts what it showed in the same statement), then the refreshes, one statement each. " +
      "Shards and replicas divide it; a single merchant's store cannot be split past one database, so a merchant at this peak alone also leans on the edge cache " +
      "(a refresh after a change, from another tab that read it, costs only the head).",
    "",
    "Sources: D1 limits (10 GB per database, databases per account, bindings per Worker, queries processed one at a time), D1 global read replication " +
      "(Sessions API, `withSession`, bookmarks), Queues limits (batch size 100, batch wait ≤ 60 s, 5,000 messages/s per queue, 250 concurrent consumers), " +
      "all on developers.cloudflare.com.",
    "",
  );
  return lines.join("\n");
}
