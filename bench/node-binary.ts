import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { ShippedNode } from './deployment';
import { UsageError } from './options';

/**
 * The node binary both servers and the migrations run on. The harness and the load generator stay
 * on the node running the bench, so a run with `--node` changes nothing but the servers' Node: how
 * to measure on the image's major from a machine on another supported one (22), or to compare
 * Node majors (the next one before the image moves to it).
 */
export interface ServerNode {
  readonly path: string;
  /** What the binary prints for `--version`, e.g. `v24.21.0`. */
  readonly version: string;
  readonly source: string;
}

const VERSION_TIMEOUT_MS = 10_000;
const runFile = promisify(execFile);

/**
 * The `--node` binary, checked before anything is built or started so a wrong path fails in a
 * second with a usage message rather than as a server that "did not start" minutes later.
 * Without `--node`, the node running the bench.
 */
export async function resolveServerNode(nodeBinary: string | undefined): Promise<ServerNode> {
  if (nodeBinary === undefined) {
    return { path: process.execPath, version: process.version, source: 'the node running the bench' };
  }
  const stats = await stat(nodeBinary).catch(() => undefined);
  if (!stats) throw new UsageError(`--node: ${nodeBinary} does not exist`);
  if (!stats.isFile()) {
    throw new UsageError(`--node: ${nodeBinary} is not a file; pass the binary itself, e.g. <dir>/package/bin/node`);
  }
  try {
    await access(nodeBinary, constants.X_OK);
  } catch {
    throw new UsageError(`--node: ${nodeBinary} is not executable`);
  }
  return { path: nodeBinary, version: await versionOf(nodeBinary), source: '--node' };
}

async function versionOf(nodeBinary: string): Promise<string> {
  let printed: string;
  try {
    const { stdout } = await runFile(nodeBinary, ['--version'], {
      timeout: VERSION_TIMEOUT_MS,
      env: { PATH: process.env.PATH ?? '' },
    });
    printed = stdout.trim();
  } catch (error) {
    throw new UsageError(`--node: \`${nodeBinary} --version\` failed: ${(error as Error).message.trim()}`);
  }
  if (nodeMajor(printed) === undefined) {
    throw new UsageError(`--node: \`${nodeBinary} --version\` printed "${printed}", not a Node version`);
  }
  return printed;
}

/** `v24.21.0` → 24; undefined for anything that is not a Node version. */
export function nodeMajor(version: string): number | undefined {
  const major = /^v(\d+)\.\d+\.\d+$/.exec(version)?.[1];
  return major === undefined ? undefined : Number(major);
}

/** Whether `version` has the major the runtime image names; false when it names none. */
export function runsImageNode(version: string, imageNode: ShippedNode): boolean {
  return imageNode.major !== undefined && nodeMajor(version) === imageNode.major;
}
