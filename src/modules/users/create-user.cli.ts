import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import 'reflect-metadata';
import { type Role, ROLES } from '../../common/auth';
import { DomainError } from '../../common/errors';
import { ConfigModule, loadConfig, StartupError } from '../../config';
import { DatabaseModule } from '../../core/database/database.module';
import { UsersModule } from './users.module';
import { UsersService } from './users.service';

const USAGE = `usage: user:create --email <address> [--role ${ROLES.join('|')}]  (password on stdin, or prompted at a terminal)`;

/** What the command needs: configuration, the database and the users module; no HTTP server. */
@Module({})
class CreateUserModule {
  static forRoot(config: ReturnType<typeof loadConfig>): DynamicModule {
    return { module: CreateUserModule, imports: [ConfigModule.forRoot(config), DatabaseModule, UsersModule] };
  }
}

/**
 * Creates a user, typically the first admin: `npm run user:create -- --email ann@example.com --role
 * admin` from source, `node dist/modules/users/create-user.cli.js --email … --role admin` in the
 * image (production dependencies only). The password is read from stdin (`… < file`, a pipe) or
 * prompted without echo at a terminal; never from an argument, which `ps` and shell history show.
 */
export async function createUserCommand(
  argv: readonly string[],
  input: NodeJS.ReadStream = process.stdin,
): Promise<string> {
  const { email, role } = parseArguments(argv);
  const password = await readPassword(input);
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(CreateUserModule.forRoot(config), { logger: ['error'] });
  try {
    const user = await app.get(UsersService).create({ email, password, role });
    return JSON.stringify({ level: 'info', msg: 'user created', id: user.id, email: user.email, role: user.role });
  } finally {
    await app.close();
  }
}

function parseArguments(argv: readonly string[]): { email: string; role: Role } {
  let values: { email?: string; role?: string };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { email: { type: 'string' }, role: { type: 'string' } } }));
  } catch (error) {
    throw new StartupError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const role = values.role ?? 'user';
  if (values.email === undefined || !isRole(role)) throw new StartupError(USAGE);
  return { email: values.email, role };
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The whole of a piped stdin without its final line break, or one line typed at a terminal, unechoed. */
async function readPassword(input: NodeJS.ReadStream): Promise<string> {
  if (input.isTTY) return promptHidden(input);
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function promptHidden(input: NodeJS.ReadStream): Promise<string> {
  process.stderr.write('Password: ');
  input.setRawMode(true);
  input.setEncoding('utf8');
  let typed = '';
  return new Promise((resolve, reject) => {
    const onData = (keys: string): void => {
      for (const key of keys) {
        if (key === '\r' || key === '\n' || key === '\u0003') {
          input.setRawMode(false);
          input.off('data', onData);
          input.pause();
          process.stderr.write('\n');
          if (key === '\u0003') reject(new StartupError('cancelled'));
          else resolve(typed);
          return;
        }
        typed = key === '\u007f' ? typed.slice(0, -1) : typed + key;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

if (require.main === module) {
  createUserCommand(process.argv.slice(2)).then(
    (line) => {
      process.stdout.write(`${line}\n`);
    },
    (error: unknown) => {
      const known = error instanceof StartupError || error instanceof DomainError;
      process.stderr.write(
        `${known ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
