/**
 * What the model is told when the browser agent's user declines a tool call
 * on screen: it did not run. Free of imports, since the web page bundles it
 * as well as the media-edge.
 */
export const DECLINED_RESULT = {
  ok: false,
  error: { code: 'declined', message: 'The user declined this on screen, so it was not done. Ask what they would like instead.' },
} as const;
