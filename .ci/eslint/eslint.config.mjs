// The linter's configuration for the web page's scripts (purenet/tools/web/static/*.js):
// eslint's recommended rules, browser globals (app.js) and worker globals (worker.js), and a ban
// on spreading an array into Math.min / Math.max (a long history overflows the call stack).
import js from "@eslint/js";
import globals from "globals";

const noSpreadIntoMath = {
  selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(min|max)$/] > SpreadElement",
  message: "Math.min/Math.max(...array) overflows the stack on a long array: loop instead",
};

export default [
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", noSpreadIntoMath],
      "prefer-const": "error",
      "no-var": "error",
      eqeqeq: ["error", "always"],
    },
  },
  {
    files: ["**/worker.js"],
    languageOptions: { globals: { ...globals.worker } },
  },
];
