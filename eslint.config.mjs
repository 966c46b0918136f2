// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const NOT_IN_WORKFLOWS = 'Workflow code is replayed deterministically: do I/O in activities/ instead.';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.cache/', '.data/', 'prisma/generated/', 'coverage/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // NestJS injects by the constructor parameter's runtime type: those imports must stay values.
    files: ['apps/api/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // The workflow sandbox: no Node builtins, no database, no NestJS.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: NOT_IN_WORKFLOWS },
            { group: ['@prisma/*', '**/prisma/generated/**', '**/libs/db/**'], message: NOT_IN_WORKFLOWS, allowTypeImports: true },
            { group: ['@nestjs/*'], message: NOT_IN_WORKFLOWS },
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: NOT_IN_WORKFLOWS },
          ],
          paths: ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads', 'pg', 'openai', 'twilio', 'ws', 'pino'].map(
            (name) => ({ name, message: NOT_IN_WORKFLOWS }),
          ),
        },
      ],
    },
  },
);
