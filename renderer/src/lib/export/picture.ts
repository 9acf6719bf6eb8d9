// The drawing as a file: the live <svg> cloned with its computed styles written onto each element as
// presentation attributes (the app's stylesheets and CSS variables do not travel; `style` attributes
// would be refused by the page's CSP), CSS transforms turned into transform attributes, hidden elements
// dropped, and a background; PNG by drawing that SVG into a canvas.
const INHERITED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'paint-order',
  'visibility',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'letter-spacing',
  'text-anchor',
  'dominant-baseline',
] as const;
/** Not inherited: written only when they differ from the initial value. */
const OWN: Record<string, string> = { opacity: '1' };
const SVG_NS = 'http://www.w3.org/2000/svg';

export interface PictureOptions {
  /** Page background behind the drawing (the theme's), so light text stays readable. */
  background: string;
  title: string;
}

/** Presentation attributes that reproduce the element's computed style (inherited ones only where they differ from the parent's). */
function attributesFor(cs: CSSStyleDeclaration, parent: CSSStyleDeclaration | null): [string, string][] {
  const out: [string, string][] = [];
  for (const p of INHERITED) {
    const v = cs.getPropertyValue(p);
    if (v && (!parent || parent.getPropertyValue(p) !== v)) out.push([p, v]);
  }
  for (const [p, initial] of Object.entries(OWN)) {
    const v = cs.getPropertyValue(p);
    if (v && v !== initial) out.push([p, v]);
  }
  return out;
}

/** The drawing as a standalone SVG document (text). */
export function pictureSvg(svg: SVGSVGElement, options: PictureOptions): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const source = [svg, ...svg.querySelectorAll('*')];
  const target = [clone, ...clone.querySelectorAll('*')];
  const hidden: Element[] = [];
  source.forEach((el, i) => {
    const out = target[i];
    if (!out) return;
    const cs = getComputedStyle(el);
    // Hidden by the level of detail; definitions and tooltips are never displayed but are kept.
    if (cs.display === 'none' && el.tagName !== 'title' && !el.closest('defs')) return void hidden.push(out);
    const parent = el === svg || !el.parentElement ? null : getComputedStyle(el.parentElement);
    for (const attr of ['style', 'class', 'tabindex', 'role', 'data-toggle']) out.removeAttribute(attr);
    for (const [name, value] of attributesFor(cs, parent)) out.setAttribute(name, value);
    if (cs.transform && cs.transform !== 'none' && el !== svg) out.setAttribute('transform', cs.transform);
  });
  for (const el of hidden) el.remove();
  clone.setAttribute('xmlns', SVG_NS);
  const [x = '0', y = '0', w = '0', h = '0'] = (svg.getAttribute('viewBox') ?? '').split(/\s+/);
  const bg = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ x, y, width: w, height: h, fill: options.background }))
    bg.setAttribute(k, v);
  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = options.title;
  clone.prepend(title, bg);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

/** Scale for the PNG: 2×, less when the canvas would exceed what browsers allow. */
export function pngScale(width: number, height: number, wanted = 2): number {
  const maxSide = 16_000;
  const maxArea = 120_000_000;
  return Math.max(
    0.1,
    Math.min(
      wanted,
      maxSide / Math.max(width, 1),
      maxSide / Math.max(height, 1),
      Math.sqrt(maxArea / Math.max(width * height, 1)),
    ),
  );
}

/** Render standalone SVG text to a PNG blob at `scale` (through a blob: image and a canvas). */
export async function pictureToPng(svgText: string, width: number, height: number): Promise<Blob> {
  const scale = pngScale(width, height);
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw into a canvas');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
