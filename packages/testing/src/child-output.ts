import type { ChildProcess } from 'node:child_process';

/** What a child spawned with piped stdout and stderr printed, once it has closed, and its exit status. */
export async function outputOf(
  child: ChildProcess,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, stdout, stderr };
}
