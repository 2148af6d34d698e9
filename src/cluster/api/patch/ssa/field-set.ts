// A set of field paths: what one manager owns, what a change touched. Stored as a trie of
// serialized path elements; a node is a member when the path ending there is in the set (a
// list item or map entry can be a member and have member children too). FieldsV1, the form
// managedFields stores, is this trie as JSON: each child under its element's name, `{}` for a
// member without children, and "." inside a node that is a member and has children.
import { type JsonValue, isObject } from '../json-value.ts';
import { canonicalElement, compareElements } from './path-element.ts';

export class FieldSet {
  member = false;
  readonly children = new Map<string, FieldSet>();

  static of(paths: Iterable<readonly string[]>): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  insert(path: readonly string[]): void {
    let node: FieldSet = this;
    for (const element of path) {
      let next = node.children.get(element);
      if (!next) {
        next = new FieldSet();
        node.children.set(element, next);
      }
      node = next;
    }
    node.member = true;
  }

  /** The node at `path` (it may be a member, hold members below it, or both). */
  at(path: readonly string[]): FieldSet | undefined {
    let node: FieldSet | undefined = this;
    for (const element of path) {
      node = node.children.get(element);
      if (!node) return undefined;
    }
    return node;
  }

  has(path: readonly string[]): boolean {
    return this.at(path)?.member === true;
  }

  isEmpty(): boolean {
    if (this.member) return false;
    for (const child of this.children.values()) if (!child.isEmpty()) return false;
    return true;
  }

  copy(): FieldSet {
    const copy = new FieldSet();
    copy.member = this.member;
    for (const [element, child] of this.children) copy.children.set(element, child.copy());
    return copy;
  }

  union(other: FieldSet): FieldSet {
    const result = this.copy();
    result.member ||= other.member;
    for (const [element, child] of other.children) {
      const mine = result.children.get(element);
      result.children.set(element, mine ? mine.union(child) : child.copy());
    }
    return result;
  }

  /** The members of this set that `other` lacks. */
  difference(other: FieldSet): FieldSet {
    const result = new FieldSet();
    result.member = this.member && !other.member;
    for (const [element, child] of this.children) {
      const theirs = other.children.get(element);
      const rest = theirs ? child.difference(theirs) : child.copy();
      if (!rest.isEmpty()) result.children.set(element, rest);
    }
    return result;
  }

  intersection(other: FieldSet): FieldSet {
    const result = new FieldSet();
    result.member = this.member && other.member;
    for (const [element, child] of this.children) {
      const theirs = other.children.get(element);
      if (!theirs) continue;
      const both = child.intersection(theirs);
      if (!both.isEmpty()) result.children.set(element, both);
    }
    return result;
  }

  /** This set without every path at or under the given prefixes. */
  without(prefixes: readonly (readonly string[])[]): FieldSet {
    const result = this.copy();
    for (const prefix of prefixes) {
      if (prefix.length === 0) return new FieldSet();
      const parent = result.at(prefix.slice(0, -1));
      parent?.children.delete(prefix[prefix.length - 1]!);
    }
    return result.isEmpty() ? new FieldSet() : result;
  }

  /**
   * Every member path, in structured-merge-diff's iteration order: at each level the members
   * first (sorted), then the subtrees (sorted). Apply conflicts are listed in this order.
   */
  paths(): string[][] {
    const out: string[][] = [];
    const walk = (node: FieldSet, prefix: string[]) => {
      const elements = [...node.children.keys()].sort(compareElements);
      for (const element of elements) if (node.children.get(element)!.member) out.push([...prefix, element]);
      for (const element of elements) {
        const child = node.children.get(element)!;
        if (child.children.size > 0) walk(child, [...prefix, element]);
      }
    };
    walk(this, []);
    return out;
  }

  /** The FieldsV1 JSON of this set, children sorted as structured-merge-diff sorts them. */
  toFieldsV1(): Record<string, JsonValue> {
    const encode = (node: FieldSet, includeSelf: boolean): Record<string, JsonValue> => {
      const out: Record<string, JsonValue> = {};
      const elements = [...node.children.keys()].filter((element) => !node.children.get(element)!.isEmpty()).sort(compareElements);
      if (includeSelf && node.member && elements.length > 0) out['.'] = {};
      for (const element of elements) {
        const child = node.children.get(element)!;
        Object.defineProperty(out, element, { value: encode(child, true), writable: true, enumerable: true, configurable: true });
      }
      return out;
    };
    return encode(this, false);
  }

  /** The set a FieldsV1 JSON describes; throws when it is not FieldsV1. */
  static fromFieldsV1(fields: unknown): FieldSet {
    if (!isObject(fields)) throw new Error('FieldsV1 must be a JSON object');
    const set = new FieldSet();
    const decode = (json: Record<string, JsonValue>, node: FieldSet) => {
      for (const key of Object.keys(json)) {
        const value = json[key];
        if (!isObject(value)) throw new Error(`FieldsV1 entry ${key} must be an object`);
        if (key === '.') {
          node.member = true;
          continue;
        }
        const element = canonicalElement(key);
        let child = node.children.get(element);
        if (!child) {
          child = new FieldSet();
          node.children.set(element, child);
        }
        // A leaf `{}` is a member; a node with children is one only if it says so with ".".
        if (Object.keys(value).length === 0) child.member = true;
        else decode(value, child);
      }
    };
    decode(fields, set);
    return set;
  }
}
