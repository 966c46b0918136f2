import type { GreetingPreview as Preview } from '../api-types';
import { ErrorNotice, Loading } from '../components';
import { useSession, withTenant } from '../session';
import { useApi } from '../use-api';
import { useRecording } from '../use-recording';

/** The greeting callers hear first; its cached recording plays in the page (fetched with the key: an <audio src> sends none). */
export function GreetingPreview() {
  const session = useSession();
  const preview = useApi<Preview>(withTenant('/v1/agent-config/greeting', session));
  const audioUrl = useRecording(preview.data?.recording ? withTenant('/v1/agent-config/greeting/audio', session) : null, preview.data?.recording?.renderedAt);
  return (
    <article class="card greeting">
      <h2>Greeting</h2>
      {!preview.data ? (
        preview.error ? <ErrorNotice error={preview.error} /> : <Loading />
      ) : (
        <>
          <blockquote class="greeting-text">{preview.data.text}</blockquote>
          {preview.data.recording ? (
            <>
              {audioUrl && <audio controls src={audioUrl} aria-label="Greeting recording" />}
              <p class="muted">
                Recorded in the voice {preview.data.voice} with {preview.data.recording.model}, {(preview.data.recording.durationMs / 1000).toFixed(1)} s: callers hear it
                the moment the call connects.
              </p>
            </>
          ) : (
            <p class="muted">No recording of this greeting yet: the agent speaks it live in the voice {preview.data.voice} until the worker renders it.</p>
          )}
        </>
      )}
    </article>
  );
}
