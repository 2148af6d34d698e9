// The image builder: a Dockerfile and a context in, an image out. Stages are built on demand
// (the target and what it needs); each instruction that changes the file system makes one
// layer (RUN in a real container, COPY/ADD into an overlay), each step's result is an image
// recorded in the build cache, and only a finished build gets its names. A failed build leaves
// no container, mount or name behind.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Digest } from '../../util/digest.ts';
import { invalidArgument, isMinatoError, messageOf, MinatoError, notFound } from '../../util/errors.ts';
import { removePath } from '../../util/fs.ts';
import type { Logger } from '../../util/log.ts';
import type { AttachHub } from '../containers/attach-hub.ts';
import type { ContainerService } from '../containers/container-service.ts';
import type { ImageRecord } from '../images/image-store.ts';
import type { ImageService } from '../images/image-service.ts';
import { hostArchitecture } from '../images/oci-types.ts';
import { familiarString, formatReference, parseReference, withDefaultTag } from '../images/reference.ts';
import type { Snapshotter } from '../snapshots/snapshotter.ts';
import type { BuildCache } from './build-cache.ts';
import { cacheKey } from './build-cache.ts';
import type { BuildContext } from './build-context.ts';
import { BuildOutput, type StepOutput } from './build-output.ts';
import { applyConfigInstruction, commandArgv, envMap, isConfigInstruction } from './config-instructions.ts';
import { copyStep } from './copy-step.ts';
import {
  type Dockerfile,
  DockerIgnore,
  expandInstruction,
  parseDockerfileInstructions,
  parseDockerignore,
  platformArgs,
  proxyEnv,
  resolveFromBase,
  resolveGlobalArgs,
  resolveRunCommand,
  resolveStageArgs,
  resolveStageBase,
  type RunInstruction,
  type Stage,
  type StageInstruction,
  unusedBuildArgs,
} from './dockerfile/index.ts';
import { runStep, RunStepFailed } from './run-step.ts';
import { applyStep, type BuildImage, loadBuildImage, scratchImage } from './step-image.ts';

export interface BuildRequest {
  context: BuildContext;
  tags: string[];
  buildArgs: Map<string, string>;
  target?: string;
  noCache: boolean;
  labels: Record<string, string>;
  /** Network for RUN: default (the bridge), none or host. */
  network: string;
  pull: boolean;
}

export interface BuilderDeps {
  images: ImageService;
  containers: ContainerService;
  attachHub: AttachHub;
  snapshots: Snapshotter;
  cache: BuildCache;
  /** Fetches an image a FROM names that is not here (a registry pull), if the engine can. */
  pull?: (reference: string, output: (line: string) => void) => Promise<ImageRecord>;
  workRoot: string;
  log: Logger;
}

/** What a stage ends with: its image and the build args it declared (a stage built FROM it inherits them). */
interface StageResult {
  image: BuildImage;
  args: Map<string, string>;
}

/** The state while a stage is built. */
interface StageState {
  image: BuildImage;
  /** ARG values in scope (in RUN's environment and in expansion, never in the image). */
  args: Map<string, string>;
}

/** The failing Dockerfile line, with the output that explains it. */
function lineError(fileName: string, line: number, source: string, err: unknown): MinatoError {
  const message = messageOf(err);
  if (message.startsWith(`${fileName}:`)) return err instanceof MinatoError ? err : invalidArgument(message);
  return new MinatoError(err instanceof MinatoError ? err.kind : 'Internal', `${fileName}:${line}: ${source}: ${message}`, { cause: err });
}

export class Builder {
  private readonly deps: BuilderDeps;

  constructor(deps: BuilderDeps) {
    this.deps = deps;
  }

  async build(request: BuildRequest, write: (text: string) => void): Promise<ImageRecord> {
    const output = new BuildOutput(write);
    const fileName = request.context.dockerfile.name;
    const load = output.step(`[internal] load build definition from ${fileName}`);
    const dockerfile = parseDockerfileInstructions(request.context.dockerfile.text, { fileName });
    load.done();
    for (const warning of dockerfile.warnings) output.line(` - ${fileName}:${warning.line}: ${warning.message}`);
    const tags = request.tags.map((tag) => formatReference(withDefaultTag(parseReference(tag))));
    const targetIndex = this.targetStage(dockerfile, request.target);
    const ignore = parseDockerignore(request.context.dockerignore ?? '');
    const build = new BuildRun(this.deps, dockerfile, request, ignore, output, targetIndex);
    const result = await build.stage(targetIndex);
    let final = result.image;
    if (Object.keys(request.labels).length > 0) {
      const runConfig = { ...final.config.config, Labels: { ...final.config.config?.Labels, ...request.labels } };
      final = await applyStep(this.deps.images, final, { runConfig, createdBy: `LABEL ${Object.entries(request.labels).map(([key, value]) => `${key}=${value}`).join(' ')}` });
    }
    for (const unused of unusedBuildArgs(dockerfile, request.buildArgs)) output.line(`[Warning] One or more build-args [${unused}] were not consumed`);
    const exporting = output.step('exporting to image');
    const image = await this.deps.images.register(final.record.manifestDigest, { tags });
    exporting.log(`writing image ${image.id} done\n`);
    for (const tag of tags) exporting.log(`naming to ${tag} done\n`);
    exporting.done();
    output.line(`Successfully built ${image.id.slice(7, 19)}`);
    for (const tag of tags) output.line(`Successfully tagged ${familiarString(parseReference(tag))}`);
    this.deps.log.info({ image: image.id, tags }, 'built image');
    return image;
  }

