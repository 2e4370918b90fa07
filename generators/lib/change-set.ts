import { createTwoFilesPatch } from 'diff';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { link, mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface FileChange {
  /** Path relative to the repository root, with forward slashes. */
  readonly path: string;
  readonly kind: 'create' | 'modify' | 'delete';
  /** Content on disk when the change set read it; absent for new files. */
  readonly before?: string;
  /** The content to write; empty for a deletion. */
  readonly after: string;
  /** A new file whose whole content the dry run shows (a migration a destroy writes), not just its path. */
  readonly showContent?: boolean;
}

interface AppliedChange {
  readonly change: FileChange;
  createdDirectories: string[];
  written: boolean;
  /** Where a deleted file waits until the whole change set succeeded, so a rollback can put it back. */
  backup?: string;
}

export class ChangeSetConflictError extends Error {
  constructor(readonly paths: readonly string[]) {
    super(`refusing to overwrite existing file(s):\n${paths.map((path) => `  ${path}`).join('\n')}`);
    this.name = 'ChangeSetConflictError';
  }
}

/**
 * Every file a generator creates or edits, held in memory until `commit`. Reads see pending
 * content, so several steps can edit one file; nothing touches the disk before `commit`, which
 * applies everything or, on any failure, restores what it had already written.
 */
export class ChangeSet {
  private readonly changes = new Map<string, FileChange>();

  constructor(readonly root: string) {}

  get files(): readonly FileChange[] {
    return [...this.changes.values()].sort((left, right) => left.path.localeCompare(right.path));
  }

  exists(path: string): boolean {
    const pending = this.changes.get(this.normalise(path));
    if (pending) return pending.kind !== 'delete';
    return existsSync(this.absolute(path));
  }

  /** The content a later step should build on: pending content first, then the disk. */
  read(path: string): string {
    const key = this.normalise(path);
    return this.changes.get(key)?.after ?? readFileSync(this.absolute(key), 'utf8');
  }

  create(path: string, content: string, options: { showContent?: boolean } = {}): void {
    const key = this.normalise(path);
    if (this.exists(key)) throw new ChangeSetConflictError([key]);
    this.changes.set(key, { path: key, kind: 'create', after: content, ...options });
  }

  modify(path: string, content: string): void {
    const key = this.normalise(path);
    const pending = this.changes.get(key);
    if (pending?.kind === 'delete') throw new Error(`${key} is already to be deleted`);
    if (pending) {
      this.changes.set(key, { ...pending, after: content });
      return;
    }
    const before = readFileSync(this.absolute(key), 'utf8');
    this.changes.set(key, { path: key, kind: 'modify', before, after: content });
  }

  /**
   * Deletes an existing file. Only files on disk that no other step created or edited: a deletion
   * undoes a generator run, it never races one. Empty folders it leaves behind are removed too.
   */
  delete(path: string): void {
    const key = this.normalise(path);
    if (this.changes.has(key)) throw new Error(`${key} is already part of this change set`);
    const before = readFileSync(this.absolute(key), 'utf8');
    this.changes.set(key, { path: key, kind: 'delete', before, after: '' });
  }

  /** True when the file is on disk and this change set deletes it. */
  isDeleted(path: string): boolean {
    return this.changes.get(this.normalise(path))?.kind === 'delete';
  }

  /** Formats every pending file with the repository's Prettier configuration. */
  async format(): Promise<void> {
    // Prettier's CommonJS entry imports its ESM build eagerly, which Jest's module loader cannot
    // do; loading it on first use keeps this module importable from unit tests.
    const { format, resolveConfig } = await import('prettier');
    for (const change of this.changes.values()) {
      if (change.kind === 'delete') continue;
      const filepath = this.absolute(change.path);
      const options = (await resolveConfig(filepath)) ?? {};
      const after = await format(change.after, { ...options, filepath });
      this.changes.set(change.path, { ...change, after });
    }
  }

  /** The dry-run report: every path, and a unified diff for each edited file. */
  describe(): string {
    const lines: string[] = [];
    for (const change of this.files) {
      if (change.kind === 'delete') {
        lines.push(`delete  ${change.path}`);
        continue;
      }
      if (change.kind === 'create') {
        lines.push(`create  ${change.path}`);
        if (change.showContent)
          lines.push(
            ...change.after
              .trimEnd()
              .split('\n')
              .map((line) => `        ${line}`),
          );
        continue;
      }
      lines.push(`modify  ${change.path}`);
      const patch = createTwoFilesPatch(`a/${change.path}`, `b/${change.path}`, change.before ?? '', change.after);
      lines.push(
        ...patch
          .trimEnd()
          .split('\n')
          .slice(1)
          .map((line) => `        ${line}`),
      );
    }
    return lines.join('\n').trimEnd();
  }

  /**
   * Writes every change through a temporary sibling and a rename, so no file is ever seen half
   * written. Checks again that nothing to be created appeared meanwhile and that edited or deleted
   * files are unchanged since they were read; on any failure, undoes what was already applied and
   * rethrows. A deleted file is first moved aside and only removed once every step succeeded.
   */
  async commit(): Promise<void> {
    this.assertDiskUnchanged();
    const applied: AppliedChange[] = [];
    try {
      for (const change of this.files) {
        const step: AppliedChange = { change, createdDirectories: [], written: false };
        applied.push(step);
        if (change.kind === 'delete') {
          step.backup = `${this.absolute(change.path)}.${randomBytes(4).toString('hex')}.deleted`;
          await rename(this.absolute(change.path), step.backup);
          step.written = true;
          continue;
        }
        step.createdDirectories = await this.ensureDirectory(dirname(this.absolute(change.path)));
        await writeAtomically(
          this.absolute(change.path),
          change.after,
          change.kind === 'create' ? 'create' : 'replace',
        );
        step.written = true;
      }
    } catch (error) {
      await this.rollback(applied.reverse());
      throw error;
    }
    // Past the point of no return: the backups go, then the folders the deletions emptied.
    for (const step of applied) if (step.backup) await rm(step.backup, { force: true });
    const deleted = applied.filter((step) => step.change.kind === 'delete');
    for (const step of deleted) await this.removeEmptyParents(dirname(this.absolute(step.change.path)));
  }

  /** Removes `directory` and its parents while they are empty, never the repository root. */
  private async removeEmptyParents(directory: string): Promise<void> {
    for (let current = directory; current.startsWith(`${resolve(this.root)}${sep}`); current = dirname(current)) {
      if (!existsSync(current) || (await readdir(current)).length > 0) return;
      await rmdir(current);
    }
  }

  private assertDiskUnchanged(): void {
    const conflicts = this.files.filter((change) => {
      const path = this.absolute(change.path);
      if (change.kind === 'create') return existsSync(path);
      return !existsSync(path) || readFileSync(path, 'utf8') !== change.before;
    });
    if (conflicts.length > 0) throw new ChangeSetConflictError(conflicts.map((change) => change.path));
  }

  /** Best effort by design: one failed undo must not stop the others. */
  private async rollback(applied: readonly AppliedChange[]): Promise<void> {
    for (const { change, createdDirectories, written, backup } of applied) {
      if (backup !== undefined) {
        if (written) await rename(backup, this.absolute(change.path)).catch(() => undefined);
        continue;
      }
      // An unwritten step may have failed because another process created the file: leave it be.
      if (written) await this.undo(change).catch(() => undefined);
      for (const directory of [...createdDirectories].reverse()) await rmdir(directory).catch(() => undefined);
    }
  }

  private async undo(change: FileChange): Promise<void> {
    const path = this.absolute(change.path);
    if (change.kind === 'modify' && change.before !== undefined) await writeAtomically(path, change.before, 'replace');
    else await rm(path, { force: true });
  }

  /** Creates missing directories and returns them, outermost first, so a rollback can remove them. */
  private async ensureDirectory(directory: string): Promise<string[]> {
    const missing: string[] = [];
    for (let current = directory; !existsSync(current); current = dirname(current)) missing.unshift(current);
    if (missing.length > 0) await mkdir(directory, { recursive: true });
    return missing;
  }

  private normalise(path: string): string {
    const absolute = resolve(this.root, path);
    const key = relative(this.root, absolute).split(sep).join('/');
    if (key.startsWith('..')) throw new Error(`${path} is outside the repository`);
    return key;
  }

  private absolute(path: string): string {
    return join(this.root, this.normalise(path));
  }
}

/**
 * Writes a temporary sibling, then moves it into place in one step. A new file is hard-linked
 * rather than renamed, because link() fails when the target exists and rename() would replace it.
 */
async function writeAtomically(path: string, content: string, mode: 'create' | 'replace'): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    if (mode === 'create') await link(temporary, path);
    else await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}
