import { MetricsSnapshot } from './metrics-scrape';

/** Every event the media-edge's bridges queued for their workflows over the whole run, and what became of it. */
export interface SignalAccount {
  queued: number;
  delivered: number;
  /** Signal RPCs that delivered them: fewer than the events when events queued behind a slow signal. */
  signalsSent: number;
  retries: number;
  /** Given up on (the workflow had closed, or the server refused it). */
  abandoned: number;
  /** Queued and never delivered: abandoned, or still pending when the bench stopped. */
  lost: number;
}

/** Scrape once every bridge has ended: by then each event was delivered or given up on. */
export async function accountSignals(mediaEdgeUrl: string): Promise<SignalAccount> {
  const metrics = await MetricsSnapshot.scrape(mediaEdgeUrl);
  const queued = metrics.value('media_edge_signals_queued_total');
  const delivered = metrics.histogram('media_edge_signal_delivery_seconds').count;
  return {
    queued,
    delivered,
    signalsSent: metrics.histogram('media_edge_signal_events').count,
    retries: metrics.value('media_edge_signal_retries_total'),
    abandoned: metrics.value('media_edge_signals_abandoned_total'),
    lost: queued - delivered,
  };
}