  /** `builder prune`: forgets the cached steps; returns how many. */
  clearCache(): number {
    return this.deps.cache.clear();
  }

  private targetStage(dockerfile: Dockerfile, target: string | undefined): number {
    if (dockerfile.stages.length === 0) throw invalidArgument('the Dockerfile has no FROM: nothing to build');
    if (!target) return dockerfile.stages.length - 1;
    const index = dockerfile.stages.findIndex((stage) => stage.name === target.toLowerCase());
    if (index < 0) throw invalidArgument(`target stage "${target}" could not be found`);
    return index;
  }
}

/** One build: stages on demand, memoised. */
class BuildRun {
  private readonly deps: BuilderDeps;
  private readonly dockerfile: Dockerfile;
  private readonly request: BuildRequest;
  private readonly ignore: DockerIgnore;
  private readonly output: BuildOutput;
  private readonly fileName: string;
  private readonly globalArgs: Map<string, string>;
  private readonly stages = new Map<number, Promise<StageResult>>();

  constructor(deps: BuilderDeps, dockerfile: Dockerfile, request: BuildRequest, ignore: DockerIgnore, output: BuildOutput, targetIndex: number) {
    this.deps = deps;
    this.dockerfile = dockerfile;
    this.request = request;
    this.ignore = ignore;
    this.output = output;
    this.fileName = request.context.dockerfile.name;
    const platform = { os: 'linux', architecture: hostArchitecture() };
    const predefined = platformArgs({ buildPlatform: platform, targetStage: dockerfile.stages[targetIndex]?.name, buildArgs: request.buildArgs });
    this.globalArgs = resolveGlobalArgs(dockerfile.metaArgs, request.buildArgs, predefined, { escapeToken: dockerfile.escapeToken, fileName: this.fileName });
  }

  stage(index: number): Promise<StageResult> {
    let result = this.stages.get(index);
    if (!result) {
      result = this.buildStage(this.dockerfile.stages[index]!);
      this.stages.set(index, result);
    }
    return result;
  }

  private label(stage: Stage, position: number): string {
    const count = stage.instructions.length + 1;
    const prefix = this.dockerfile.stages.length > 1 ? `${stage.name ?? `stage-${stage.index}`} ` : '';
    return `[${prefix}${position}/${count}]`;
  }

  private async baseImage(stage: Stage, step: StepOutput): Promise<StageResult> {
    const base = resolveStageBase(stage, this.globalArgs, { escapeToken: this.dockerfile.escapeToken, fileName: this.fileName });
    const ref = resolveFromBase(this.dockerfile.stages, stage.index, base.image);
    if (ref.kind === 'stage') {
      const parent = await this.stage(ref.index);
      return { image: parent.image, args: new Map(parent.args) };
    }
    if (ref.kind === 'scratch') return { image: await scratchImage(this.deps.images), args: new Map() };
    let record: ImageRecord | undefined;
    try {
      record = this.request.pull ? undefined : this.deps.images.store.find(ref.ref);
    } catch (err) {
      throw lineError(this.fileName, stage.from.line, stage.from.source, err);
    }
    if (!record) {
      if (!this.deps.pull) throw lineError(this.fileName, stage.from.line, stage.from.source, notFound(`No such image: ${familiarString(withDefaultTag(parseReference(ref.ref)))}`));
      try {
        record = await this.deps.pull(ref.ref, (line) => step.log(`${line}\n`));
      } catch (err) {
        throw lineError(this.fileName, stage.from.line, stage.from.source, err);
      }
    }
    return { image: await loadBuildImage(this.deps.images, record), args: new Map() };
  }

  private async buildStage(stage: Stage): Promise<StageResult> {
    const fromStep = this.output.step(`${this.label(stage, 1)} FROM ${stage.baseImage}${stage.name ? ` AS ${stage.name}` : ''}`);
    let state: StageState;
    try {
      const base = await this.baseImage(stage, fromStep);
      state = { image: base.image, args: base.args };
      fromStep.done();
    } catch (err) {
      fromStep.error(messageOf(err));
      throw err;
    }
    for (const [position, instruction] of stage.instructions.entries()) {
      const step = this.output.step(`${this.label(stage, position + 2)} ${instruction.source}`);
      try {
        state = await this.execute(stage, instruction, state, step);
      } catch (err) {
        const located = lineError(this.fileName, instruction.line, instruction.source, err);
        step.error(located.message);
        throw located;
      }
    }
    return { image: state.image, args: state.args };
  }

  /** Expansion sees the ARGs in scope, overridden by the image's ENV (as in Docker). */
  private expansionEnv(state: StageState): Map<string, string> {
    return new Map([...state.args, ...envMap(state.image.config.config ?? {})]);
  }

