/**
 * The words and places of the demo history: shoppers' names, phone area codes, sales tax rates and the
 * places their parcels pass through, what they say in the survey, and their reviews, in English and
 * German (a fifth of the shoppers are in Germany).
 */
export const US_FIRST = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "Lucas", "Mia", "Logan", "Harper", "Elijah", "Amelia", "James", "Evelyn", "Aiden", "Abigail", "Carter", "Ella", "Jackson", "Scarlett", "Mateo", "Grace", "Wyatt", "Chloe", "Owen", "Zoe", "Caleb", "Nora", "Ryan", "Hannah", "Nathan", "Aria", "Dylan", "Layla", "Isaac", "Riley", "Hunter", "Camila", "Jordan", "Avery", "Sam", "Taylor", "Devon"];
export const US_LAST = ["Johnson", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Kim", "Patel", "Park", "Okafor", "Brooks"];
export const DE_FIRST = ["Lukas", "Anna", "Leon", "Marie", "Finn", "Sophie", "Paul", "Emilia", "Jonas", "Lena", "Felix", "Hannah", "Maximilian", "Lea", "Elias", "Clara", "Noah", "Johanna", "Ben", "Greta", "Moritz", "Ida", "Tim", "Frieda"];
export const DE_LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner"];
export const US_TAX_RATES = [0.06, 0.0625, 0.0725, 0.08625, 0.0881, 0.0475, 0, 0.07, 0.0825];
export const US_AREA_CODES = ["415", "303", "720", "206", "503", "512", "617", "312", "646", "801"];
export const US_PLACES = [
  ["Memphis, TN", "Louisville, KY", "Indianapolis, IN", "Columbus, OH"],
  ["Denver, CO", "Salt Lake City, UT", "Portland, OR", "Seattle, WA", "Boulder, CO"],
  ["Chicago, IL", "Austin, TX", "Boston, MA", "Brooklyn, NY", "Oakland, CA"],
];
export const DE_PLACES = [["Leipzig", "Bad Hersfeld", "Hamburg"], ["Kassel", "Frankfurt am Main", "Köln"], ["Berlin", "München", "Freiburg", "Dresden"]];

export const STANDOUT_TEXT: Record<string, string[]> = {
  product_quality: ["The fit is spot on", "Feels really well made", "Lighter than I expected", "Great materials"],
  delivery_speed: ["Arrived a day early", "Fast shipping", "Quicker than promised"],
  packaging: ["No plastic, nice touch", "Neatly packed"],
  price: ["Good value for the quality", "The welcome discount helped"],
  website: ["Checkout was quick", "Easy to find my size"],
  support: ["Support answered within the hour"],
  late: ["Took more than a week", "Sat in a depot for days", "Arrived after the promised date"],
  damaged: ["Box was crushed", "Packaging torn open", "Box arrived soaked"],
};

export const COMMENTS = {
  positive: [
    "Love it, already planning my next order.",
    "Perfect for my morning runs.",
    "Exactly as described. Will buy again.",
    "Great quality and the tracking updates were handy.",
    "Used it on a weekend hike, no complaints at all.",
    "Second order here, consistently good.",
    "Gift for my partner, they were thrilled.",
    "Comfortable right out of the box.",
  ],
  neutral: [
    "Good product, but shipping could be faster.",
    "Fine overall. Sizing runs a little small.",
    "Does the job. A bit pricey.",
    "OK, but the colour is darker than in the photos.",
  ],
  late: [
    "Delivery was almost a week late and nobody told me why.",
    "Arrived late, after the trip I bought it for.",
    "Tracking said out for delivery for two days. Very frustrating.",
  ],
  damaged: [
    "The box arrived crushed and the packaging was torn.",
    "Damaged packaging, one item was scuffed.",
    "Parcel was left in the rain and the box fell apart.",
  ],
  unhappy: ["The sole started peeling after two runs.", "Not what I expected for the price.", "Zipper broke on the first use."],
};
export const COMMENTS_DE = {
  positive: ["Super Qualität, gerne wieder.", "Passt perfekt, schnelle Lieferung.", "Genau wie beschrieben."],
  neutral: ["Ganz okay, Versand hat etwas gedauert.", "Gut, aber etwas teuer."],
  late: ["Die Lieferung kam fast eine Woche zu spät.", "Paket hing tagelang im Verteilzentrum."],
  damaged: ["Karton war beschädigt und aufgerissen.", "Verpackung kaputt, Artikel leicht verkratzt."],
  unhappy: ["Leider nach kurzer Zeit kaputt.", "Hatte mehr erwartet."],
};

export const REVIEW_TITLES: Record<number, string[]> = {
  5: ["Love it", "Best purchase this year", "Exactly what I needed", "Fantastic", "Highly recommend"],
  4: ["Really good", "Great, minor quibble", "Solid choice", "Happy with it"],
  3: ["It's okay", "Decent", "Mixed feelings"],
  2: ["Disappointed", "Not great"],
  1: ["Would not buy again", "Poor"],
};
export const REVIEW_TITLES_DE: Record<number, string[]> = {
  5: ["Top!", "Absolut empfehlenswert"],
  4: ["Sehr gut", "Gutes Produkt"],
  3: ["Geht so", "Okay"],
  2: ["Enttäuscht"],
  1: ["Nicht zu empfehlen"],
};
export const REVIEW_BODIES: Record<string, { good: string[]; meh: string[]; bad: string[] }> = {
  footwear: {
    good: ["Grippy on wet rock and comfortable from the first run.", "True to size, plenty of room in the toe box.", "My go-to shoe for long runs now."],
    meh: ["Comfortable, but the laces keep coming undone.", "Runs half a size small."],
    bad: ["Gave me blisters on every run.", "The sole wore down within a month."],
  },
  outerwear: {
    good: ["Packs down to nothing and blocks the wind well.", "Kept me dry in a light shower."],
    meh: ["Does the job, a bit noisy."],
    bad: ["Wetted out in the first real rain."],
  },
  apparel: {
    good: ["Soft, no itch, and it really doesn't smell after a few days.", "Great fit, washes well."],
    meh: ["Nice fabric but shrank a little."],
    bad: ["Got a hole after two washes."],
  },
  packs: {
    good: ["Lots of pockets and it sits comfortably even when full.", "No bounce at all when running."],
    meh: ["Good pack, the straps could be more padded."],
    bad: ["The zip jammed on day one."],
  },
  socks: {
    good: ["No blisters, and they stay up.", "Best running socks I've owned."],
    meh: ["Comfortable but a bit thick for summer."],
    bad: ["Holes in the heel after a few weeks."],
  },
  lighting: {
    good: ["Bright, light, and the battery lasts all week.", "Red mode is great around camp."],
    meh: ["Bright enough, the strap slips a little."],
    bad: ["Stopped charging after a week."],
  },
};
export const REVIEW_BODIES_DE = { good: ["Sehr zufrieden, gute Verarbeitung."], meh: ["Ganz in Ordnung für den Preis."], bad: ["Leider schnell kaputt gegangen."] };
