// Field selectors (`?fieldSelector=`, `kubectl get --field-selector`, and kubectl's own
// `metadata.name=NAME` in wait/delete/rollout): comma-separated `field=value`, `field==value`,
// `field!=value`, with `\` escaping `,` `=` `!` and `\` in values (k8s fields.ParseSelector).
// Which fields a kind supports is the kind's business; unknown ones are refused as Kubernetes
// refuses them.
import { errors } from './status.ts';

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  matches(fields: Record<string, string>): boolean;
  /** The value a requirement pins the field to (`metadata.name=x`), if any. */
  exact(field: string): string | undefined;
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      current += char + text[i + 1];
      i++;
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

export function parseFieldSelector(text: string | null | undefined): FieldSelector {
  const requirements: FieldRequirement[] = [];
  const trimmed = (text ?? '').trim();
  if (trimmed !== '') {
    for (const part of splitUnescaped(trimmed, ',')) {
      const match = /^(.*?)(!=|==|=)(.*)$/s.exec(part.replace(/\\./g, (escaped) => (escaped === '\\=' || escaped === '\\!' ? '\u0000' + escaped[1] : escaped)));
      if (!match) throw errors.badRequest(`invalid selector: '${trimmed}'; can't understand '${part}'`);
      const field = match[1]!.trim();
      const value = unescape(match[3]!.replace(/\u0000(.)/g, '\\$1'));
      if (field === '') throw errors.badRequest(`invalid selector: '${trimmed}'; can't understand '${part}'`);
      requirements.push({ field, operator: match[2] === '!=' ? '!=' : '=', value });
    }
  }
  return {
    requirements,
    matches: (fields) => requirements.every((requirement) => ((fields[requirement.field] ?? '') === requirement.value) === (requirement.operator === '=')),
    exact: (field) => requirements.find((requirement) => requirement.field === field && requirement.operator === '=')?.value,
  };
}

/** Refuses fields the kind cannot select on, with Kubernetes' message. */
export function checkSelectableFields(selector: FieldSelector, supported: readonly string[]): void {
  for (const requirement of selector.requirements) {
    if (!supported.includes(requirement.field)) {
      throw errors.badRequest(`field label not supported: ${requirement.field}`);
    }
  }
}
