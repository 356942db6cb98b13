/**
 * A reader for the part of the Bicep language `faasade build` writes: decorators, `param`,
 * `var`, `resource` (with `if (…)`) and `output` statements; objects and arrays over
 * several lines or on one line with commas; strings with `${…}` interpolation; calls,
 * member access, comparisons and `? :`. No Bicep compiler installs from npm (the CLI is a
 * downloaded binary), so the tests parse the template with this and check its structure:
 * a syntax error the reader does not know fails the test rather than passing unseen.
 */

/** An expression that is not a literal, kept as its source text. */
export interface BicepExpression {
  expr: string;
}
export type BicepValue = string | number | boolean | null | BicepExpression | BicepValue[] | { [key: string]: BicepValue };

export interface BicepResource {
  symbol: string;
  type: string;
  apiVersion: string;
  condition: string | undefined;
  body: { [key: string]: BicepValue };
}

export interface BicepFile {
  params: Map<string, { type: string; default: BicepValue | undefined; decorators: string[] }>;
  vars: Map<string, BicepValue>;
  resources: BicepResource[];
  outputs: Map<string, { type: string; value: BicepValue }>;
}

type Token = { kind: 'string' | 'ident' | 'number' | 'punct' | 'newline'; text: string; raw: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', raw: '\n' }), i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === "'") {
      const start = i++;
      let text = '';
      let depth = 0;
      while (i < source.length && !(source[i] === "'" && depth === 0)) {
        if (source[i] === '\\') text += source[++i], i++;
        else if (source[i] === '$' && source[i + 1] === '{') depth++, text += '${', i += 2;
        else if (source[i] === '}' && depth > 0) depth--, text += '}', i++;
        else if (source[i] === '\n') throw new Error(`unterminated string at ${start}`);
        else text += source[i++];
      }
      if (i >= source.length) throw new Error(`unterminated string at ${start}`);
      i++;
      tokens.push({ kind: 'string', text, raw: source.slice(start, i) });
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))![0];
      tokens.push({ kind: 'ident', text: match, raw: match }), (i += match.length);
    } else if (/[0-9]/.test(c)) {
      const match = /^[0-9]+/.exec(source.slice(i))![0];
      tokens.push({ kind: 'number', text: match, raw: match }), (i += match.length);
    } else {
      const two = source.slice(i, i + 2);
      const op = ['==', '!=', '>=', '<=', '&&', '||', '??'].includes(two) ? two : c;
      if (!'{}[]():,.?=@!<>+-*/%'.includes(op[0]!)) throw new Error(`unexpected character ${JSON.stringify(c)} at ${i}`);
      tokens.push({ kind: 'punct', text: op, raw: op }), (i += op.length);
    }
  }
  return tokens;
}

