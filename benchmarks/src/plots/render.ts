import * as fs from 'node:fs';
import * as path from 'node:path';

import { Resvg } from '@resvg/resvg-js';

export type Spec = Record<string, unknown>;

/** A vega-lite spec to SVG (vega's headless renderer) and PNG (resvg): no browser involved. */
export async function renderPlot(spec: Spec, file: string): Promise<void> {
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');
  const compiled = vegaLite.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    ...spec,
  } as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.svg`, svg);
  const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true } })
    .render()
    .asPng();
  fs.writeFileSync(`${file}.png`, png);
}
