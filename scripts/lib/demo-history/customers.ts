/** Who buys: new shoppers in the US and Germany, and returning ones (loyal customers come back more). */
import { customerIdFor } from "../../../demo-store/customer.ts";
import { marketFor } from "../../../demo-store/pricing.ts";
import { armOf } from "../../../worker/domain/offers/holdout.ts";
import type { Slot } from "./calendar.ts";
import type { HistoryRun } from "./run.ts";
import { DAY, type Customer } from "./types.ts";
import { DE_FIRST, DE_LAST, US_AREA_CODES, US_FIRST, US_LAST, US_TAX_RATES } from "./words.ts";

const US = marketFor("US")!;
const DE = marketFor("DE")!;

/** The slot's own shopper (a planned return), else about one in five is someone who bought before. */
export function customerFor(run: HistoryRun, slot: Slot): Customer {
  if (slot.customer) return slot.customer;
  const { dice } = run;
  const earlier = run.customers.filter((c) => c.orders.length && slot.at - c.orders.at(-1)!.placedAt > 3 * DAY);
  if (earlier.length && dice.chance(0.2)) return dice.weighted(earlier.map((c) => [c, c.orders.length] as const));
  return newCustomer(run);
}

/** A new shopper: a fifth in Germany, an email no one else has, a phone number for some. */
function newCustomer(run: HistoryRun): Customer {
  const { dice } = run;
  const german = dice.chance(0.2);
  const email = newEmail(run, german);
  const phone = dice.chance(0.3) ? phoneNumber(run, german) : undefined;
  const id = customerIdFor(email);
  const customer: Customer = {
    id,
    email,
    phone,
    market: german ? DE : US,
    taxRate: german ? 0 : dice.pick(US_TAX_RATES),
    arm: armOf(run.storeId, id, run.holdoutShare),
    orders: [],
  };
  run.customers.push(customer);
  return customer;
}

function newEmail(run: HistoryRun, german: boolean): string {
  const { dice } = run;
  let email = "";
  while (!email || run.emails.has(email)) {
    const first = dice.pick(german ? DE_FIRST : US_FIRST);
    const last = dice.pick(german ? DE_LAST : US_LAST);
    const local = `${first}.${last}`.toLowerCase().replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss");
    email = `${local}${dice.chance(0.3) ? dice.int(2, 99) : ""}@example.${german ? "de" : "com"}`;
  }
  run.emails.add(email);
  return email;
}

/** A made-up phone number (in the US, from the 555-01xx range kept for fiction). */
export function phoneNumber(run: HistoryRun, german: boolean, city: "30" | "40" = "30"): string {
  const { dice } = run;
  return german ? `+49 ${city} 5550 ${dice.digits(4)}` : `+1 (${dice.pick(US_AREA_CODES)}) 555-01${dice.digits(2)}`;
}
