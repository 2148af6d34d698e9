// The runtime's "could not start the process" messages, reworded as Docker (runc) words them —
// the docker CLI derives `run`'s exit code from these words: 127 for "executable file not
// found" / "no such file or directory", 126 for "permission denied".
export interface StartFailure {
  message: string;
  /** The exit code Docker records for it: 127 not found, 126 cannot invoke, 128 otherwise. */
  exitCode: number;
}

export function explainStartFailure(runtimeMessage: string, command: string): StartFailure {
  const text = runtimeMessage.replace(/\s+/g, ' ').trim();
  const lower = text.toLowerCase();
  const quoted = JSON.stringify(command);
  if (/executable file .* not found/.test(lower) || lower.includes('no such file or directory')) {
    const detail = command.includes('/') ? `stat ${command}: no such file or directory` : 'executable file not found in $PATH';
    return { message: `failed to create task for container: OCI runtime create failed: unable to start container process: exec: ${quoted}: ${detail}`, exitCode: 127 };
  }
  // crun: "open executable: Permission denied" (not executable), "…: Operation not permitted" (a directory)
  if (lower.includes('permission denied') || lower.includes('is a directory') || (lower.includes('open executable') && lower.includes('operation not permitted'))) {
    const detail = 'permission denied';
    return { message: `failed to create task for container: OCI runtime create failed: unable to start container process: exec: ${quoted}: ${detail}`, exitCode: 126 };
  }
  return { message: `failed to create task for container: OCI runtime create failed: ${text}`, exitCode: 128 };
}
