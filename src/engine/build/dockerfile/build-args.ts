// ARG scoping, as BuildKit does it:
//
// 1. Global scope: the predefined platform args (BUILDPLATFORM, TARGETARCH, ...; a build arg of the
//    same name overrides them), then the ARGs before the first FROM in order: a build arg
//    (`--build-arg K=V`) wins over the default; a default is expanded with the args so far; an ARG
//    with neither stays unset. (resolveGlobalArgs)
// 2. FROM lines (image and --platform) are expanded with the global scope only. (resolveStageBase)
// 3. Inside a stage nothing global is visible until re-declared: `ARG K` takes the build arg, else
//    the global value; `ARG K=default` takes the build arg, else the default expanded with the
//    stage's environment. Declared values join the stage's environment for expansion and for RUN
//    (not the image's ENV) and are inherited by stages built `FROM` this one. (resolveStageArgs)
// 4. The proxy args (HTTP_PROXY, https_proxy, NO_PROXY, ...) need no declaration: they reach RUN
//    commands' environment but not expansion, history or the image. (proxyEnv)
import { atLocation } from './dockerfile-error.ts';
import { ShellLexer, type ShellEnv } from './shell-lex.ts';
import { invalidArgument } from '../../../util/errors.ts';
import type { ArgInstruction, Dockerfile, Stage } from './instruction-types.ts';

export type BuildArgs = ReadonlyMap<string, string>;

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
}

/** `linux/arm64`, `linux/arm/v7`; with `withOsVersion`, `windows(10.0.17763)/amd64` (containerd's FormatAll). */
export function formatPlatform(p: Platform, withOsVersion = false): string {
  const os = withOsVersion && p.osVersion ? `${p.os}(${p.osVersion})` : p.os;
  return [os, p.architecture, p.variant].filter((s) => s !== undefined && s !== '').join('/');
}

/** Proxy build args usable without an ARG declaration (both spellings, as Docker accepts them). */
export const PROXY_ARG_NAMES: readonly string[] = ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap((n) => [n, n.toLowerCase()]);

/** Names BuildKit defines automatically in the global scope. */
export const PLATFORM_ARG_NAMES: readonly string[] = [
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDOSVERSION',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETOSVERSION',
  'TARGETARCH',
  'TARGETVARIANT',
  'TARGETSTAGE',
];

export interface PlatformArgsOptions {
  /** The platform the build runs on. */
  buildPlatform: Platform;
  /** The platform being built for (defaults to the build platform). */
  targetPlatform?: Platform;
  /** The stage being built (`--target`), or the last stage's name; "default" when unnamed. */
  targetStage?: string;
  /** Build args with one of these names override the computed value. */
  buildArgs?: BuildArgs;
}

/** The predefined global args (BuildKit's defaultArgs), in BuildKit's order. */
export function platformArgs(options: PlatformArgsOptions): Map<string, string> {
  const bp = options.buildPlatform;
  const tp = options.targetPlatform ?? bp;
  const values: [string, string][] = [
    ['BUILDPLATFORM', formatPlatform(bp)],
    ['BUILDOS', bp.os],
    ['BUILDOSVERSION', bp.osVersion ?? ''],
    ['BUILDARCH', bp.architecture],
    ['BUILDVARIANT', bp.variant ?? ''],
    ['TARGETPLATFORM', formatPlatform(tp, true)],
    ['TARGETOS', tp.os],
    ['TARGETOSVERSION', tp.osVersion ?? ''],
    ['TARGETARCH', tp.architecture],
    ['TARGETVARIANT', tp.variant ?? ''],
    ['TARGETSTAGE', options.targetStage || 'default'],
  ];
  const out = new Map<string, string>();
  for (const [k, v] of values) out.set(k, options.buildArgs?.get(k) ?? v);
  return out;
}

/** The proxy settings among the build args: added to RUN's environment only. */
export function proxyEnv(buildArgs: BuildArgs): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of buildArgs) if (PROXY_ARG_NAMES.includes(k)) out.set(k, v);
  return out;
}

