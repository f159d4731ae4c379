/**
 * What shoppers answer in the three-step survey and the reviews some write after it. Mostly happy; a
 * late or troubled parcel, or a damaged box, pulls the answer down, and the product is judged apart
 * from the parcel.
 */
import { phoneNumber } from "./customers.ts";
import { product } from "./baskets.ts";
import type { HistoryRun } from "./run.ts";
import { MINUTE, type HistoryOrder, type ShipmentPlan, type SurveyPlan } from "./types.ts";
import { COMMENTS, COMMENTS_DE, REVIEW_BODIES, REVIEW_BODIES_DE, REVIEW_TITLES, REVIEW_TITLES_DE, STANDOUT_TEXT } from "./words.ts";

type Choice = NonNullable<SurveyPlan["standout"]>["choice"];

/** The answers of a shopper shown the survey at `shownAt`, as far as they went; none for a quarter. */
export function surveyFor(run: HistoryRun, order: HistoryOrder, shipment: ShipmentPlan, shownAt: number): SurveyPlan | undefined {
  const { dice } = run;
  if (!dice.chance(0.75)) return undefined; // shown, never answered
  const german = order.customer.market.country === "DE";
  const { rating, damaged } = firstAnswer(run, shipment);
  const step1 = shownAt + dice.between(15, 60) * 1000;
  const survey: SurveyPlan = { rating, steps: 1, createdAt: step1, updatedAt: step1 };
  if (!dice.chance(0.845) || step1 + 2 * MINUTE >= run.nowMs) return survey;
  const choice = standoutChoice(run, rating, shipment.trouble !== undefined, damaged);
  const textPool =
    rating <= 2 && choice === "delivery_speed"
      ? STANDOUT_TEXT.late
      : rating <= 2 && choice === "packaging"
        ? STANDOUT_TEXT.damaged
        : STANDOUT_TEXT[choice];
  survey.standout = { choice, text: textPool && !german && dice.chance(0.3) ? dice.pick(textPool) : undefined };
  survey.steps = 2;
  survey.step2At = survey.updatedAt = step1 + dice.between(20, 90) * 1000;
  if (!dice.chance(0.87)) return survey;
  const step3 = survey.updatedAt + dice.between(20, 150) * 1000;
  lastAnswers(run, order, survey, choice, german);
  survey.steps = 3;
  survey.updatedAt = step3;
  survey.completedAt = step3;
  return survey;
}

/** The star rating: a trouble parcel or a damaged box takes one to three stars off, often. */
function firstAnswer(run: HistoryRun, shipment: ShipmentPlan): { rating: number; damaged: boolean } {
  const { dice } = run;
  let rating = dice.weighted([
    [5, 0.49],
    [4, 0.3],
    [3, 0.11],
    [2, 0.06],
    [1, 0.04],
  ] as const) as number;
  const damaged = dice.chance(0.05);
  if (shipment.trouble && dice.chance(0.55)) rating = Math.max(1, rating - dice.int(1, 3));
  else if (damaged && dice.chance(0.6)) rating = Math.max(1, rating - dice.int(1, 3));
  return { rating, damaged };
}

/** What stood out (or slowed them down), as the widget offers choices for the rating. */
function standoutChoice(run: HistoryRun, rating: number, late: boolean, damaged: boolean): Choice {
  const { dice } = run;
  if (rating >= 4)
    return dice.weighted([
      ["product_quality", 0.4],
      ["delivery_speed", 0.25],
      ["packaging", 0.08],
      ["price", 0.1],
      ["website", 0.12],
      ["support", 0.05],
    ] as const);
  if (rating === 3)
    return dice.weighted([
      ["price", 0.3],
      ["delivery_speed", late ? 0.6 : 0.2],
      ["product_quality", 0.25],
      ["website", 0.1],
      ["other", 0.1],
    ] as const);
  if (late)
    return dice.weighted([
      ["delivery_speed", 0.8],
      ["support", 0.2],
    ] as const);
  if (damaged) return "packaging";
  return dice.weighted([
    ["product_quality", 0.6],
    ["packaging", 0.25],
    ["support", 0.15],
  ] as const);
}

/** The last step: what they want to hear about, a comment (most detractors write one), a callback for some detractors. */
function lastAnswers(run: HistoryRun, order: HistoryOrder, survey: SurveyPlan, choice: Choice, german: boolean): void {
  const { dice } = run;
  const { rating } = survey;
  survey.wants =
    rating <= 2
      ? dice.weighted([
          ["none", 0.8],
          ["tip", 0.2],
        ] as const)
      : dice.weighted([
          ["tip", 0.3],
          ["promotion", 0.3],
          ["demo", 0.05],
          ["none", 0.35],
        ] as const);
  const words = german ? COMMENTS_DE : COMMENTS;
  if (rating <= 2 ? dice.chance(0.85) : dice.chance(0.4)) {
    survey.comment =
      rating >= 4
        ? dice.pick(words.positive)
        : rating === 3
          ? dice.pick(words.neutral)
          : choice === "delivery_speed"
            ? dice.pick(words.late)
            : choice === "packaging"
              ? dice.pick(words.damaged)
              : dice.pick(words.unhappy);
  }
  if (rating <= 2 && dice.chance(0.5)) {
    survey.callback = {
      phone: order.customer.phone ?? phoneNumber(run, german, "40"),
      time: german
        ? dice.pick(["vormittags", "nach 17 Uhr"])
        : dice.pick(["weekday mornings", "after 5pm", "any time Friday", "lunchtime"]),
    };
  }
}

/** One review per item, a little apart, with stars near the survey's rating (a late parcel does not make the shoe worse). */
export function reviewsFor(run: HistoryRun, order: HistoryOrder, survey: SurveyPlan, at: number): HistoryOrder["reviews"] {
  const { dice } = run;
  const german = order.customer.market.country === "DE";
  const aboutDelivery = survey.rating <= 2 && (survey.standout?.choice === "delivery_speed" || survey.standout?.choice === "packaging");
  const skus = [...new Set(order.input.lines.map((l) => l.sku))];
  return skus.map((sku, i) => {
    const stars = aboutDelivery
      ? dice.int(3, 4)
      : Math.max(
          1,
          Math.min(
            5,
            survey.rating +
              dice.weighted([
                [-1, 0.15],
                [0, 0.7],
                [1, 0.15],
              ] as const),
          ),
        );
    const tone = stars >= 4 ? "good" : stars === 3 ? "meh" : "bad";
    const title = dice.chance(0.85) ? dice.pick((german ? REVIEW_TITLES_DE : REVIEW_TITLES)[stars]!) : undefined;
    const body = dice.chance(0.75) ? dice.pick(german ? REVIEW_BODIES_DE[tone] : REVIEW_BODIES[product(sku).family]![tone]) : undefined;
    return { sku, rating: stars, title, body, at: at + i * dice.between(20, 60) * 1000 };
  });
}
