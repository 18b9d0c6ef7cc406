/** Command line of `npm start`: `--role web|worker|all` (default all). */
export type Role = 'all' | 'web' | 'worker';

export const USAGE = 'Usage: npm start -- [--role web|worker|all]';

export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
    this.name = 'UsageError';
  }
}

export function parseRole(argv: readonly string[]): Role {
  let role: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--role') role = argv[++i] ?? '';
    else if (arg.startsWith('--role=')) role = arg.slice('--role='.length);
    else throw new UsageError(`Unknown argument ${JSON.stringify(arg)}.`);
  }
  if (role === undefined) return 'all';
  if (role === 'all' || role === 'web' || role === 'worker') return role;
  throw new UsageError(`--role must be web, worker or all (got ${JSON.stringify(role)}).`);
}
