/**
 * Where the local worker registers parcels with the tracking aggregators and sends events to Klaviyo:
 * EASYPOST_API_URL, AFTERSHIP_API_URL and KLAVIYO_API_URL from the environment, passed to `wrangler dev` as `--var`s (`npm run dev`, the demo,
 * the end-to-end tests' stand-in). Unset, the worker keeps wrangler.toml's real vendor URLs.
 */
export const AGGREGATOR_URL_VARS = ["EASYPOST_API_URL", "AFTERSHIP_API_URL", "KLAVIYO_API_URL"] as const;

export function aggregatorUrlVars(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(AGGREGATOR_URL_VARS.filter((name) => env[name]).map((name) => [name, env[name]!]));
}
