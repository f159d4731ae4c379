/** What Northwind Outfitters sells. Prices are in US cents; the shop charges the same figure in euros. */
export interface Product {
  sku: string;
  name: string;
  /** Groups products for Doorstep's cross-sell and replenishment offers. */
  family: string;
  price: number;
  description: string;
  /** Path under the shop's origin. */
  image: string;
}

export const catalog: readonly Product[] = [
  {
    sku: "ridgeline-trail-runner",
    name: "Ridgeline Trail Runner",
    family: "footwear",
    price: 12900,
    description: "A grippy, rock-plated trail shoe with 4 mm drop and a lug pattern that sheds mud on technical descents.",
    image: "/img/ridgeline-trail-runner.svg",
  },
  {
    sku: "tempo-road-shoe",
    name: "Tempo Road Shoe",
    family: "footwear",
    price: 13900,
    description: "Light, springy and breathable: a daily trainer for tempo runs and race day, with a recycled knit upper.",
    image: "/img/tempo-road-shoe.svg",
  },
  {
    sku: "cirrus-wind-shell",
    name: "Cirrus Wind Shell",
    family: "outerwear",
    price: 9800,
    description: "A 78 g windproof shell that packs into its own chest pocket. DWR-treated for the passing shower.",
    image: "/img/cirrus-wind-shell.svg",
  },
  {
    sku: "basecamp-merino-tee",
    name: "Basecamp Merino Tee",
    family: "apparel",
    price: 4800,
    description: "Soft 150 gsm merino that stays fresh through a three-day trip. Flatlock seams, no itchy tags.",
    image: "/img/basecamp-merino-tee.svg",
  },
  {
    sku: "switchback-run-vest",
    name: "Switchback Run Vest 8L",
    family: "packs",
    price: 8500,
    description: "A close-fitting hydration vest with two soft flasks, pole loops and room for a shell and snacks.",
    image: "/img/switchback-run-vest.svg",
  },
  {
    sku: "summit-daypack",
    name: "Summit Daypack 18L",
    family: "packs",
    price: 7400,
    description: "A weatherproof daypack with a padded laptop sleeve and a ventilated back panel for summer hikes.",
    image: "/img/summit-daypack.svg",
  },
  {
    sku: "trail-sock-3pack",
    name: "Trail Sock 3-Pack",
    family: "socks",
    price: 2400,
    description: "Cushioned, blister-resistant merino-blend socks. Replace them every six months and your feet will thank you.",
    image: "/img/trail-sock-3pack.svg",
  },
  {
    sku: "beacon-headlamp",
    name: "Beacon 400 Headlamp",
    family: "lighting",
    price: 3900,
    description: "400 lumens, USB-C rechargeable, with a red night mode and a bounce-free strap for dawn patrols.",
    image: "/img/beacon-headlamp.svg",
  },
];

const bySku = new Map(catalog.map((p) => [p.sku, p]));

export function findProduct(sku: string): Product | undefined {
  return bySku.get(sku);
}
