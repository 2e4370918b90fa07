// Adds lockfile entries for platform-specific optional packages the registry mirror of this
// workplace does not serve (darwin, win32, exotic linux builds). Without them `npm ci` refuses the
// lockfile as out of sync. Each entry carries os/cpu/libc taken from the package name, so npm
// skips it on other platforms and fetches it by version where it applies. Run after `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';

const LOCKFILE = 'package-lock.json';
const OS_NAMES = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'sunos', 'netbsd', 'openbsd', 'aix'];
const CPU_ALIASES = {
  arm: 'arm',
  arm64: 'arm64',
  x64: 'x64',
  ia32: 'ia32',
  ppc64: 'ppc64',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
};

const lock = JSON.parse(readFileSync(LOCKFILE, 'utf8'));
const packages = lock.packages;
let added = 0;

for (const [path, meta] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    if (isResolvable(path, name)) continue;
    const platform = platformOf(name);
    if (!platform) throw new Error(`cannot infer the platform of ${name}; add its lock entry by hand`);
    packages[`node_modules/${name}`] = { version, dev: meta.dev, optional: true, ...platform };
    added += 1;
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
for (const entry of Object.values(lock.packages)) if (entry.dev === undefined) delete entry.dev;
writeFileSync(LOCKFILE, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`complete-lockfile: added ${added} platform entries\n`);

function isResolvable(fromPath, name) {
  let base = fromPath;
  for (;;) {
    if (packages[`${base ? `${base}/` : ''}node_modules/${name}`]) return true;
    if (!base) return false;
    const index = base.lastIndexOf('/node_modules/');
    base = index >= 0 ? base.slice(0, index) : '';
  }
}

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((part) => OS_NAMES.includes(part));
  const cpu = parts.map((part) => CPU_ALIASES[part]).find(Boolean);
  if (!os || !cpu) return undefined;
  const libc = parts.some((part) => part.startsWith('musl'))
    ? ['musl']
    : parts.some((part) => part.startsWith('gnu'))
      ? ['glibc']
      : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}
