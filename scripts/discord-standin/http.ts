/** What a REST route answers, and the route table's entry type. */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RestResult {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
  /** Set when Discord would refuse the request: recorded as a violation, which fails the test. */
  violation?: { code: number; message: string; detail: string[] };
}

export const ok = (json: unknown): RestResult => ({ status: 200, json });

export const noContent = (): RestResult => ({ status: 204 });

/** Discord's JSON error (`{ code, message, errors }`), recorded as a violation. */
export function refuse(status: number, code: number, message: string, detail: string[] = []): RestResult {
  return { status, json: { code, message, ...(detail.length ? { errors: detail } : {}) }, violation: { code, message, detail } };
}

/** Discord's 50035 "Invalid Form Body" with the problems found, or undefined when there are none. */
export function invalidForm(problems: string[]): RestResult | undefined {
  return problems.length ? refuse(400, 50035, 'Invalid Form Body', problems) : undefined;
}

export interface RouteContext<Host> {
  host: Host;
  /** The pattern's named parameters. */
  params: Record<string, string>;
  body: unknown;
  url: URL;
}

export interface Route<Host> {
  method: Method;
  /**
   * The path after /api/v10, with `:name` parameters: Discord IDs unless a pattern follows in
   * parentheses (`:token([^/]+)`).
   */
  pattern: string;
  /** false for routes authorised by a token in the path (interaction callbacks, webhooks). */
  auth?: boolean;
  handler(context: RouteContext<Host>): RestResult;
}