export interface ArgContext {
  escapeToken?: string;
  fileName?: string;
}

function lexer(ctx: ArgContext): ShellLexer {
  return new ShellLexer({ escapeToken: ctx.escapeToken ?? '\\' });
}

/** Step 1: the global scope after the ARGs before the first FROM. `predefined` is usually platformArgs(). */
export function resolveGlobalArgs(metaArgs: readonly ArgInstruction[], buildArgs: BuildArgs, predefined: ReadonlyMap<string, string>, ctx: ArgContext = {}): Map<string, string> {
  const scope = new Map(predefined);
  const lex = lexer(ctx);
  for (const inst of metaArgs) {
    atLocation({ file: ctx.fileName ?? 'Dockerfile', line: inst.line, endLine: inst.endLine }, () => {
      for (const arg of inst.args) {
        const given = buildArgs.get(arg.key);
        const value = given ?? (arg.defaultValue === undefined ? undefined : lex.processWord(arg.defaultValue, scope));
        if (value !== undefined) scope.set(arg.key, value);
      }
    });
  }
  return scope;
}

/** Step 2: a stage's base image and platform with the global args expanded. */
export function resolveStageBase(stage: Stage, globalArgs: ShellEnv, ctx: ArgContext = {}): { image: string; platform?: string } {
  const lex = lexer(ctx);
  return atLocation({ file: ctx.fileName ?? 'Dockerfile', line: stage.from.line, endLine: stage.from.endLine }, () => {
    const image = lex.processWord(stage.baseImage, globalArgs);
    if (image === '') throw invalidArgument(`base name (${stage.baseImage}) should not be blank`);
    if (stage.platform === undefined) return { image };
    const platform = lex.processWord(stage.platform, globalArgs);
    if (platform === '') throw invalidArgument(`empty platform value from expression ${stage.platform}`);
    return { image, platform };
  });
}

export interface ResolvedArg {
  key: string;
  /** Undefined: declared but without a value (it stays unset). */
  value?: string;
}

/**
 * Step 3: the values of one ARG instruction inside a stage. `env` is the stage's environment before
 * it; each declared value is visible to the defaults after it. Returns the values and the new
 * environment (a copy). Values are not expanded again: a build arg is taken literally.
 */
export function resolveStageArgs(
  inst: ArgInstruction,
  scope: { buildArgs: BuildArgs; globalArgs: ReadonlyMap<string, string>; env: ReadonlyMap<string, string> },
  ctx: ArgContext = {},
): { args: ResolvedArg[]; env: Map<string, string> } {
  const env = new Map(scope.env);
  const lex = lexer(ctx);
  const args: ResolvedArg[] = [];
  atLocation({ file: ctx.fileName ?? 'Dockerfile', line: inst.line, endLine: inst.endLine }, () => {
    for (const arg of inst.args) {
      let value: string | undefined;
      const given = scope.buildArgs.get(arg.key);
      if (given !== undefined) value = given;
      else if (arg.defaultValue !== undefined) value = lex.processWord(arg.defaultValue, env);
      else value = scope.globalArgs.get(arg.key);
      if (value !== undefined) env.set(arg.key, value);
      args.push(value === undefined ? { key: arg.key } : { key: arg.key, value });
    }
  });
  return { args, env };
}

/** Build args no ARG declares (Docker warns "One or more build-args [...] were not consumed"). Proxy and platform args never count. */
export function unusedBuildArgs(dockerfile: Dockerfile, buildArgs: BuildArgs): string[] {
  const declared = new Set<string>([...PROXY_ARG_NAMES, ...PLATFORM_ARG_NAMES]);
  for (const inst of dockerfile.metaArgs) for (const a of inst.args) declared.add(a.key);
  for (const stage of dockerfile.stages) {
    for (const inst of stage.instructions) if (inst.kind === 'arg') for (const a of inst.args) declared.add(a.key);
  }
  return [...buildArgs.keys()].filter((k) => !declared.has(k)).sort();
}
