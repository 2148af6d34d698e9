// RUN: the command runs in a real container (the engine's own: same isolation, same network)
// on the image the build has reached; its writable layer becomes the step's layer. The
// container is removed afterwards, whether the command succeeded or not.
import { createLayerDiff } from '../archive/diff.ts';
import type { AttachHub } from '../containers/attach-hub.ts';
import type { ContainerService } from '../containers/container-service.ts';
import type { ImageService } from '../images/image-service.ts';
import type { Snapshotter } from '../snapshots/snapshotter.ts';
import type { Digest } from '../../util/digest.ts';
import { MinatoError } from '../../util/errors.ts';

/** Marks the containers RUN steps run in (a crash's leftovers are found by it). */
export const buildStepLabel = 'io.minato.build-step';

export interface RunStepDeps {
  containers: ContainerService;
  attachHub: AttachHub;
  images: ImageService;
  snapshots: Snapshotter;
}

export interface RunStepOptions {
  imageId: Digest;
  argv: string[];
  /** Variables on top of the image's: the build arguments in scope. */
  env: string[];
  workdir: string;
  user: string;
  network?: string;
  /** Bind mounts (HOST:CONTAINER[:ro]) the command needs, e.g. a heredoc script. */
  binds?: string[];
  /** Each chunk of output, as it comes. */
  output(stream: 'stdout' | 'stderr', data: Buffer): void;
}

/** The failed command's exit code and the end of its output, for the error message. */
export class RunStepFailed extends MinatoError {
  readonly exitCode: number;
  constructor(exitCode: number, argv: string[]) {
    super('InvalidArgument', `process "${argv.join(' ')}" did not complete successfully: exit code: ${exitCode}`);
    this.exitCode = exitCode;
  }
}

export async function runStep(deps: RunStepDeps, options: RunStepOptions): Promise<{ digest: Digest; size: number }> {
  const { Id: id } = await deps.containers.create({
    config: {
      Image: options.imageId,
      Entrypoint: [''],
      Cmd: options.argv,
      Env: options.env,
      WorkingDir: options.workdir,
      User: options.user,
      Labels: { [buildStepLabel]: 'true' },
      AttachStdout: true,
      AttachStderr: true,
    },
    hostConfig: { NetworkMode: options.network ?? 'default', Binds: options.binds ?? [] },
  });
  try {
    const outputDone = new Promise<void>((resolve) => {
      deps.attachHub.wait(id, { stdout: true, stderr: true, onOutput: options.output, onEnd: () => resolve() });
    });
    const exited = deps.containers.waitFor(id, 'next-exit');
    await deps.containers.start(id);
    const exitCode = await exited;
    await outputDone;
    if (exitCode !== 0) throw new RunStepFailed(exitCode, options.argv);
    return await deps.images.content.ingest(createLayerDiff(deps.snapshots.upperPath(id)));
  } finally {
    await deps.containers.remove(id, { force: true, volumes: true }).catch(() => undefined);
  }
}
