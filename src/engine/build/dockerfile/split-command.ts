// Splits an instruction line into its instruction word, its leading `--flags`, and the rest.
// Flags are the words right after the instruction that start with `--`; a bare `--` ends them.
// Inside flags, quotes group and are removed and the escape token quotes the next character
// (even inside single quotes, as in BuildKit): `--mount="type=bind,src=a b"` is one flag.
import { goTrimSpace, isGoSpace } from './go-compat.ts';
import { splitFirstBlank } from './line-parsers.ts';

export interface SplitCommand {
  instruction: string;
  flags: string[];
  rest: string;
}

export function splitCommand(line: string, escapeToken: string): SplitCommand {
  const parts = splitFirstBlank(goTrimSpace(line));
  if (parts.length < 2) return { instruction: parts[0]!, flags: [], rest: '' };
  const { rest, flags } = extractFlags(parts[1]!, escapeToken);
  return { instruction: parts[0]!, flags, rest: goTrimSpace(rest) };
}

function extractFlags(line: string, escapeToken: string): { rest: string; flags: string[] } {
  const chars = Array.from(line);
  const n = chars.length;
  const flags: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;
  const restFrom = (pos: number) => chars.slice(pos).join('');
  for (let pos = 0; pos <= n; pos++) {
    let ch = pos < n ? chars[pos]! : '';
    if (phase === 'spaces') {
      if (pos === n) break;
      if (isGoSpace(ch)) continue;
      // Only a word starting with `--` is a flag; anything else starts the arguments.
      if (ch !== '-' || pos + 1 === n || chars[pos + 1] !== '-') return { rest: restFrom(pos), flags };
      phase = 'word';
    }
    if (pos === n) {
      if (word !== '--' && (blankOK || word.length > 0)) flags.push(word);
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        phase = 'spaces';
        if (word === '--') return { rest: restFrom(pos), flags };
        if (blankOK || word.length > 0) flags.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
        continue;
      }
      if (ch === escapeToken) {
        if (pos + 1 === n) continue;
        pos++;
        ch = chars[pos]!;
      }
      word += ch;
      continue;
    }
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    if (ch === escapeToken) {
      if (pos + 1 === n) {
        phase = 'word';
        continue;
      }
      pos++;
      ch = chars[pos]!;
    }
    word += ch;
  }
  return { rest: '', flags };
}