  private async cached(state: StageState, signature: string, step: StepOutput, make: () => Promise<BuildImage>): Promise<BuildImage> {
    const key = cacheKey(state.image.record.id, signature);
    const hit = this.request.noCache ? undefined : this.deps.cache.lookup(key);
    if (hit) {
      const record = this.deps.images.store.get(hit);
      if (record) {
        step.cached();
        return loadBuildImage(this.deps.images, record);
      }
    }
    const image = await make();
    this.deps.cache.store(key, image.record.id);
    step.done();
    return image;
  }

  private async execute(stage: Stage, raw: StageInstruction, state: StageState, step: StepOutput): Promise<StageState> {
    const expandOptions = { escapeToken: this.dockerfile.escapeToken, fileName: this.fileName };
    if (raw.kind === 'arg') {
      const resolved = resolveStageArgs(raw, { buildArgs: this.request.buildArgs, globalArgs: this.globalArgs, env: state.args }, expandOptions);
      step.done();
      return { ...state, args: resolved.env };
    }
    const instruction = expandInstruction(raw, this.expansionEnv(state), expandOptions);
    const runConfig = state.image.config.config ?? {};
    if (isConfigInstruction(instruction)) {
      const signature = `${instruction.kind} ${JSON.stringify(instruction, (key, value) => (['line', 'endLine'].includes(key) ? undefined : value))}`;
      const image = await this.cached(state, signature, step, async () => {
        const changed = applyConfigInstruction(runConfig, instruction);
        return applyStep(this.deps.images, state.image, { runConfig: changed.config, author: changed.author, createdBy: `${instruction.source} # buildkit` });
      });
      return { ...state, image };
    }
    if (instruction.kind === 'run') return { ...state, image: await this.run(instruction, state, step) };
    const image = await copyStep(
      { images: this.deps.images, snapshots: this.deps.snapshots, workRoot: this.deps.workRoot, contextDir: this.request.context.dir, ignore: this.ignore, stageImage: (index) => this.stage(index).then((result) => result.image) },
      { dockerfile: this.dockerfile, stageIndex: stage.index, instruction, state: state.image, step, cached: (signature, make) => this.cached(state, signature, step, make) },
    );
    return { ...state, image };
  }

  private async run(instruction: RunInstruction, state: StageState, step: StepOutput): Promise<BuildImage> {
    if (instruction.mounts && instruction.mounts.length > 0) throw invalidArgument('RUN --mount is not supported by Minato\'s builder (it is a BuildKit feature)');
    if (instruction.security === 'insecure') throw invalidArgument('RUN --security=insecure is not supported');
    if (instruction.devices.length > 0) throw invalidArgument('RUN --device is not supported');
    const runConfig = state.image.config.config ?? {};
    const resolved = resolveRunCommand(instruction);
    const argv = resolved.form === 'exec' ? resolved.args : commandArgv({ form: 'shell', command: resolved.script }, runConfig.Shell);
    // ENV wins over ARG of the same name (the image's variable is the one RUN sees).
    const imageEnv = envMap(runConfig);
    const argEnv = [...state.args].filter(([key]) => !imageEnv.has(key)).map(([key, value]) => `${key}=${value}`);
    const proxies = [...proxyEnv(this.request.buildArgs)].map(([key, value]) => `${key}=${value}`);
    const network = instruction.network === 'default' ? this.request.network : instruction.network;
    const inlineFiles = resolved.form === 'shell' ? resolved.files : [];
    const signature = `run ${JSON.stringify({ argv, argEnv, network, files: inlineFiles, user: runConfig.User, workdir: runConfig.WorkingDir })}`;
    return this.cached(state, signature, step, async () => {
      const scratch = path.join(this.deps.workRoot, `run-${randomBytes(8).toString('hex')}`);
      try {
        const binds: string[] = [];
        for (const file of inlineFiles) {
          if (!file.path.startsWith('/dev/pipes/')) throw invalidArgument(`heredoc name ${file.path} leaves /dev/pipes`);
          await fsp.mkdir(scratch, { recursive: true, mode: 0o700 });
          const hostFile = path.join(scratch, path.posix.basename(file.path));
          await fsp.writeFile(hostFile, file.data, { mode: file.mode });
          binds.push(`${hostFile}:${file.path}:ro`);
        }
        const layer = await runStep(
          { containers: this.deps.containers, attachHub: this.deps.attachHub, images: this.deps.images, snapshots: this.deps.snapshots },
          {
            imageId: state.image.record.id as Digest,
            argv,
            env: [...argEnv, ...proxies],
            workdir: runConfig.WorkingDir || '/',
            user: runConfig.User ?? '',
            network,
            binds,
            output: (_stream, data) => step.log(data),
          },
        );
        return await applyStep(this.deps.images, state.image, { layer, createdBy: `RUN ${argv.join(' ')} # buildkit` });
      } catch (err) {
        if (err instanceof RunStepFailed) throw err;
        throw isMinatoError(err) ? err : invalidArgument(messageOf(err));
      } finally {
        await removePath(scratch);
      }
    });
  }
}
