/** A value the YAML writer accepts: JSON data. */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

// Scalars written without quotes: letters, digits and a few punctuation marks that have
// no meaning in YAML, never starting with an indicator and never read as another type.
const PLAIN = /^[A-Za-z_/$][A-Za-z0-9 _./:${}()*+-]*$/;
const SPECIAL = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

/**
 * Block-style YAML for JSON data, two-space indented, keys in the given order. Strings
 * that could be misread (numbers, booleans, `: `, `#`, leading indicators) are written as
 * JSON strings, which YAML reads as double-quoted scalars. Undefined properties are left
 * out. CloudFormation intrinsics are written in their long form (`Fn::Sub:`), which any
 * YAML parser reads without custom tags.
 */
export function toYaml(value: YamlValue, comment?: string): string {
  const header = comment ? `${comment.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n')}\n` : '';
  return `${header}${block(value, 0).replace(/^\n/, '')}\n`;
}

function block(value: YamlValue, depth: number): string {
  const pad = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value.map((item: YamlValue) => {
      const inner = block(item, depth + 1);
      // "- key: value" keeps the first key on the dash's line.
      return isCollection(item) && !isEmpty(item) ? `\n${pad}- ${inner.replace(/^\n\s*/, '')}` : `\n${pad}-${inner}`;
    }).join('');
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined) as Array<[string, YamlValue]>;
    if (entries.length === 0) return ' {}';
    return entries.map(([key, item]) => `\n${pad}${scalar(key)}:${block(item, depth + 1)}`).join('');
  }
  return ` ${scalar(value as string | number | boolean | null)}`;
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (PLAIN.test(value) && !SPECIAL.test(value) && !/ $|: | #/.test(value) && !/^[-+]?[0-9.]/.test(value)) return value;
  return JSON.stringify(value);
}

function isRecord(value: YamlValue): value is { readonly [key: string]: YamlValue | undefined } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCollection(value: YamlValue): boolean {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: YamlValue): boolean {
  return Array.isArray(value) ? value.length === 0 : isRecord(value) && Object.values(value).every((item) => item === undefined);
}
