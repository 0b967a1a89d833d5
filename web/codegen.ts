// GraphQL Code Generator, client preset: types for every document written with graphql() in web/src, from the
// composed supergraph. `npm run codegen:web` rewrites web/src/gql (committed, so a build needs no codegen step).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'gateway/supergraph.graphql',
  documents: ['web/src/**/*.tsx', 'web/src/**/*.ts', '!web/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents travel as strings: the browser bundle needs no GraphQL parser or printer.
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Date: 'string', DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
