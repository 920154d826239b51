// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "fixtures/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: ["error", "always"],
      "prefer-const": "error",
    },
  },
  {
    files: ["**/*.mjs", "bin/**/*.cjs", "scripts/*.cjs"],
    rules: { "@typescript-eslint/consistent-type-imports": "off" },
  },
  // The inspector's page runs in the browser, as ES modules.
  {
    files: ["src/listen/inspector/web/**/*.js"],
    languageOptions: { globals: globals.browser, sourceType: "module" },
    rules: { "no-var": "error" },
  },
  // The launcher is CommonJS on purpose (it starts faster), and so is the standalone executable's
  // entry (Node's single-executable applications run one CommonJS script): require is their way to load.
  {
    files: ["bin/**/*.cjs", "scripts/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
