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

/** Figure 4: end-to-end speedup, best and worst case, with the ideal marked. */
export function speedupFigure(rows: Rows): Spec {
  const values = rows.flatMap((r) => [
    { model: r.model, case: 'best (host tier)', speedup: r.best_speedup },
    { model: r.model, case: 'worst (disk tier)', speedup: r.worst_speedup },
  ]);
  const ideal = rows.map((r) => ({ model: r.model, ideal: r.ideal_speedup }));
  return {
    title: 'End-to-end speedup over tf.loadGraphModel (fresh process per invocation); tick: ideal',
    width: 520,
    height: { step: 22 },
    layer: [
      {
        data: { values },
        mark: 'bar',
        encoding: {
          y: { field: 'model', type: 'nominal', sort: null, title: null },
          yOffset: { field: 'case' },
          x: { field: 'speedup', type: 'quantitative', title: 'speedup (x)' },
          color: { field: 'case', type: 'nominal', scale: { range: ['#4c78a8', '#f58518'] } },
        },
      },
      {
        data: { values: ideal },
        mark: { type: 'tick', color: 'black', thickness: 2 },
        encoding: {
          y: { field: 'model', type: 'nominal', sort: null },
          x: { field: 'ideal', type: 'quantitative' },
        },
      },
    ],
  };
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
