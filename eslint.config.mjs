// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "engine/bin/**",
      "policies/bin/**",
      "coverage/**",
      "test-artifacts/**",
      "bench/.work/**",
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
        setInterval: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // plain CommonJS packs (the benchmark baseline, broken packs for tests) load their SDK with require
  { files: ["**/*.js"], rules: { "@typescript-eslint/no-require-imports": "off" } },
);
