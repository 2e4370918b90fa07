import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeSet, ChangeSetConflictError } from '../../generators/lib/change-set';

describe(ChangeSet.name, () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'change-set-'));
    await mkdir(join(root, 'src'));
    await writeFile(join(root, 'src', 'existing.ts'), 'export const a = 1;\n');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function tree(): Promise<string[]> {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
      .sort();
  }

  it('writes nothing until commit, then creates and modifies files', async () => {
    const changes = new ChangeSet(root);
    changes.create('src/new/thing.ts', 'export const b = 2;\n');
    changes.modify('src/existing.ts', 'export const a = 3;\n');

    expect(await tree()).toEqual(['src/existing.ts']);

    await changes.commit();

    expect(await tree()).toEqual(['src/existing.ts', 'src/new/thing.ts']);
    expect(await readFile(join(root, 'src/existing.ts'), 'utf8')).toBe('export const a = 3;\n');
  });

  it('reads pending content before the disk', () => {
    const changes = new ChangeSet(root);
    changes.modify('src/existing.ts', 'export const a = 3;\n');

    expect(changes.read('src/existing.ts')).toBe('export const a = 3;\n');
    expect(changes.files[0]?.before).toBe('export const a = 1;\n');
  });

  it('refuses to create a file that exists', () => {
    const changes = new ChangeSet(root);

    expect(() => {
      changes.create('src/existing.ts', '');
    }).toThrow(ChangeSetConflictError);
  });

  it('refuses paths outside the root', () => {
    expect(() => {
      new ChangeSet(root).create('../escape.ts', '');
    }).toThrow(/outside the repository/);
  });

  it('refuses to commit when a file to create appeared meanwhile, writing nothing', async () => {
    const changes = new ChangeSet(root);
    changes.create('src/a.ts', 'a\n');
    changes.create('src/b.ts', 'b\n');
    await writeFile(join(root, 'src/b.ts'), 'someone else\n');

    await expect(changes.commit()).rejects.toThrow(/src\/b\.ts/);
    expect(await tree()).toEqual(['src/b.ts', 'src/existing.ts']);
  });

  it('refuses to commit when an edited file changed since it was read', async () => {
    const changes = new ChangeSet(root);
    changes.modify('src/existing.ts', 'mine\n');
    await writeFile(join(root, 'src/existing.ts'), 'theirs\n');

    await expect(changes.commit()).rejects.toThrow(ChangeSetConflictError);
    expect(await readFile(join(root, 'src/existing.ts'), 'utf8')).toBe('theirs\n');
  });

  it('rolls back every applied change when a later write fails', async () => {
    const changes = new ChangeSet(root);
    changes.modify('src/existing.ts', 'export const a = 3;\n');
    changes.create('src/fresh/one.ts', 'one\n');
    // A file where a directory must go makes the last write fail after the others succeeded.
    changes.create('src/zz/blocked.ts', 'two\n');
    await writeFile(join(root, 'src/zz'), 'a file where a directory is needed\n');

    await expect(changes.commit()).rejects.toThrow();
    expect(await tree()).toEqual(['src/existing.ts', 'src/zz']);
    expect(await readFile(join(root, 'src/existing.ts'), 'utf8')).toBe('export const a = 1;\n');
  });

  it('describes created files and diffs modified ones', () => {
    const changes = new ChangeSet(root);
    changes.create('src/new.ts', 'new\n');
    changes.modify('src/existing.ts', 'export const a = 3;\n');

    expect(changes.describe()).toBe(
      [
        'modify  src/existing.ts',
        '        --- a/src/existing.ts',
        '        +++ b/src/existing.ts',
        '        @@ -1,1 +1,1 @@',
        '        -export const a = 1;',
        '        +export const a = 3;',
        'create  src/new.ts',
      ].join('\n'),
    );
  });

  describe('deletions', () => {
    beforeEach(async () => {
      await mkdir(join(root, 'src', 'gone', 'dto'), { recursive: true });
      await writeFile(join(root, 'src', 'gone', 'index.ts'), 'index\n');
      await writeFile(join(root, 'src', 'gone', 'dto', 'a.dto.ts'), 'dto\n');
    });

    it('deletes on commit and removes the folders it emptied, never the root', async () => {
      const changes = new ChangeSet(root);
      changes.delete('src/gone/index.ts');
      changes.delete('src/gone/dto/a.dto.ts');

      expect(changes.exists('src/gone/index.ts')).toBe(false);
      expect(changes.isDeleted('src/gone/index.ts')).toBe(true);
      expect(await tree()).toHaveLength(3);

      await changes.commit();

      expect(await tree()).toEqual(['src/existing.ts']);
      expect(await readdir(join(root, 'src'))).toEqual(['existing.ts']);
    });

    it('puts deleted files back when a later write fails', async () => {
      const changes = new ChangeSet(root);
      changes.delete('src/gone/dto/a.dto.ts');
      changes.delete('src/gone/index.ts');
      changes.create('src/zz/blocked.ts', 'two\n');
      await writeFile(join(root, 'src/zz'), 'a file where a directory is needed\n');

      await expect(changes.commit()).rejects.toThrow();

      expect(await tree()).toEqual(['src/existing.ts', 'src/gone/dto/a.dto.ts', 'src/gone/index.ts', 'src/zz']);
      expect(await readFile(join(root, 'src/gone/index.ts'), 'utf8')).toBe('index\n');
    });

    it('refuses to delete a file that changed since it was read', async () => {
      const changes = new ChangeSet(root);
      changes.delete('src/gone/index.ts');
      await writeFile(join(root, 'src/gone/index.ts'), 'edited meanwhile\n');

      await expect(changes.commit()).rejects.toThrow(ChangeSetConflictError);
      expect(await readFile(join(root, 'src/gone/index.ts'), 'utf8')).toBe('edited meanwhile\n');
    });

    it('refuses to delete a file another step of the same change set edits', () => {
      const changes = new ChangeSet(root);
      changes.modify('src/existing.ts', 'x\n');

      expect(() => {
        changes.delete('src/existing.ts');
      }).toThrow(/already part of this change set/);
    });

    it('lists deletions, and the content of created files marked to show it', () => {
      const changes = new ChangeSet(root);
      changes.delete('src/gone/index.ts');
      changes.create('src/migration.ts', 'line one\nline two\n', { showContent: true });

      expect(changes.describe()).toBe(
        ['delete  src/gone/index.ts', 'create  src/migration.ts', '        line one', '        line two'].join('\n'),
      );
    });
  });
});
