// A small well-formedness check for the SVG tests (no XML parser is installed): every tag closes in order,
// attributes are quoted, and text holds no bare `<` or unknown entity.

/** Throws when `xml` is not well-formed; returns the element names in document order. */
export function checkWellFormedXml(xml: string): string[] {
  const names: string[] = [];
  const stack: string[] = [];
  let index = 0;
  let roots = 0;
  while (index < xml.length) {
    const open = xml.indexOf('<', index);
    const text = xml.slice(index, open < 0 ? xml.length : open);
    checkText(text);
    if (open < 0) break;
    const close = xml.indexOf('>', open);
    if (close < 0) throw new Error(`unterminated tag at ${open}`);
    const tag = xml.slice(open + 1, close);
    index = close + 1;
    if (tag.startsWith('?') || tag.startsWith('!--')) continue;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const expected = stack.pop();
      if (name !== expected) throw new Error(`</${name}> closes <${expected ?? 'nothing'}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const match = /^([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*$/.exec(body);
    if (!match) throw new Error(`malformed tag <${tag}>`);
    const name = match[1]!;
    for (const attribute of match[2]!.matchAll(/="([^"]*)"/g)) checkText(attribute[1]!);
    if (stack.length === 0) roots++;
    names.push(name);
    if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
  return names;
}

function checkText(text: string): void {
  for (const entity of text.matchAll(/&([^;\s]*);?/g)) {
    if (!/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);$/i.test(`${entity[1]};`) || !entity[0].endsWith(';')) {
      throw new Error(`bad entity ${entity[0]}`);
    }
  }
}
