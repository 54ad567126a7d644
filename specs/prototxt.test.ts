import { parseTextFormat, TextFormatError, type TextMessage } from '../src/importers/prototxt.js';

describe('protobuf text format (Caffe prototxt)', () => {
  test('fields, nested messages in every spelling, lists, comments, quotes and enum words', () => {
    const m = parseTextFormat(`# a comment
name: 'net' # trailing comment
dim: 1 dim: 3
shape: { dim: [10, 20] }
param < lr_mult: 2.5e-1 >
pool: MAX
flag: true
escaped: "a \\"quoted\\" word"
`);
    expect(m.all('dim').map((f) => f.value)).toEqual([1, 3]);
    expect((m.get('shape')!.value as TextMessage).all('dim').map((f) => f.value)).toEqual([10, 20]);
    expect((m.get('param')!.value as TextMessage).get('lr_mult')!.value).toBe(0.25);
    expect([m.get('name')!.value, m.get('pool')!.value, m.get('flag')!.value, m.get('escaped')!.value]).toEqual(['net', 'MAX', true, 'a "quoted" word']);
    expect(m.get('pool')!.line).toBe(6);
  });

  test('errors carry the line and column', () => {
    const at = (text: string) => {
      try {
        parseTextFormat(text);
      } catch (e) {
        if (e instanceof TextFormatError) return `${e.line}:${e.column} ${e.message}`;
        throw e;
      }
      return 'parsed';
    };
    expect(at('layer {\n  name: "a"\n')).toBe('1:7 a message opened on line 1 is never closed');
    expect(at('a: }')).toBe("1:4 field 'a': expected a value, got '}'");
    expect(at('a: 1 }')).toBe("1:6 expected a field name, got '}'");
    expect(at('a: @')).toBe("1:4 unexpected character '@'");
    expect(at(`${'a { '.repeat(200)}`)).toMatch(/messages nest more than 100 deep/);
  });
});
