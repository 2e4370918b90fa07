import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeMajor, resolveServerNode, runsImageNode } from './node-binary';
import { UsageError } from './options';

describe(resolveServerNode.name, () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-node-binary-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const script = async (name: string, body: string, mode = 0o755): Promise<string> => {
    const file = join(dir, name);
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, mode);
    return file;
  };

  const expectRefusal = async (nodeBinary: string, message: RegExp): Promise<void> => {
    const refusal = resolveServerNode(nodeBinary);

    await expect(refusal).rejects.toBeInstanceOf(UsageError);
    await expect(refusal).rejects.toThrow(message);
  };

  it('is the node running the bench without --node', async () => {
    await expect(resolveServerNode(undefined)).resolves.toEqual({
      path: process.execPath,
      version: process.version,
      source: 'the node running the bench',
    });
  });

  it('asks a --node binary for its version', async () => {
    const node = await script('node-24', 'echo v24.21.0');

    await expect(resolveServerNode(node)).resolves.toEqual({ path: node, version: 'v24.21.0', source: '--node' });
  });

  it('runs the real binary it is given', async () => {
    await expect(resolveServerNode(process.execPath)).resolves.toMatchObject({ version: process.version });
  });

  it('refuses a path that does not exist', async () => {
    await expectRefusal(join(dir, 'missing'), /--node: .*missing does not exist/);
  });

  it('refuses a directory, pointing at the binary inside the npm package', async () => {
    const packageDir = join(dir, 'package');
    await mkdir(packageDir);

    await expectRefusal(packageDir, /is not a file; pass the binary itself/);
  });

  it('refuses a file that is not executable', async () => {
    const node = await script('not-executable', 'echo v24.21.0', 0o644);

    await expectRefusal(node, /--node: .*not-executable is not executable/);
  });

  it('refuses a binary whose --version fails', async () => {
    const node = await script('broken', 'echo "cannot execute" >&2; exit 3');

    await expectRefusal(node, /--version` failed: .*cannot execute/s);
  });

  it('refuses a binary that prints no Node version', async () => {
    const node = await script('python', 'echo Python 3.12.1');

    await expectRefusal(node, /printed "Python 3.12.1", not a Node version/);
  });
});

describe(nodeMajor.name, () => {
  it.each([
    ['v24.21.0', 24],
    ['v22.12.0', 22],
    ['24.21.0', undefined],
    ['v24', undefined],
    ['Python 3.12.1', undefined],
  ])('%s → %s', (version, major) => {
    expect(nodeMajor(version)).toBe(major);
  });
});

describe(runsImageNode.name, () => {
  const image = { image: 'node:24-bookworm-slim', major: 24 };

  it("is true only for the image's major", () => {
    expect(runsImageNode('v24.21.0', image)).toBe(true);
    expect(runsImageNode('v22.12.0', image)).toBe(false);
  });

  it('is false when the image names no major', () => {
    expect(runsImageNode('v24.21.0', { image: 'node:lts-slim', major: undefined })).toBe(false);
  });
});
