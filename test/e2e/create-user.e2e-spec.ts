import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { strongPassword } from '../utils/auth';
import { createTestDatabase, type TestDatabase } from '../utils/test-database';

const ROOT = join(__dirname, '..', '..');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npm run user:create` as an operator runs it: the password piped on stdin. */
function createUser(database: TestDatabase, args: readonly string[], stdin: string): Promise<Run> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/modules/users/create-user.cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: database.url, AUTH_ARGON2_MEMORY_KIB: '1024' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('user:create (e2e)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  async function storedUser(email: string): Promise<{ role: string; password_hash: string } | undefined> {
    return database.withClient(async (client) => {
      const { rows } = await client.query<{ role: string; password_hash: string }>(
        'SELECT role, password_hash FROM users WHERE email = $1',
        [email],
      );
      return rows[0];
    });
  }

  it('creates an admin with the password read from stdin, stored only as an argon2id hash', async () => {
    const password = strongPassword();

    const run = await createUser(database, ['--email', 'Root@Example.com', '--role', 'admin'], `${password}\n`);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ msg: 'user created', email: 'root@example.com', role: 'admin' });
    const stored = await storedUser('root@example.com');
    expect(stored?.role).toBe('admin');
    expect(stored?.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored?.password_hash).not.toContain(password);
  });

  it('refuses a password the policy refuses, creating nothing', async () => {
    const run = await createUser(database, ['--email', 'weak@example.com', '--role', 'admin'], 'password1234\n');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The password is too common');
    expect(await storedUser('weak@example.com')).toBeUndefined();
  });

  it('refuses an email already taken, in any case', async () => {
    await createUser(database, ['--email', 'twice@example.com'], strongPassword());

    const run = await createUser(database, ['--email', 'TWICE@example.com'], strongPassword());

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('A user with this email already exists.');
  });

  it.each([
    ['no email', ['--role', 'admin']],
    ['an unknown role', ['--email', 'x@example.com', '--role', 'root']],
    ['an unknown option', ['--email', 'x@example.com', '--password', 'inline']],
  ])('prints the usage for %s', async (_label, args) => {
    const run = await createUser(database, args, strongPassword());

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^usage: user:create --email/m);
  });
});
