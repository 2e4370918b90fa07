import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createMemoryCgroup, type MemoryCgroup } from './memory-cgroup';
import { serverCommandLine } from './servers';

const LIMIT_BYTES = 256 * 1024 * 1024;
const runFile = promisify(execFile);

/**
 * Root and a writable cgroupfs, checked independently of the code under test. This project's CI
 * machine has both; elsewhere (a GitHub runner, a container with /sys/fs/cgroup read-only) the
 * bench runs without a limit and says why, and these cases are skipped.
 */
function cgroupsWritable(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    accessSync('/sys/fs/cgroup', constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const itWhereWritable = cgroupsWritable() ? it : it.skip;

describe(createMemoryCgroup.name, () => {
  let cgroup: MemoryCgroup | string;

  beforeAll(async () => {
    cgroup = await createMemoryCgroup(`bench-spec-${process.pid}`, LIMIT_BYTES);
  });

  afterAll(async () => {
    if (typeof cgroup !== 'string') await cgroup.remove();
  });

  const created = (): MemoryCgroup => {
    if (typeof cgroup === 'string') throw new Error(cgroup);
    return cgroup;
  };

  itWhereWritable('starts node inside the group, so it sizes its heap from the limit', async () => {
    const { command, args } = serverCommandLine({
      kind: 'reference',
      nodeBinary: process.execPath,
      nodeArgs: ['-e', 'process.stdout.write(String(process.constrainedMemory()))'],
      env: {},
      cwd: __dirname,
      cgroupProcsFile: created().procsFile,
    });

    const { stdout } = await runFile(command, args);

    expect(Number(stdout)).toBe(LIMIT_BYTES);
  });

  itWhereWritable('removes the group again', async () => {
    const group = created();

    await group.remove();

    await expect(access(group.procsFile.replace(/\/cgroup\.procs$/, ''))).rejects.toThrow(/ENOENT/);
  });
});
