/** One sample line of the Prometheus text format. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The media-edge's `GET /metrics` at one instant. */
export class MetricsSnapshot {
  private constructor(private readonly samples: Sample[]) {}

  static async scrape(baseUrl: string): Promise<MetricsSnapshot> {
    const response = await fetch(`${baseUrl}/metrics`);
    if (!response.ok) throw new Error(`GET ${baseUrl}/metrics answered ${response.status}`);
    return new MetricsSnapshot(parsePrometheusText(await response.text()));
  }

  /** A counter or gauge (summed over label sets that match `labels`). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.matching(name, labels).reduce((sum, sample) => sum + sample.value, 0);
  }

  /** A histogram's cumulative bucket counts, ascending by upper bound (the last one is +Inf). */
  histogram(name: string, labels: Record<string, string> = {}): HistogramCounts {
    const buckets = this.matching(`${name}_bucket`, labels)
      .map((sample) => ({ upperBound: Number(sample.labels.le === '+Inf' ? Infinity : sample.labels.le), cumulative: sample.value }))
      .sort((a, b) => a.upperBound - b.upperBound);
    if (buckets.length === 0) throw new Error(`the media-edge exports no histogram ${name} ${JSON.stringify(labels)}`);
    return new HistogramCounts(buckets);
  }

  private matching(name: string, labels: Record<string, string>): Sample[] {
    return this.samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  }
}

/** Cumulative histogram buckets; two scrapes subtract to the observations made between them. */
export class HistogramCounts {
  constructor(private readonly buckets: ReadonlyArray<{ upperBound: number; cumulative: number }>) {}

  get count(): number {
    return this.buckets.at(-1)!.cumulative;
  }

  /** The observations made since `earlier` (a scrape of the same histogram). */
  since(earlier: HistogramCounts): HistogramCounts {
    return new HistogramCounts(this.buckets.map((bucket, i) => ({ upperBound: bucket.upperBound, cumulative: bucket.cumulative - earlier.buckets[i].cumulative })));
  }

  /**
   * The q-quantile (0…1) like PromQL's histogram_quantile: linear within the
   * bucket it falls in; the highest finite bound if it falls in +Inf; NaN
   * without observations.
   */
  quantile(q: number): number {
    const total = this.count;
    if (total === 0) return NaN;
    const rank = q * total;
    let lowerBound = 0;
    let below = 0;
    for (const { upperBound, cumulative } of this.buckets) {
      if (cumulative >= rank) {
        if (upperBound === Infinity) return lowerBound;
        return lowerBound + (upperBound - lowerBound) * ((rank - below) / (cumulative - below));
      }
      lowerBound = upperBound;
      below = cumulative;
    }
    return lowerBound;
  }
}

const SAMPLE_LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = SAMPLE_LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}
