/** What goes in a basket: shopping missions with items that tend to go together (so co-purchase has structure). */
import { catalog, type Product } from "../../../demo-store/catalog.ts";
import type { Dice } from "./dice.ts";

export const product = (sku: string): Product => {
  const found = catalog.find((p) => p.sku === sku);
  if (!found) throw new Error(`demo history names an unknown sku: ${sku}`);
  return found;
};

/** What shoppers come for: a main item and what tends to go with it (so co-purchase has structure). */
const MISSIONS: { weight: number; main: string; extras: [string, number][] }[] = [
  {
    weight: 0.2,
    main: "ridgeline-trail-runner",
    extras: [
      ["trail-sock-3pack", 0.6],
      ["switchback-run-vest", 0.2],
      ["beacon-headlamp", 0.15],
    ],
  },
  {
    weight: 0.15,
    main: "tempo-road-shoe",
    extras: [
      ["trail-sock-3pack", 0.55],
      ["basecamp-merino-tee", 0.3],
    ],
  },
  // Hikers take a tee and a shell with the daypack; a headlamp only now and then.
  {
    weight: 0.16,
    main: "summit-daypack",
    extras: [
      ["basecamp-merino-tee", 0.5],
      ["cirrus-wind-shell", 0.4],
      ["beacon-headlamp", 0.05],
      ["trail-sock-3pack", 0.1],
    ],
  },
  { weight: 0.13, main: "cirrus-wind-shell", extras: [["basecamp-merino-tee", 0.55]] },
  {
    weight: 0.07,
    main: "switchback-run-vest",
    extras: [
      ["trail-sock-3pack", 0.3],
      ["beacon-headlamp", 0.2],
    ],
  },
  { weight: 0.1, main: "trail-sock-3pack", extras: [] },
  { weight: 0.09, main: "beacon-headlamp", extras: [["trail-sock-3pack", 0.2]] },
  { weight: 0.1, main: "basecamp-merino-tee", extras: [] },
];

/** The small things returning shoppers restock (socks, headlamp, tee, shell). */
const RESTOCK = [MISSIONS[5]!, MISSIONS[6]!, MISSIONS[7]!, MISSIONS[3]!];

/**
 * A basket: the offer a returning shopper clicked (with socks now and then), or a mission's main item
 * and some of its usual companions.
 */
export function basket(dice: Dice, returning: boolean, sku?: string): { product: Product; quantity: number }[] {
  const items = new Map<string, number>();
  if (sku) {
    items.set(sku, 1);
    if (sku !== "trail-sock-3pack" && dice.chance(0.25)) items.set("trail-sock-3pack", 1);
  } else {
    const mission = returning && dice.chance(0.45) ? dice.pick(RESTOCK) : dice.weighted(MISSIONS.map((m) => [m, m.weight] as const));
    items.set(mission.main, quantityOfMain(dice, mission.main));
    for (const [extra, p] of mission.extras)
      if (dice.chance(p)) items.set(extra, extra === "trail-sock-3pack" && dice.chance(0.25) ? 2 : 1);
  }
  return [...items].map(([s, quantity]) => ({ product: product(s), quantity }));
}

/** Socks come in ones, twos and threes; a tee sometimes in two. */
function quantityOfMain(dice: Dice, sku: string): number {
  if (sku === "trail-sock-3pack")
    return dice.weighted([
      [1, 0.6],
      [2, 0.3],
      [3, 0.1],
    ] as const);
  return sku === "basecamp-merino-tee" && dice.chance(0.25) ? 2 : 1;
}
