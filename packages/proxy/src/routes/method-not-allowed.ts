/**
 * The 405 of a door's endpoint hit with the wrong method (the endpoint exists, only the method is wrong), with
 * `Allow: POST`, in the door's error shape.
 */
export function methodNotAllowed(method: string, path: string, shape: 'openai' | 'anthropic'): Response {
  const message = `${method} is not allowed on ${path}: send a POST with a JSON body.`;
  const body =
    shape === 'anthropic'
      ? { type: 'error', error: { type: 'invalid_request_error', message } }
      : { error: { message, type: 'invalid_request_error', code: 'method_not_allowed', param: null } };
  return new Response(JSON.stringify(body), {
    status: 405,
    headers: { 'content-type': 'application/json', allow: 'POST' },
  });
}
