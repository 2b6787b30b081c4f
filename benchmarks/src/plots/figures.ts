import { Spec } from './render';

type Rows = Array<Record<string, string | number>>;

/** Figure 2: where a cold start's time goes, per model, with the plain framework. */
export function coldStartFigure(rows: Rows): Spec {
  const phases = ['startup', 'load', 'preprocess', 'inference'];
  const values = rows.flatMap((r) =>
    phases.map((phase, rank) => ({ model: r.model, phase, rank, ms: r[`plain_${phase}_ms`] })),
  );
  return {
    title: 'Cold start with tf.loadGraphModel: share of end-to-end time',
    width: 520,
    height: { step: 18 },
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'model', type: 'nominal', sort: null, title: null },
      x: {
        aggregate: 'sum',
        field: 'ms',
        type: 'quantitative',
        stack: 'normalize',
        title: 'share of time',
        axis: { format: '%' },
      },
      color: { field: 'phase', type: 'nominal', sort: phases, scale: { scheme: 'tableau10' } },
      order: { field: 'rank', sort: 'ascending' },
    },
  };
}

/**
 * Horizontal bars per model, one per group (offset within the model's row),
 * with one black tick per model marking a reference value.
 */
function barsWithTick(options: {
  title: string;
  values: Array<Record<string, unknown>>;
  group: string;
  measure: string;
  measureTitle: string;
  colors: string[];
  ticks: Array<Record<string, unknown>>;
  tick: string;
  legend?: Record<string, unknown>;
}): Spec {
  return {
    title: options.title,
    width: 520,
    height: { step: 22 },
    layer: [
      {
        data: { values: options.values },
        mark: 'bar',
        encoding: {
          y: { field: 'model', type: 'nominal', sort: null, title: null },
          yOffset: { field: options.group },
          x: { field: options.measure, type: 'quantitative', title: options.measureTitle },
          color: {
            field: options.group,
            type: 'nominal',
            scale: { range: options.colors },
            ...(options.legend ? { legend: options.legend } : {}),
          },
        },
      },
      {
        data: { values: options.ticks },
        mark: { type: 'tick', color: 'black', thickness: 2 },
        encoding: {
          y: { field: 'model', type: 'nominal', sort: null },
          x: { field: options.tick, type: 'quantitative' },
        },
      },
    ],
  };
}

/** Figure 4: end-to-end speedup, best and worst case, with the ideal marked. */
export function speedupFigure(rows: Rows): Spec {
  return barsWithTick({
    title: 'End-to-end speedup over tf.loadGraphModel (fresh process per invocation); tick: ideal',
    values: rows.flatMap((r) => [
      { model: r.model, case: 'best (host tier)', speedup: r.best_speedup },
      { model: r.model, case: 'worst (disk tier)', speedup: r.worst_speedup },
    ]),
    group: 'case',
    measure: 'speedup',
    measureTitle: 'speedup (x)',
    colors: ['#4c78a8', '#f58518'],
    ticks: rows.map((r) => ({ model: r.model, ideal: r.ideal_speedup })),
    tick: 'ideal',
  });
}

/** Figure 5: best-case speedup against model size for the large series. */
export function largeFigure(rows: Rows): Spec {
  return {
    title: 'Large models: best-case speedup against size (labels: share of time computing, plain)',
    width: 520,
    height: 300,
    data: {
      values: rows.map((r) => ({
        ...r,
        compute: `${Math.round(Number(r.compute_share_plain) * 100)}%`,
      })),
    },
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'megabytes', type: 'quantitative', title: 'model size (MiB)' },
          y: { field: 'best_speedup', type: 'quantitative', title: 'end-to-end speedup (x)' },
          color: { field: 'series', type: 'nominal' },
        },
      },
      {
        mark: { type: 'text', dy: -10, fontSize: 10 },
        encoding: {
          x: { field: 'megabytes', type: 'quantitative' },
          y: { field: 'best_speedup', type: 'quantitative' },
          text: { field: 'compute' },
        },
      },
    ],
  };
}

export function memoryFigure(rows: Rows): Spec {
  return {
    title: `Total PSS of N processes holding ${rows[0]?.model ?? 'one model'}`,
    width: 420,
    height: 260,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'processes',
        type: 'quantitative',
        title: 'processes',
        scale: { domain: [0, 8] },
      },
      y: { field: 'total_pss_mib', type: 'quantitative', title: 'total PSS (MiB)' },
      color: { field: 'mode', type: 'nominal' },
    },
  };
}

export function throughputFigure(rows: Rows): Spec {
  return {
    title: 'Function workload: invocations per second',
    width: 420,
    height: { step: 16 },
    data: { values: rows },
    mark: 'bar',
    encoding: {
      y: { field: 'config', type: 'nominal', sort: null, title: null },
      x: { field: 'invocations_per_second', type: 'quantitative', title: 'invocations / s' },
      row: { field: 'distribution', type: 'nominal' },
      color: { field: 'config', type: 'nominal', legend: null },
    },
  };
}

export function capacityFigure(rows: Rows): Spec {
  return {
    title: 'Daemon capacity: Open round trips (hits)',
    width: 420,
    height: 240,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'clients',
        type: 'quantitative',
        scale: { type: 'log', base: 2 },
        title: 'concurrent clients',
      },
      y: { field: 'opens_per_second', type: 'quantitative', title: 'opens / s' },
    },
  };
}

