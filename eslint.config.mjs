// Lint enforces the architecture: which project may import which, and which external packages each may touch.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const grpc = ['@grpc/grpc-js', '@grpc/proto-loader'];
const prisma = ['@prisma/client', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'better-sqlite3', 'pg'];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', '**/*.config.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // Physics: pure functions, no I/O libraries at all.
            { sourceTag: 'scope:physics', onlyDependOnLibsWithTags: [], bannedExternalImports: [...grpc, ...prisma, 'piscina', '@tensorflow/*'] },
            // Compute kernels (native addon + portable fallback): no I/O libraries either.
            { sourceTag: 'scope:kernels', onlyDependOnLibsWithTags: [], bannedExternalImports: [...grpc, ...prisma, 'piscina', '@tensorflow/*'] },
            // Training methods as plain data: the one definition training and sweep share.
            { sourceTag: 'scope:methods', onlyDependOnLibsWithTags: ['scope:physics'], bannedExternalImports: [...grpc, ...prisma, 'piscina', '@tensorflow/*'] },
            { sourceTag: 'scope:ml', onlyDependOnLibsWithTags: ['scope:physics', 'scope:kernels', 'scope:methods'], bannedExternalImports: [...grpc, ...prisma, 'piscina'] },
            { sourceTag: 'scope:sweep', onlyDependOnLibsWithTags: ['scope:physics', 'scope:methods'], bannedExternalImports: [...grpc, ...prisma, 'piscina', '@tensorflow/*'] },
            { sourceTag: 'scope:protocol', onlyDependOnLibsWithTags: ['scope:sweep'], bannedExternalImports: [...prisma, 'piscina', '@tensorflow/*'] },
            // Only the store talks to Prisma.
            { sourceTag: 'scope:store', onlyDependOnLibsWithTags: ['scope:sweep', 'scope:physics'], bannedExternalImports: [...grpc, 'piscina', '@tensorflow/*'] },
            { sourceTag: 'scope:coordinator', onlyDependOnLibsWithTags: ['scope:sweep', 'scope:protocol', 'scope:store', 'scope:physics'], bannedExternalImports: ['piscina', '@tensorflow/*'] },
            // The worker never reaches the database.
            { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: ['scope:physics', 'scope:kernels', 'scope:ml', 'scope:sweep', 'scope:protocol'], bannedExternalImports: prisma },
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:sweep', 'scope:protocol', 'scope:store', 'scope:coordinator', 'scope:worker', 'scope:physics'], bannedExternalImports: ['piscina', '@tensorflow/*'] },
          ],
        },
      ],
    },
  },
];
