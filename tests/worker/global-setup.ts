/**
 * The worker tests' local stand-in for EasyPost and AfterShip (tests/stand-ins/aggregators.ts), a real
 * HTTP server on a free loopback port. vitest.config.ts points the worker's EASYPOST_API_URL and
 * AFTERSHIP_API_URL at it, so parcel registration goes over the network as it does in production.
 */
import type { TestProject } from "vitest/node";
import { startAggregatorStandIn } from "../stand-ins/aggregators.ts";

declare module "vitest" {
  export interface ProvidedContext {
    aggregatorStandIn: string;
  }
}

export async function setup(project: TestProject) {
  const standIn = await startAggregatorStandIn();
  project.provide("aggregatorStandIn", standIn.url);
  return () => standIn.close();
}
