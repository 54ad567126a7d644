import { describe, expect, test } from '@jest/globals';
import {
  ExprError,
  evaluate,
  hasTemplate,
  parseExpression,
  resolveTemplate,
  type ExprScope,
  type Value,
} from '../src/expr/expr.js';

function scopeOf(vars: Record<string, Value> = {}, input?: readonly number[]): ExprScope {
  const map = new Map(Object.entries(vars));
  return { lookup: (name) => map.get(name), names: () => map.keys(), input };
}

const ev = (source: string, vars: Record<string, Value> = {}, input?: readonly number[]): Value =>
  evaluate(parseExpression(source), scopeOf(vars, input));

/** The ExprError that running `fn` throws. */
function errorOf(fn: () => unknown): ExprError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ExprError) return error;
    throw error;
  }
  throw new Error('expected an ExprError');
}

describe('literals', () => {
  test.each<[string, Value]>([
    ['3', 3],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['1e-3', 0.001],
    ['2.5E2', 250],
    ['true', true],
    ['False', false],
    ['True', true],
  ])('%s', (source, expected) => expect(ev(source)).toBe(expected));
});

describe('arithmetic and precedence (Python results)', () => {
  test.each<[string, Value]>([
    ['2 + 3 * 4', 14],
    ['2 * 3 + 4', 10],
    ['10 - 4 - 3', 3], // left-associative
    ['100 / 10 / 5', 2],
    ['7 / 2', 3.5], // true division
    ['(2 + 3) * 4', 20],
    ['7 // 2 * 2', 6],
    ['2 * 3 % 4', 2],
    ['5 - -3', 8],
    ['+4', 4],
    ['-2 ** 2', -4], // ** binds tighter than a unary minus on its left
    ['-3 ** 2', -9],
    ['(-2) ** 2', 4],
    ['2 ** -1', 0.5],
    ['2 ** 3 ** 2', 512], // right-associative
    ['2 ** 0.5', 1.4142135623730951],
    ['true + true', 2], // booleans are 0/1 in arithmetic
    ['-true', -1],
  ])('%s == %p', (source, expected) => expect(ev(source)).toBe(expected));
});

describe('floor division and modulo follow Python on negatives', () => {
  test.each<[string, number]>([
    ['7 // 2', 3],
    ['-7 // 2', -4],
    ['7 // -2', -4],
    ['-7.5 // 2', -4],
    ['1 // 0.1', 9], // Python's exact rule, where floor(1 / 0.1) would give 10
    ['7 % 3', 1],
    ['-7 % 3', 2],
    ['7 % -3', -2],
    ['7.5 % -2', -0.5],
  ])('%s == %p', (source, expected) => expect(ev(source)).toBe(expected));
});

