/** A parsed ARM template expression (the text between `[` and `]` of a template string). */
export type ArmNode =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly ArmNode[] }
  | { readonly kind: 'property'; readonly target: ArmNode; readonly name: string }
  | { readonly kind: 'index'; readonly target: ArmNode; readonly index: ArmNode };

/** What a function the offline evaluator cannot know (`reference`, `resourceId`, …) stands for; any property of it is itself. */
export const UNKNOWN = Object.freeze({ unknown: true as const });

/** A value an ARM expression evaluates to offline. */
export type ArmValue = string | number | boolean | null | typeof UNKNOWN | readonly ArmValue[] | { readonly [key: string]: ArmValue };

/** Whether a template string is an expression (`[…]`, but not the escaped literal `[[…`). */
export function isArmExpression(text: string): boolean {
  return text.startsWith('[') && text.endsWith(']') && !text.startsWith('[[');
}

/**
 * Parses an ARM expression; throws on a syntax error.
 *
 * @example parseArmExpression("[parameters('appName')]") // { kind: 'call', name: 'parameters', args: [{ kind: 'string', value: 'appName' }] }
 */
export function parseArmExpression(text: string): ArmNode {
  const source = isArmExpression(text) ? text.slice(1, -1) : text;
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at ${at} in ${text}`);
  };
  const skipSpace = (): void => {
    while (at < source.length && /\s/.test(source[at] ?? '')) at += 1;
  };
  const expect = (char: string): void => {
    skipSpace();
    if (source[at] !== char) fail(`expected '${char}'`);
    at += 1;
  };
  const primary = (): ArmNode => {
    skipSpace();
    const char = source[at] ?? '';
    if (char === "'") {
      let value = '';
      at += 1;
      for (;;) {
        if (at >= source.length) fail('unterminated string');
        if (source[at] === "'") {
          if (source[at + 1] === "'") {
            value += "'";
            at += 2;
            continue;
          }
          at += 1;
          return { kind: 'string', value };
        }
        value += source[at];
        at += 1;
      }
    }
    const number = /^-?\d+/.exec(source.slice(at));
    if (number) {
      at += number[0].length;
      return { kind: 'number', value: Number(number[0]) };
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(at));
    if (!name) return fail('expected a value');
    at += name[0].length;
    expect('(');
    const args: ArmNode[] = [];
    skipSpace();
    if (source[at] === ')') at += 1;
    else {
      for (;;) {
        args.push(expression());
        skipSpace();
        if (source[at] === ',') {
          at += 1;
          continue;
        }
        expect(')');
        break;
      }
    }
    return { kind: 'call', name: name[0], args };
  };
  const expression = (): ArmNode => {
    let node = primary();
    for (;;) {
      skipSpace();
      if (source[at] === '.') {
        at += 1;
        skipSpace();
        const name = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(at));
        if (!name) return fail('expected a property name');
        at += name[0].length;
        node = { kind: 'property', target: node, name: name[0] };
      } else if (source[at] === '[') {
        at += 1;
        const index = expression();
        expect(']');
        node = { kind: 'index', target: node, index };
      } else return node;
    }
  };
  const node = expression();
  skipSpace();
  if (at !== source.length) fail('unexpected text');
  return node;
}

/** The names an expression passes to `parameters()` and `variables()`. */
export function armReferences(node: ArmNode): { parameters: string[]; variables: string[] } {
  const found = { parameters: [] as string[], variables: [] as string[] };
  const visit = (current: ArmNode): void => {
    if (current.kind === 'call') {
      const [first] = current.args;
      if ((current.name === 'parameters' || current.name === 'variables') && first?.kind === 'string') found[current.name].push(first.value);
      current.args.forEach(visit);
    } else if (current.kind === 'property') visit(current.target);
    else if (current.kind === 'index') {
      visit(current.target);
      visit(current.index);
    }
  };
  visit(node);
  return found;
}

/** What `parameters()` and `variables()` resolve to while evaluating. */
export interface ArmScope {
  parameter(name: string): ArmValue;
  variable(name: string): ArmValue;
}

const text = (value: ArmValue): string => (value === UNKNOWN ? 'unknown' : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

/**
 * Evaluates an expression offline: the functions of values and logic; anything that needs Azure (`reference`,
 * `subscription`, …) gives {@link UNKNOWN}, and resource ids name `unknown` subscriptions and groups, which formats as `unknown`. `if` evaluates only the branch
 * taken, as ARM does.
 */
export function evaluateArm(node: ArmNode, scope: ArmScope): ArmValue {
  const evaluate = (current: ArmNode): ArmValue => evaluateArm(current, scope);
  switch (node.kind) {
    case 'string':
    case 'number':
      return node.value;
    case 'property': {
      const target = evaluate(node.target);
      if (target === UNKNOWN) return UNKNOWN;
      if (target === null || typeof target !== 'object' || Array.isArray(target)) throw new Error(`no property ${node.name} on ${text(target)}`);
      return (target as Record<string, ArmValue>)[node.name] ?? null;
    }
    case 'index': {
      const target = evaluate(node.target);
      return target === UNKNOWN ? UNKNOWN : ((target as Record<string, ArmValue>)[text(evaluate(node.index))] ?? null);
    }
    case 'call':
      break;
  }
  const args = (): ArmValue[] => node.args.map(evaluate);
  const first = (): ArmValue => evaluate(node.args[0] ?? fail(node.name));
  switch (node.name.toLowerCase()) {
    case 'parameters':
      return scope.parameter(text(first()));
    case 'variables':
      return scope.variable(text(first()));
    case 'if':
      return evaluate((first() === true ? node.args[1] : node.args[2]) ?? fail(node.name));
    case 'empty': {
      const value = first();
      return value === null || value === '' || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== UNKNOWN && Object.keys(value as object).length === 0);
    }
    case 'not':
      return first() !== true;
    case 'equals': {
      const [a, b] = args();
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'and':
      return args().every((value) => value === true);
    case 'or':
      return args().some((value) => value === true);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'concat':
      return args().map(text).join('');
    case 'format': {
      const [template, ...values] = args();
      return text(template ?? '').replace(/\{(\d+)\}/g, (_whole, index: string) => text(values[Number(index)] ?? fail('format')));
    }
    case 'tolower':
      return text(first()).toLowerCase();
    case 'toupper':
      return text(first()).toUpperCase();
    case 'string':
      return text(first());
    case 'uricomponent':
      return encodeURIComponent(text(first()));
    case 'int':
      return Number.parseInt(text(first()), 10);
    case 'json':
      return JSON.parse(text(first())) as ArmValue;
    case 'mul':
      return args().reduce<number>((product, value) => product * Number(value), 1);
    case 'createarray':
      return args();
    case 'resourceid':
    case 'subscriptionresourceid': {
      // Resource ids are plain text; the subscription and group they fall in are Azure's.
      const [type, ...names] = args().map(text);
      return `/subscriptions/unknown${node.name.toLowerCase() === 'resourceid' ? '/resourceGroups/unknown' : ''}/providers/${type ?? ''}/${names.join('/')}`;
    }
    default:
      return UNKNOWN;
  }
}

function fail(what: string): never {
  throw new Error(`missing argument of ${what}()`);
}
