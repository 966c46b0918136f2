import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../shared/api-client';
import { SessionContext, signedOutBy } from './session';

export interface ApiState<T> {
  data?: T;
  error?: Error;
  /** When `data` arrived, by the browser's clock. */
  receivedAt?: number;
  reload(): void;
}

export interface PollOptions<T> {
  /** Asks again this often while the page shows it. */
  everyMs?: number;
  /** Polling stops once this says the data is final. */
  until?: (data: T) => boolean;
}

/** GET `path` (null: nothing yet), again on `reload()` and every `everyMs`; a revoked key signs the console out. */
export function useApi<T>(path: string | null, poll: PollOptions<T> = {}): ApiState<T> {
  const session = useContext(SessionContext);
  const [state, setState] = useState<Omit<ApiState<T>, 'reload'>>({});
  const [version, setVersion] = useState(0);
  const shownPath = useRef<string | null>(null);
  const { everyMs, until } = poll;

  useEffect(() => {
    // Another request shows nothing of the previous one; a reload keeps what is shown until it answers.
    if (shownPath.current !== path) setState({});
    shownPath.current = path;
    if (path === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const data = await api<T>(path);
        if (stopped) return;
        setState({ data, receivedAt: Date.now() });
        if (everyMs && !until?.(data)) timer = setTimeout(load, everyMs);
      } catch (error) {
        if (stopped) return;
        if (signedOutBy(error, session)) return;
        setState((previous) => ({ ...previous, error: error as Error }));
        if (everyMs && mayRetry(error)) timer = setTimeout(load, everyMs);
      }
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // `until` and the session are read when the answer comes; only the request itself restarts polling.
  }, [path, everyMs, version]);

  return { ...state, reload: () => setVersion((v) => v + 1) };
}

/** A refusal (400, 403, 404…) stays one when asked again; an outage or a rate limit may pass. */
const mayRetry = (error: unknown) => !(error instanceof ApiError) || error.status >= 500 || error.status === 429;

/** Re-renders every `intervalMs` and returns the time: for clocks that tick on the page. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export interface Action {
  busy: boolean;
  error?: Error;
  /** What the last action that succeeded says about itself. */
  done?: string;
  run(task: () => Promise<unknown>, done?: string): Promise<void>;
}

/** A button's request (cancel, save, run now): whether it runs, what it said, why it failed. */
export function useAction(): Action {
  const session = useContext(SessionContext);
  const [state, setState] = useState<Omit<Action, 'run'>>({ busy: false });
  const run = async (task: () => Promise<unknown>, done?: string) => {
    setState({ busy: true });
    try {
      await task();
      setState({ busy: false, done });
    } catch (error) {
      if (!signedOutBy(error, session)) setState({ busy: false, error: error as Error });
    }
  };
  return { ...state, run };
}