describe('division by zero', () => {
  test.each(['1 / 0', '5 // (2 - 2)', 'x % 0', '0 ** -1'])('%s', (source) => {
    expect(errorOf(() => ev(source, { x: 3 })).message).toMatch(/^division by zero in '/);
  });

  test('names the sub-expression and its column', () => {
    const error = errorOf(() => ev('1 + x / (w - 64)', { x: 3, w: 64 }));
    expect(error.message).toBe("division by zero in 'x / (w - 64)'");
    expect(error.column).toBe(4);
  });

  test('the branch not taken is not evaluated', () => {
    expect(ev('x / n if n != 0 else 0', { x: 3, n: 0 })).toBe(0);
  });
});

describe('comparisons', () => {
  test.each<[string, boolean]>([
    ['1 == 1', true],
    ['1 != 1', false],
    ['1 < 2', true],
    ['2 <= 2', true],
    ['1 > 2', false],
    ['3 >= 4', false],
    ['1 < 2 < 3', true],
    ['1 < 3 < 2', false], // chained: 1 < 3 and 3 < 2
    ['3 > 2 > 1 == 1', true],
    ['1 == true', true],
    ['1 + 2 < 4', true], // arithmetic binds tighter
  ])('%s == %p', (source, expected) => expect(ev(source)).toBe(expected));

  test('a chain stops at the first false link', () => {
    // Python never evaluates 1 / 0 here.
    expect(ev('2 < 1 < 1 / 0')).toBe(false);
  });
});

describe('and / or / not', () => {
  test.each<[string, Value]>([
    ['0 or 5', 5], // returns the deciding operand, like Python
    ['3 or 0', 3],
    ['2 and 0', 0],
    ['0 and 5', 0],
    ['2 and 7', 7],
    ['true and false', false],
    ['not 0', true],
    ['not 3', false],
    ['not 1 == 2', true], // not (1 == 2)
    ['not not 2', true],
    ['1 or 2 and 0', 1], // and binds tighter than or
    ['1 + 2 < 4 and 2', 2],
    ['0 and 1 / 0', 0], // short-circuit
    ['1 or 1 / 0', 1],
  ])('%s == %p', (source, expected) => expect(ev(source)).toBe(expected));
});

describe('conditional expression', () => {
  test.each<[string, Value]>([
    ['1 if true else 2', 1],
    ['1 if 0 else 2', 2],
    ['1 if 0 else 2 if 0 else 3', 3], // right-associative
    ['1 if 0 else 2 if 1 else 3', 2],
    ['10 + 1 if false else 20', 20], // the condition form is lowest: (10 + 1) if false else 20
    ['1 if 1 or 0 else 2', 1],
  ])('%s == %p', (source, expected) => expect(ev(source)).toBe(expected));
});

describe('functions', () => {
  test.each<[string, Value]>([
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['min(4)', 4],
    ['max(true, 1)', true], // Python returns the first maximal operand
    ['floor(-2.5)', -3],
    ['ceil(-2.5)', -2],
    ['ceil(2.1)', 3],
    ['abs(-3)', 3],
    ['int(2.7)', 2],
    ['int(-2.7)', -2], // truncates toward zero
    ['int(true)', 1],
    ['max(8, min(64, 100))', 64],
  ])('%s == %p', (source, expected) => expect(ev(source)).toBe(expected));

  test.each<[string, number]>([
    ['round(0.5)', 0],
    ['round(1.5)', 2],
    ['round(2.5)', 2],
    ['round(3.5)', 4],
    ['round(-0.5)', 0],
    ['round(-1.5)', -2],
    ['round(-2.5)', -2],
    ['round(2.4999)', 2],
    ['round(2.6)', 3],
  ])('half to even: %s == %p', (source, expected) => expect(ev(source)).toBe(expected));

  test('no negative zero', () => {
    expect(ev('ceil(-0.5)')).toBe(0);
    expect(ev('0 * -1')).toBe(0);
  });

  // new_v = max(d, int(v + d / 2) // d * d); new_v += d when new_v < 0.9 * v
  test.each<[string, number]>([
    ['make_divisible(32 * 0.75, 8)', 24], // int(24 + 4) = 28; 28 // 8 * 8 = 24; 24 >= 21.6
    ['make_divisible(16 * 1.0, 8)', 16], // int(20) // 8 * 8 = 16
    ['make_divisible(3.5, 8)', 8], // int(7.5) = 7; 7 // 8 * 8 = 0; max(8, 0) = 8
    ['make_divisible(10, 8)', 16], // int(14) // 8 * 8 = 8; 8 < 9, so + 8
    ['make_divisible(21, 16)', 32], // int(29) // 16 * 16 = 16; 16 < 18.9, so + 16
    ['make_divisible(30, 16)', 32], // int(38) // 16 * 16 = 32; 32 >= 27
    ['make_divisible(3, 8, 4)', 4], // min_value 4: max(4, int(7) // 8 * 8 = 0) = 4; 4 >= 2.7
  ])('%s == %p', (source, expected) => expect(ev(source)).toBe(expected));

  test('make_divisible by zero', () => {
    expect(errorOf(() => ev('make_divisible(24, 0)')).message).toBe("division by zero in 'make_divisible(24, 0)'");
  });

  test('wrong argument counts name the function and what it takes', () => {
    expect(errorOf(() => parseExpression('floor(1, 2)')).message).toBe(
      'floor() at column 1 takes 1 argument, as in floor(x), but got 2',
    );
    expect(errorOf(() => parseExpression('min()')).message).toBe(
      'min() at column 1 takes at least 1 argument, as in min(a, b, ...), but got 0',
    );
    expect(errorOf(() => parseExpression('make_divisible(3)')).message).toBe(
      'make_divisible() at column 1 takes 2 or 3 arguments, as in make_divisible(v, d) or make_divisible(v, d, min_value), but got 1',
    );
  });

  test('an unknown function suggests the nearest one', () => {
    const error = errorOf(() => parseExpression('1 + flor(x)'));
    expect(error.message).toBe("unknown function 'flor' at column 5 (did you mean floor(x)?)");
    expect(error.column).toBe(4);
    expect(errorOf(() => parseExpression('squareroot(4)')).message).toBe(
      "unknown function 'squareroot' at column 1 (the functions are min, max, floor, ceil, round, abs, int, make_divisible, len, sum, prod, per_axis, gcd, sqrt, log2, log, exp)",
    );
  });

  test('a function name used without a call', () => {
    expect(errorOf(() => ev('floor')).message).toBe("'floor' is a function: call it as floor(x)");
  });
});

describe('names', () => {
  test('are looked up in the scope', () => {
    expect(ev('width * 2 + i', { width: 64, i: 3 })).toBe(131);
    expect(ev('project', { project: true })).toBe(true);
  });

  test('an unknown name suggests a close one', () => {
    const error = errorOf(() => ev('2 * widht', { width: 64, depth: 3 }));
    expect(error.message).toBe("unknown name 'widht' (did you mean 'width'?)");
    expect(error.column).toBe(4);
  });

  test('an unknown name far from every known one lists the names', () => {
    expect(errorOf(() => ev('zzz', { width: 64, depth: 3 })).message).toBe(
      "unknown name 'zzz' (the names here are width, depth)",
    );
    expect(errorOf(() => ev('zzz')).message).toBe("unknown name 'zzz': no names are defined here");
  });

  test.each(['__proto__', 'constructor', 'prototype'])('%s is rejected as a name', (name) => {
    const error = errorOf(() => parseExpression(`1 + ${name}`));
    expect(error.message).toBe(`'${name}' at column 5 cannot be used as a name`);
    expect(error.column).toBe(4);
  });

  test('takes only numbers and booleans from the scope, so a plain-object scope leaks nothing', () => {
    const vars: Record<string, Value> = { width: 64 };
    const naive: ExprScope = { lookup: (name) => vars[name], names: () => Object.keys(vars) };
    expect(() => evaluate(parseExpression('toString'), naive)).toThrow("unknown name 'toString'");
    expect(() => parseExpression('__proto__')).toThrow(ExprError);
  });

  test.each(['if', 'else', 'and', 'or', 'not'])('reserved word %s is not a name', (word) => {
    expect(() => ev(`1 + ${word}`, { [word]: 1 })).toThrow(ExprError);
  });

  test('reserved word message', () => {
    expect(errorOf(() => parseExpression('1 + else')).message).toBe(
      "expected an operand at column 5, found the reserved word 'else'",
    );
  });
});

describe('the input tensor', () => {
  test('[C]', () => {
    const input = [512];
    expect(ev('in.channels', {}, input)).toBe(512);
    expect(ev('in.rank', {}, input)).toBe(1);
    expect(errorOf(() => ev('in.height', {}, input)).message).toBe(
      'in.height: the input [512] has no height (it is [C])',
    );
    expect(errorOf(() => ev('in.length', {}, input)).message).toBe(
      'in.length: the input [512] has no length (it is [C])',
    );
  });

  test('[L, C]', () => {
    const input = [196, 768];
    expect(ev('in.length', {}, input)).toBe(196);
    expect(ev('in.channels', {}, input)).toBe(768);
    expect(ev('in.rank', {}, input)).toBe(2);
    expect(errorOf(() => ev('in.width', {}, input)).message).toBe(
      'in.width: the input [196, 768] has no width (it is [L, C])',
    );
  });

  test('[H, W, C]', () => {
    const input = [28, 14, 256];
    expect(ev('in.height', {}, input)).toBe(28);
    expect(ev('in.width', {}, input)).toBe(14);
    expect(ev('in.channels', {}, input)).toBe(256);
    expect(ev('in.rank', {}, input)).toBe(3);
    expect(errorOf(() => ev('in.depth', {}, input)).message).toBe(
      'in.depth: the input [28, 14, 256] has no depth (it is [H, W, C])',
    );
    expect(errorOf(() => ev('in.length', {}, input)).message).toBe(
      'in.length: the input [28, 14, 256] has no length (it is [H, W, C])',
    );
  });

  test('[D, H, W, C]', () => {
    const input = [8, 28, 14, 64];
    expect(ev('in.depth', {}, input)).toBe(8);
    expect(ev('in.height', {}, input)).toBe(28);
    expect(ev('in.width', {}, input)).toBe(14);
    expect(ev('in.channels', {}, input)).toBe(64);
    expect(ev('in.rank', {}, input)).toBe(4);
  });

  test('in.shape[k], negative k from the end', () => {
    const input = [28, 14, 256];
    expect(ev('in.shape[0]', {}, input)).toBe(28);
    expect(ev('in.shape[-1]', {}, input)).toBe(256);
    expect(ev('in.shape[i + 1]', { i: 0 }, input)).toBe(14);
    expect(ev('in.shape[-3]', {}, input)).toBe(28);
    expect(errorOf(() => ev('in.shape[3]', {}, input)).message).toBe(
      'in.shape[3] is out of range: the input [28, 14, 256] has 3 axes (use 0 to 2, or -3 to -1 from the end)',
    );
    expect(() => ev('in.shape[-4]', {}, input)).toThrow('out of range');
    expect(errorOf(() => ev('in.shape[0.5]', {}, input)).message).toBe(
      'in.shape[0.5]: the index must be a whole number, not 0.5',
    );
  });

  test('in used in a larger expression', () => {
    expect(ev('stride != 1 or in.channels != out', { stride: 1, out: 256 }, [56, 56, 256])).toBe(false);
    expect(ev('stride != 1 or in.channels != out', { stride: 1, out: 256 }, [56, 56, 64])).toBe(true);
  });

  test('in without an input tensor', () => {
    expect(errorOf(() => ev('in.channels')).message).toMatch(/^in is not available here/);
  });

  test('bad uses of in are syntax errors', () => {
    expect(errorOf(() => parseExpression('in.chanels')).message).toBe(
      "'in' has no attribute 'chanels' at column 4 (did you mean 'in.channels'?)",
    );
    expect(errorOf(() => parseExpression('in + 1')).message).toBe(
      "expected '.' and an attribute (in.channels, in.height, in.width, in.depth, in.length, in.rank, in.elements, in.positions or in.shape[k]) at column 4, found '+'",
    );
    expect(errorOf(() => parseExpression('in.shape[0')).message).toBe(
      "expected ']' to close 'in.shape[' after '0' at column 10, but the expression ends",
    );
  });
});

describe('results must be finite', () => {
  test('overflow', () => {
    expect(errorOf(() => ev('10 ** 400')).message).toBe("'10 ** 400' is too large to compute");
    expect(errorOf(() => ev('x * x', { x: 1e200 })).message).toBe("'x * x' is too large to compute");
  });

  test('no real value', () => {
    expect(errorOf(() => ev('(-8) ** 0.5')).message).toBe("'(-8) ** 0.5' is not a real number");
  });

  test('a literal too large for a number', () => {
    expect(errorOf(() => parseExpression('1e999')).message).toBe("the number '1e999' at column 1 is too large");
  });
});

describe('syntax errors say what was expected and where', () => {
  test.each<[string, string, number]>([
    ['width + ', "expected an operand after '+' at column 7, but the expression ends", 6],
    ['2 * )', "expected an operand at column 5, found ')'", 4],
    ['(1 + 2', "expected ')' to close the '(' at column 1 after '2' at column 6, but the expression ends", 5],
    ['a b', "expected an operator or the end of the expression at column 3, found 'b'", 2],
    ['a.b', "'a' has no attribute 'b' at column 3 (tensors have channels, height, width, depth, length, rank, shape, elements, positions)", 2],
    ['in.chanels', "'in' has no attribute 'chanels' at column 4 (did you mean 'in.channels'?)", 3],
    ['(a)(2)', "expected an operator or the end of the expression at column 4, found '('", 3],
    ['a[0', "expected ']' to close '[' after '0' at column 3, but the expression ends", 2],
    ['[1, 2', "expected ']' or ',' in the list opened at column 1 after '2' at column 5, but the expression ends", 4],
    ["'abc", 'the string starting at column 1 has no closing \'', 0],
    ['a ? b : c', "unexpected character '?' at column 3 (a C-style 'c ? a : b' is written 'a if c else b')", 2],
    ['1 if x', "expected 'else' (as in 'x if condition else y') after 'x' at column 6, but the expression ends", 5],
    ['a = 1', "unexpected character '=' at column 3 (use '==' to compare)", 2],
    ['a && b', "unexpected character '&' at column 3 (use 'and')", 2],
    ['  ', 'expected an expression, but it is empty', 0],
    ['1 == not 2', "expected an operand at column 6, found the reserved word 'not'", 5],
  ])('%p', (source, message, column) => {
    const error = errorOf(() => parseExpression(source));
    expect(error.message).toBe(message);
    expect(error.column).toBe(column);
  });
});

describe('nesting is limited to 200 levels, as Python limits parentheses', () => {
  // The expression itself is one level: 199 parentheses inside it make 200 (Python's tokenizer also refuses the 200th).
  test('199 nested parentheses and a 200-term sum parse; one more level is refused', () => {
    expect(ev('('.repeat(199) + '7' + ')'.repeat(199))).toBe(7);
    expect(ev(Array(200).fill('1').join('+'))).toBe(200); // 199 additions: 200 levels deep
    expect(errorOf(() => ev('('.repeat(200) + '7' + ')'.repeat(200))).message).toMatch(/nested too deeply at column 201/);
    expect(errorOf(() => ev(Array(201).fill('1').join('+'))).message).toMatch(/nested too deeply/);
    expect(errorOf(() => ev('2' + ' ** 2'.repeat(300))).message).toMatch(/nested too deeply/);
  });
});

describe('the parse cache', () => {
  test('returns the same Expr for the same text', () => {
    const first = parseExpression('make_divisible(c * 0.5, 8)');
    expect(parseExpression('make_divisible(c * 0.5, 8)')).toBe(first);
    expect(parseExpression('make_divisible(c * 0.25, 8)')).not.toBe(first);
    expect(evaluate(first, scopeOf({ c: 64 }))).toBe(32);
    expect(evaluate(first, scopeOf({ c: 256 }))).toBe(128);
  });
});

describe('templates', () => {
  const scope = scopeOf({ width: 64, ratio: 0.5, project: true });

  test('hasTemplate', () => {
    expect(hasTemplate('${width}')).toBe(true);
    expect(hasTemplate('conv_${i}')).toBe(true);
    expect(hasTemplate('$width')).toBe(false);
    expect(hasTemplate('plain')).toBe(false);
  });

  test('exactly one ${...} gives its value', () => {
    expect(resolveTemplate('${width}', scope)).toBe(64);
    expect(resolveTemplate('${width * ratio}', scope)).toBe(32);
    expect(resolveTemplate('${project}', scope)).toBe(true);
    expect(resolveTemplate('${ratio}', scope)).toBe(0.5);
    expect(resolveTemplate(' ${width} ', scope)).toBe(64); // surrounding blanks do not make it text
  });

  test('text around ${...} interpolates', () => {
    expect(resolveTemplate('block_${width}', scope)).toBe('block_64');
    expect(resolveTemplate('${width / 2}x${width * ratio}', scope)).toBe('32x32');
    expect(resolveTemplate('p=${project}, r=${ratio}', scope)).toBe('p=true, r=0.5');
    expect(resolveTemplate('${10 ** 21}!', scope)).toBe('1000000000000000000000!'); // integers never in e-notation
  });

  test('text without ${ is unchanged; a lone $ is literal', () => {
    expect(resolveTemplate('same', scope)).toBe('same');
    expect(resolveTemplate('$5 and $width', scope)).toBe('$5 and $width');
    expect(resolveTemplate('$${width}', scope)).toBe('$64');
  });

  test('an unterminated ${ is an error', () => {
    const error = errorOf(() => resolveTemplate('a ${width', scope));
    expect(error.message).toBe("unterminated '${' at column 3: add a closing '}'");
    expect(error.column).toBe(2);
  });

  test('errors inside a template carry columns in the whole text', () => {
    const syntax = errorOf(() => resolveTemplate('x_${width + }', scope));
    expect(syntax.message).toBe("expected an operand after '+' at column 11, but the expression ends");
    expect(syntax.column).toBe(10);
    const unknown = errorOf(() => resolveTemplate('${widht}', scope));
    expect(unknown.message).toBe("unknown name 'widht' (did you mean 'width'?)");
    expect(unknown.column).toBe(2);
  });

  test('an empty ${} is an error', () => {
    expect(() => resolveTemplate('${}', scope)).toThrow('expected an expression');
  });
});
