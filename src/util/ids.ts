// Container, exec and image identifiers in Docker's forms, and Docker-style random names.
import { randomBytes } from 'node:crypto';

/** A 64-hex-digit random identifier, as Docker uses for containers and exec sessions. */
export function newId(): string {
  for (;;) {
    const id = randomBytes(32).toString('hex');
    // Docker avoids all-numeric short IDs: they would be ambiguous with numbers on the CLI.
    if (!/^\d+$/.test(id.slice(0, 12))) return id;
  }
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

const adjectives = [
  'admiring', 'agitated', 'amazing', 'angry', 'awesome', 'blissful', 'bold', 'brave', 'busy', 'charming',
  'clever', 'compassionate', 'competent', 'confident', 'cool', 'dazzling', 'determined', 'eager', 'ecstatic',
  'elastic', 'elegant', 'epic', 'festive', 'focused', 'friendly', 'gallant', 'gifted', 'goofy', 'gracious',
  'happy', 'hopeful', 'infallible', 'inspiring', 'jolly', 'jovial', 'keen', 'kind', 'laughing', 'loving',
  'lucid', 'magical', 'modest', 'musing', 'nervous', 'nice', 'nifty', 'nostalgic', 'objective', 'optimistic',
  'peaceful', 'pensive', 'practical', 'priceless', 'quirky', 'quizzical', 'relaxed', 'reverent', 'romantic',
  'serene', 'sharp', 'silly', 'sleepy', 'stoic', 'sweet', 'tender', 'thirsty', 'trusting', 'upbeat',
  'vibrant', 'vigilant', 'vigorous', 'wizardly', 'wonderful', 'xenodochial', 'youthful', 'zealous', 'zen',
];
// Harbours, to go with the project's name (港, "harbour").
const harbours = [
  'yokohama', 'kobe', 'nagasaki', 'hakodate', 'niigata', 'osaka', 'nagoya', 'hakata', 'shimizu', 'moji',
  'rotterdam', 'hamburg', 'antwerp', 'singapore', 'busan', 'shanghai', 'valparaiso', 'marseille', 'genoa',
  'lisbon', 'piraeus', 'oslo', 'halifax', 'durban', 'mombasa', 'sydney', 'auckland', 'vancouver', 'seattle',
  'oakland', 'savannah', 'santos', 'callao', 'colombo', 'chittagong', 'karachi', 'haifa', 'tangier',
];

export function randomName(): string {
  const pick = (list: string[]) => list[randomBytes(2).readUInt16BE() % list.length];
  return `${pick(adjectives)}_${pick(harbours)}`;
}

/** Docker's rule for container names: [a-zA-Z0-9][a-zA-Z0-9_.-]+ */
export const containerNamePattern = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
