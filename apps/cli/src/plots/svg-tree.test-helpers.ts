/** A small, strict XML reader for specs of the SVG output (no XML parser is installed): elements, attributes, nesting. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
}

const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;

/** Parses a document with one root element; throws on unbalanced or malformed tags, unquoted attributes, stray `<`/`&`. */
export function parseXml(text: string): XmlElement {
  const stack: XmlElement[] = [{ name: '#document', attributes: {}, children: [] }];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '&') {
      ENTITY.lastIndex = i;
      if (!ENTITY.test(text)) throw new Error(`bad entity at ${i}: ${text.slice(i, i + 12)}`);
      i = ENTITY.lastIndex;
      continue;
    }
    if (text[i] !== '<') {
      i++;
      continue;
    }
    if (text.startsWith('<?', i)) {
      i = text.indexOf('?>', i) + 2;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      i = text.indexOf('-->', i) + 3;
      continue;
    }
    const end = text.indexOf('>', i);
    if (end < 0) throw new Error(`unterminated tag at ${i}`);
    const tag = text.slice(i + 1, end);
    i = end + 1;
    if (tag.startsWith('/')) {
      const open = stack.pop()!;
      if (open.name !== tag.slice(1).trim()) throw new Error(`</${tag.slice(1)}> closes <${open.name}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = /^[A-Za-z_][\w:.-]*/.exec(body)?.[0];
    if (!name) throw new Error(`bad tag <${tag}>`);
    const attributes: Record<string, string> = {};
    let rest = body.slice(name.length);
    const attr = /^\s+([A-Za-z_][\w:.-]*)="([^"<]*)"/;
    for (let m = attr.exec(rest); m; m = attr.exec(rest)) {
      if (m[1] in attributes) throw new Error(`duplicate attribute ${m[1]} on <${name}>`);
      attributes[m[1]] = m[2];
      rest = rest.slice(m[0].length);
    }
    if (rest.trim() !== '') throw new Error(`malformed attributes in <${name}>: ${rest.slice(0, 40)}`);
    const element = { name, attributes, children: [] };
    stack[stack.length - 1].children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  const roots = stack[0].children;
  if (roots.length !== 1) throw new Error(`expected one root element, found ${roots.length}`);
  return roots[0];
}

function* walk(element: XmlElement): Generator<XmlElement> {
  yield element;
  for (const child of element.children) yield* walk(child);
}

/**
 * Items of a vega mark type drawn from data (`role-mark` groups, not axes or legends), summed over panels: e.g.
 * markItems(svg, 'rect') counts heatmap cells, 'line' one path per series and panel.
 */
export function markItems(root: XmlElement, type: string): number {
  let count = 0;
  for (const el of walk(root)) {
    const classes = (el.attributes.class ?? '').split(/\s+/);
    if (el.name === 'g' && classes.includes(`mark-${type}`) && classes.includes('role-mark')) count += el.children.length;
  }
  return count;
}

/** Number of `role-mark` groups of a mark type (one per panel that draws it). */
export function markGroups(root: XmlElement, type: string): number {
  let count = 0;
  for (const el of walk(root)) {
    const classes = (el.attributes.class ?? '').split(/\s+/);
    if (el.name === 'g' && classes.includes(`mark-${type}`) && classes.includes('role-mark')) count++;
  }
  return count;
}
