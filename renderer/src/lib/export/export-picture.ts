// "Export the picture": the drawing as a standalone SVG or a 2× PNG, downloaded as a file.
import { download } from './download.js';
import { fileStem } from './file-name.js';
import { pictureSvg, pictureToPng } from './picture.js';

/** What the drawing component exposes for this (besides TopologyApi). */
export interface PictureSource {
  svgElement(): SVGSVGElement | null;
}

export async function exportPicture(
  svg: SVGSVGElement,
  format: 'svg' | 'png',
  host: string,
  source: string,
  title: string,
): Promise<void> {
  const background = getComputedStyle(document.body).backgroundColor || '#ffffff';
  const text = pictureSvg(svg, { background, title });
  const name = fileStem(host, source);
  if (format === 'svg') return download(`${name}.svg`, new Blob([text], { type: 'image/svg+xml' }));
  const width = Number(svg.getAttribute('width')) || svg.viewBox.baseVal.width;
  const height = Number(svg.getAttribute('height')) || svg.viewBox.baseVal.height;
  download(`${name}.png`, await pictureToPng(text, width, height));
}
