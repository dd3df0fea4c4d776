/** An answer of the simulator API: the HTTP status (0 when unreachable) and the JSON body, if any. */
export interface ApiAnswer {
  readonly status: number;
  readonly data: unknown;
}

/**
 * Calls the simulator API with an optional JSON body; never rejects.
 *
 * @example const { status, data } = await callApi('GET', '/simulator/api/config');
 */
export async function callApi(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  const init: RequestInit = { method, headers: body === undefined ? {} : { 'content-type': 'application/json' } };
  if (body !== undefined) init.body = JSON.stringify(body);
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    return { status: 0, data: { message: 'The simulator server could not be reached.' } };
  }
  let data: unknown = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  return { status: response.status, data };
}

/** The `message` of an error answer, or `fallback`. */
export function answerMessage(answer: ApiAnswer, fallback: string): string {
  const data = answer.data as { message?: unknown } | null;
  return data && typeof data.message === 'string' ? data.message : fallback;
}