export function tensorCreationFigure(rows: Rows): Spec {
  const values = rows.flatMap((r) => [
    {
      megabytes: r.megabytes,
      method: 'createTensorFromMemory (TrIMS patch)',
      ms: r.shared_median_ms,
    },
    { megabytes: r.megabytes, method: 'tf.tensor() of the same data', ms: r.tftensor_median_ms },
  ]);
  return {
    title: 'Creating a weight tensor until TensorFlow holds it',
    width: 420,
    height: 260,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'megabytes',
        type: 'quantitative',
        scale: { type: 'log', base: 2 },
        title: 'tensor size (MB)',
      },
      y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'ms (log)' },
      color: { field: 'method', type: 'nominal', legend: { orient: 'top-left' } },
    },
  };
}

export function hitStallFigure(rows: Rows): Spec {
  const values = rows.flatMap((r) =>
    (['p50', 'p99', 'max'] as const).flatMap((stat) => [
      { model: `${r.model_gb} GB`, stat, when: 'idle', ms: r[`idle_${stat}_ms`] },
      { model: `${r.model_gb} GB`, stat, when: 'during the cold open', ms: r[`busy_${stat}_ms`] },
    ]),
  );
  return {
    title: 'Hit latency of a hot model, idle and during a cold conversion',
    width: 140,
    height: 220,
    data: { values },
    mark: 'bar',
    encoding: {
      column: { field: 'model', type: 'ordinal', title: 'cold model' },
      x: { field: 'stat', type: 'nominal', sort: ['p50', 'p99', 'max'], title: null },
      xOffset: { field: 'when', type: 'nominal' },
      y: { field: 'ms', type: 'quantitative', title: 'Open latency (ms)' },
      color: { field: 'when', type: 'nominal', title: null },
    },
  } as Spec;
}

/** Keep-alive node: one line per mode against offered load, a panel per popularity distribution. */
function againstOfferedLoad(rows: Rows, field: string, title: string, log: boolean): Spec {
  return {
    title,
    data: { values: rows.filter((r) => r[field] !== '') },
    facet: { column: { field: 'distribution', type: 'nominal', title: null } },
    spec: {
      width: 300,
      height: 240,
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'offered_per_s',
          type: 'quantitative',
          scale: { type: 'log', base: 2 },
          title: 'offered load (invocations / s, log)',
        },
        y: {
          field,
          type: 'quantitative',
          scale: log ? { type: 'log' } : {},
          title: log ? `${field} (log)` : field,
        },
        color: { field: 'mode', type: 'nominal', sort: ['plain', 'trims', 'persistent server'] },
      },
    },
  };
}

export function keepAliveThroughputFigure(rows: Rows): Spec {
  return againstOfferedLoad(
    rows,
    'throughput_per_s',
    'FaaS node under a memory limit: completed invocations per second',
    false,
  );
}

export function keepAliveLatencyFigure(rows: Rows): Spec {
  return againstOfferedLoad(rows, 'p99_ms', 'FaaS node under a memory limit: p99 latency', true);
}

/** Keep-alive node over time: accounted memory and warm instances, per mode. */
export function keepAliveTimelineFigure(timeline: Rows, limitMiB: number): Spec {
  return {
    title: `FaaS node over time (limit ${limitMiB} MiB): memory accounted and warm instances`,
    data: { values: timeline },
    transform: [{ fold: ['memory_mib', 'warm_instances'], as: ['measure', 'value'] }],
    facet: {
      row: { field: 'measure', type: 'nominal', title: null },
      column: { field: 'distribution', type: 'nominal', title: null },
    },
    spec: {
      width: 300,
      height: 160,
      mark: { type: 'line', strokeWidth: 1 },
      encoding: {
        x: { field: 't_s', type: 'quantitative', title: "node's active time (s)" },
        y: { field: 'value', type: 'quantitative', title: null },
        color: { field: 'mode', type: 'nominal', sort: ['plain', 'trims', 'persistent server'] },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

/** The hit path: a TrIMS hit against the floor per model, with the target (1.3 x floor + 1 ms) marked. */
export function hitPathFigure(rows: Rows): Spec {
  return barsWithTick({
    title: 'Hit path against its floor (median ms, fresh process per load); tick: target',
    values: rows.flatMap((r) => [
      { model: r.model, load: 'floor (loadWithWeightMap, weights in memory)', ms: r.floor_ms },
      {
        model: r.model,
        load: 'floor, model.json read and parsed on the clock',
        ms: r.floor_json_ms,
      },
      { model: r.model, load: 'TrIMS hit (fresh process)', ms: r.hit_ms },
      { model: r.model, load: 'TrIMS hit, after another model in the process', ms: r.hit_warm_ms },
    ]),
    group: 'load',
    measure: 'ms',
    measureTitle: 'ms',
    colors: ['#9ecae9', '#4c78a8', '#72b7b2', '#b6e3dd'],
    ticks: rows.map((r) => ({ model: r.model, target: r.target_ms })),
    tick: 'target',
    legend: { orient: 'bottom', labelLimit: 400 },
  });
}
