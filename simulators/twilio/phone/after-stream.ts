import { sendSignedWebhook, type WebhookParams } from '../signed-webhook';
import { parseTwiml, type StreamInstruction, type TwimlVerb } from '../twiml';

/** What Twilio ran once the stream ended without the caller hanging up; `error` when the `<Connect action>` request failed. */
export interface AfterStream {
  verbs: TwimlVerb[];
  error?: string;
}

export interface AfterStreamInput {
  /** The document the `<Connect><Stream>` came from. */
  verbs: readonly TwimlVerb[];
  stream: StreamInstruction;
  /** The call's parameters, as Twilio sends them with every request. */
  params: WebhookParams;
  authToken: string;
  /** What relative URLs resolve against: where that document came from. */
  documentUrl?: string;
  /** Where a request Twilio signs over `url` is really sent (the application behind its public URL). */
  reach: (url: string) => string;
}

/**
 * What Twilio does when a `<Connect><Stream>` ends and the call goes on
 * (protocols.md §1.3): with `<Connect action>`, it requests that URL and
 * runs the TwiML it answers (an error there: "an application error has
 * occurred", and it hangs up); without one, it runs the verbs after
 * `<Connect>`. Nothing to run: the call ends.
 */
export async function twimlAfterStream(input: AfterStreamInput): Promise<AfterStream> {
  const { action, method } = input.stream.connectAttributes;
  if (!action) return { verbs: input.verbs.slice(input.verbs.findIndex(isStreamConnect) + 1) };
  try {
    const url = new URL(action, input.documentUrl).toString();
    const response = await sendSignedWebhook({
      url: input.reach(url),
      signedUrl: url,
      method: method?.toUpperCase() === 'GET' ? 'GET' : 'POST',
      params: input.params,
      authToken: input.authToken,
    });
    if (response.status < 200 || response.status >= 300) return { verbs: [], error: `<Connect action> answered HTTP ${response.status}` };
    return { verbs: parseTwiml(response.body) };
  } catch (error) {
    return { verbs: [], error: `<Connect action> failed: ${(error as Error).message}` };
  }
}

function isStreamConnect(verb: TwimlVerb): boolean {
  return verb.name === 'Connect' && verb.children.some((child) => child.name === 'Stream');
}