/** Parses a Bicep file. @throws Error naming the first thing it cannot read. */
export function readBicep(source: string): BicepFile {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++]!;
  const skipNewlines = () => { while (peek()?.kind === 'newline') at++; };
  const expect = (text: string) => {
    const token = next();
    if (token?.text !== text) throw new Error(`expected ${text}, got ${token?.text ?? 'end of file'} (token ${at})`);
  };
  const ident = () => {
    const token = next();
    if (token?.kind !== 'ident') throw new Error(`expected a name, got ${token?.text} (token ${at})`);
    return token.text;
  };

  function value(): BicepValue {
    const start = at;
    const first = primary();
    const operators = new Set(['==', '!=', '>=', '<=', '>', '<', '&&', '||', '??', '+', '-', '*', '/', '%']);
    if (peek()?.kind === 'punct' && (operators.has(peek()!.text) || peek()!.text === '?')) {
      while (peek() && peek()!.kind !== 'newline' && !(peek()!.kind === 'punct' && [',', ']', '}', ')'].includes(peek()!.text))) {
        if (peek()!.text === '[' || peek()!.text === '{' || peek()!.text === '(') primary();
        else next();
      }
      return { expr: tokens.slice(start, at).map((t) => t.raw).join(' ') };
    }
    return first;
  }

  function primary(): BicepValue {
    const token = next();
    if (!token) throw new Error('unexpected end of file');
    if (token.kind === 'string') return postfix(token.text, at - 1);
    if (token.kind === 'number') return Number(token.text);
    if (token.text === '{') return object();
    if (token.text === '[') return array();
    if (token.text === '(') {
      const inner = value();
      expect(')');
      return inner;
    }
    if (token.text === '!' || token.text === '-') return { expr: `${token.text}${JSON.stringify(primary())}` };
    if (token.kind === 'ident') {
      if (token.text === 'true' || token.text === 'false') return token.text === 'true';
      if (token.text === 'null') return null;
      return postfix({ expr: token.text }, at - 1);
    }
    throw new Error(`unexpected ${token.text} (token ${at})`);
  }

  function postfix(base: BicepValue, start: number): BicepValue {
    let changed = false;
    for (;;) {
      const token = peek();
      if (token?.text === '.') next(), ident(), (changed = true);
      else if (token?.text === '(') next(), args(), (changed = true);
      else if (token?.text === '[' && typeof base !== 'string') next(), value(), expect(']'), (changed = true);
      else break;
    }
    return changed ? { expr: tokens.slice(start, at).map((t) => t.raw).join('') } : base;
  }

  function args(): void {
    skipNewlines();
    if (peek()?.text === ')') return void next();
    for (;;) {
      value();
      skipNewlines();
      const token = next();
      if (token.text === ')') return;
      if (token.text !== ',') throw new Error(`expected , or ) in a call, got ${token.text}`);
      skipNewlines();
    }
  }

  function object(): { [key: string]: BicepValue } {
    const result: { [key: string]: BicepValue } = {};
    for (;;) {
      skipNewlines();
      if (peek()?.text === '}') return next(), result;
      const key = next();
      if (key.kind !== 'ident' && key.kind !== 'string') throw new Error(`expected a property name, got ${key.text}`);
      if (key.text in result) throw new Error(`property ${key.text} given twice`);
      expect(':');
      result[key.text] = value();
      const after = peek();
      if (after?.text === ',') next();
      else if (after?.kind !== 'newline' && after?.text !== '}') throw new Error(`expected a new line, , or } after ${key.text}, got ${after?.text}`);
    }
  }

  function array(): BicepValue[] {
    const result: BicepValue[] = [];
    for (;;) {
      skipNewlines();
      if (peek()?.text === ']') return next(), result;
      result.push(value());
      const after = peek();
      if (after?.text === ',') next();
      else if (after?.kind !== 'newline' && after?.text !== ']') throw new Error(`expected a new line, , or ] in an array, got ${after?.text}`);
    }
  }

  const file: BicepFile = { params: new Map(), vars: new Map(), resources: [], outputs: new Map() };
  let decorators: string[] = [];
  for (;;) {
    skipNewlines();
    const token = next();
    if (!token) break;
    if (token.text === '@') {
      const start = at;
      ident();
      expect('(');
      args();
      decorators.push(tokens.slice(start, at).map((t) => t.raw).join(''));
      continue;
    }
    const keyword = token.text;
    if (keyword === 'param') {
      const name = ident();
      const type = ident();
      let initial: BicepValue | undefined;
      if (peek()?.text === '=') next(), (initial = value());
      file.params.set(name, { type, default: initial, decorators });
    } else if (keyword === 'var') {
      const name = ident();
      expect('=');
      file.vars.set(name, value());
    } else if (keyword === 'resource') {
      const symbol = ident();
      const typeToken = next();
      const [type, apiVersion] = typeToken.text.split('@');
      if (typeToken.kind !== 'string' || !type || !/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(apiVersion ?? '')) throw new Error(`resource ${symbol}: ${typeToken.text} is not 'Type@yyyy-mm-dd'`);
      expect('=');
      let condition: string | undefined;
      if (peek()?.text === 'if') {
        next();
        expect('(');
        const inner = value();
        expect(')');
        condition = typeof inner === 'object' && inner !== null && 'expr' in inner ? (inner as BicepExpression).expr : String(inner);
      }
      expect('{');
      file.resources.push({ symbol, type, apiVersion: apiVersion!, condition, body: object() });
    } else if (keyword === 'output') {
      const name = ident();
      const type = ident();
      expect('=');
      file.outputs.set(name, { type, value: value() });
    } else {
      throw new Error(`unexpected ${keyword} at the top level (token ${at})`);
    }
    decorators = [];
    const end = peek();
    if (end && end.kind !== 'newline') throw new Error(`expected a new line after the ${keyword} statement, got ${end.text}`);
  }
  return file;
}
