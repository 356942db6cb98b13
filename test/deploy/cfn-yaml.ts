import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The part of the `yaml` package used here. */
interface YamlModule {
  parseDocument(text: string, options: Record<string, unknown>): { errors: Array<{ message: string }>; warnings: Array<{ message: string }>; toJS(): unknown };
}
// `yaml` is a dev dependency of @faasade/cli, which writes the SAM template.
const yaml = createRequire(fileURLToPath(new URL('../../packages/cli/package.json', import.meta.url)))('yaml') as YamlModule;

// CloudFormation's short-form intrinsics (`!Ref X`, `!GetAtt [A, B]`, `!Sub '…'`): a
// template may use either form, so the loader knows both.
const INTRINSICS = ['Ref', 'Condition', 'Sub', 'GetAtt', 'GetAZs', 'ImportValue', 'Base64', 'Join', 'Select', 'Split', 'FindInMap', 'If', 'Equals', 'Not', 'And', 'Or', 'Cidr', 'Transform'];

function intrinsic(name: string): Array<{ tag: string; collection?: 'seq' | 'map'; resolve(value: unknown): unknown }> {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const wrap = (value: unknown) => ({ [key]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value });
  return [
    { tag: `!${name}`, resolve: (value: unknown) => wrap(value) },
    { tag: `!${name}`, collection: 'seq', resolve: (value: unknown) => wrap((value as { toJSON(): unknown }).toJSON()) },
    { tag: `!${name}`, collection: 'map', resolve: (value: unknown) => wrap((value as { toJSON(): unknown }).toJSON()) },
  ];
}

/**
 * Parses a CloudFormation / SAM template in YAML, short-form intrinsics included (as their
 * long form), failing on any YAML error or warning.
 */
export function parseCfnYaml(text: string): Record<string, unknown> {
  const document = yaml.parseDocument(text, { customTags: INTRINSICS.flatMap(intrinsic) as never, strict: true, uniqueKeys: true });
  if (document.errors.length || document.warnings.length) throw new Error([...document.errors, ...document.warnings].map((e) => e.message).join('\n'));
  return document.toJS() as Record<string, unknown>;
}
