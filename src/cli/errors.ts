/** A user error the CLI prints as one line with its fix, exiting with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, public readonly hint: string, public readonly exitCode = 2) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Exit codes, documented in the README and `mig --help`:
 * 0 success; 1 the input has problems (validation, check, unmet demand); 2 usage error (bad flag,
 * unknown model, unreadable file, unwritable output); 3 internal error (a bug of ours, reported in one line).
 */
export const EXIT = { ok: 0, problems: 1, usage: 2, internal: 3 } as const;
