type Provider = "easypost" | "aftership";
export interface ReceivedRequest {
  provider: Provider;
  method: string;
  path: string;
  /** The credential as sent: the Basic user name (EasyPost) or the as-api-key header (AfterShip). */
  apiKey: string | null;
  contentType: string | null;
  body: unknown;
  answered: number;
  at: string;
}
export interface AggregatorStandIn {
  url: string;
  close(): Promise<void>;
}
export declare function startAggregatorStandIn(port?: number): Promise<AggregatorStandIn>;
/** The base URLs a worker uses for the stand-in (the worker variables EASYPOST_API_URL, AFTERSHIP_API_URL). */
export declare const standInApiUrls: (url: string) => {
  EASYPOST_API_URL: string;
  AFTERSHIP_API_URL: string;
};
export {};
