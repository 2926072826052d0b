// `npm run lint` (with dependency-cruiser): typescript-eslint's type-aware recommended rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Generated code is codegen's output, which a test compares with a fresh run.
  { ignores: ['dist/', 'coverage/', 'src/graphql/generated/', 'web/downloads/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Promise-returning interfaces (Apollo plugin hooks, the token store, test fakes) are written as
      // `async` even without an `await`, so a synchronous throw becomes a rejection; the rule would
      // have them rewritten as `Promise.resolve(...)`, which loses that.
      '@typescript-eslint/require-await': 'off',
      // Destructuring a key out to leave the rest (`const { http: _status, ...rest } = ...`) is how
      // the code omits a field.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  // Plain JavaScript is outside the TypeScript projects: the jest configs, build scripts and the playground's script.
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], extends: [tseslint.configs.disableTypeChecked] },
  // Modules the server bundle takes in place of a package's (scripts/bundle-shims/), CommonJS as the packages are.
  {
    files: ['scripts/bundle-shims/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', exports: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Build scripts run on Node.
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: { process: 'readonly', URL: 'readonly', console: 'readonly' } } },
  {
    // Served as is to the browser, next to the GraphiQL and React bundles the page loads first.
    files: ['public/playground.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', GraphiQL: 'readonly', React: 'readonly', ReactDOM: 'readonly' },
    },
  },
);
