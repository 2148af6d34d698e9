// Minato's Dockerfile front end: parser (BuildKit-compatible parse tree), shell lexer (variable
// expansion and quote removal), typed instructions grouped into stages, ARG scoping, and
// .dockerignore matching. The builder imports from here.
export { parseDockerfile, isKnownInstruction, INSTRUCTION_NAMES, type ParseOptions } from './parser.ts';
export type { DockerfileNode, Heredoc, ParseResult, ParserDirective, ParseWarning } from './ast.ts';
export { dumpDockerfile, dumpNode } from './printer.ts';
export { ShellLexer, processWord, processWords, envLookup, type ShellEnv, type ShellLexOptions, type ProcessWordResult } from './shell-lex.ts';
export { parseInstruction, toDockerfile, parseDockerfileInstructions, type InstructionOptions } from './instructions.ts';
export type * from './instruction-types.ts';
export { expandInstruction, expandsVariables, EXPANDED_FIELDS, type ExpandOptions } from './expansion.ts';
export {
  formatPlatform,
  platformArgs,
  proxyEnv,
  resolveGlobalArgs,
  resolveStageBase,
  resolveStageArgs,
  unusedBuildArgs,
  PROXY_ARG_NAMES,
  PLATFORM_ARG_NAMES,
  type BuildArgs,
  type Platform,
  type PlatformArgsOptions,
  type ResolvedArg,
  type ArgContext,
} from './build-args.ts';
export { resolveFromBase, resolveCopyFrom, type StageRef } from './stage-refs.ts';
export { resolveRunCommand, type ResolvedRunCommand } from './run-command.ts';
export { parseRunMount, parseRunDevice, type RunMount, type RunDevice, type MountType, type CacheSharing } from './run-mount.ts';
export { chompHeredocContent, parseHeredocWord } from './heredoc.ts';
export { parseGoDuration } from './duration.ts';
export { DockerIgnore, parseDockerignore, readDockerignorePatterns, type IgnorePattern, type MatchState } from './dockerignore.ts';
